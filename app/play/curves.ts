// A loss curve as the charts draw it: the finite, positive losses (a log axis shows nothing else), downsampled
// with the engine's log-aware LTTB once longer than `maxPoints`.
import { logLttb } from "@downhill/core";

export interface Curve {
  readonly epochs: number[];
  readonly losses: number[];
}

export function chartCurve(losses: readonly (number | null)[], maxPoints: number): Curve {
  const xs: number[] = [];
  const ys: number[] = [];
  losses.forEach((loss, epoch) => {
    if (loss !== null && Number.isFinite(loss) && loss > 0) {
      xs.push(epoch);
      ys.push(loss);
    }
  });
  const kept = logLttb(xs, ys, maxPoints);
  return { epochs: kept.xs, losses: kept.ys };
}
