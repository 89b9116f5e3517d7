// A diverged run on the class chart: its curve up to where the loss leaves the top of the plot, and the point where
// it leaves, for the ✕. Pure, so the chart only draws what this returns.
import { isPlottable } from "./logAxis.ts";

export interface ClippedDiverged {
  readonly xs: number[];
  readonly ys: number[];
  /** Where the curve leaves through the top edge: the ✕. */
  readonly mark: { readonly x: number; readonly y: number };
}

/**
 * Clips a diverged run's curve at `top`, the y axis's upper bound on a log scale. The curve is followed point by
 * point; at the first loss above `top` (or not a finite number: the explosion itself) it stops where it crosses
 * `top`, found by linear interpolation in log10(loss) between the two points on either side, or at that point's
 * epoch when its loss is not finite. A curve that never crosses climbs to (`divergedAt`, `top`), the epoch whose
 * loss showed the divergence. Losses at or below zero, which a log axis cannot show, are skipped.
 */
export function clipDiverged(
  run: { readonly epochs: readonly number[]; readonly losses: readonly number[]; readonly divergedAt: number },
  top: number,
): ClippedDiverged {
  const xs: number[] = [];
  const ys: number[] = [];
  const stopAt = (x: number): ClippedDiverged => {
    xs.push(x);
    ys.push(top);
    return { xs, ys, mark: { x, y: top } };
  };
  for (let i = 0; i < run.epochs.length; i++) {
    const x = run.epochs[i]!;
    const loss = run.losses[i]!;
    const exploded = !Number.isFinite(loss) || loss > top;
    if (!exploded && !isPlottable(loss)) continue;
    if (!exploded) {
      xs.push(x);
      ys.push(loss);
      continue;
    }
    const x0 = xs.at(-1);
    const y0 = ys.at(-1);
    if (x0 === undefined || y0 === undefined || !Number.isFinite(loss)) return stopAt(x);
    const t = (Math.log10(top) - Math.log10(y0)) / (Math.log10(loss) - Math.log10(y0));
    return stopAt(x0 + t * (x - x0));
  }
  return stopAt(run.divergedAt);
}
