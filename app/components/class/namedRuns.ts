// The class chart's lines that belong to a student, in the order the keyboard walks them, with what hovering or
// focusing one says: the student's name (an alias while the instructor hides names: the server sends no other)
// and where their curve ends.
import type { ChartRun, DivergedChartRun, OptimizerName, RunStatus } from "@downhill/core";
import { formatLr, formatPlain } from "./format.ts";
import { isPlottable } from "./logAxis.ts";
import { OPTIMIZER_LABELS } from "./palette.ts";

/** How many of the best runs carry their student's name at their line's end. */
export const LABELLED_RUNS = 3;

export interface NamedRun {
  readonly runId: string;
  readonly name: string;
  readonly status: RunStatus;
  readonly optimizer: OptimizerName;
  /** True for the best LABELLED_RUNS verified runs, which carry their name on the chart. */
  readonly labelled: boolean;
  /** Said on hover or focus, beside the line: "Ada: 0.0123 at epoch 99". */
  readonly short: string;
  /** Said to a screen reader when the keyboard reaches the line. */
  readonly long: string;
}

/** "Adam, learning rate 0.01". */
function settings(run: ChartRun): string {
  return `${OPTIMIZER_LABELS[run.optimizer]}, learning rate ${formatLr(run.lr)}`;
}

function lastPlottable(run: ChartRun): { epoch: number; loss: number } | null {
  for (let i = run.losses.length - 1; i >= 0; i--) {
    const loss = run.losses[i];
    if (isPlottable(loss)) return { epoch: run.epochs[i]!, loss };
  }
  return null;
}

/**
 * The runs in keyboard order: the leading runs as the server ranks them (best verified first), then the newest
 * diverged runs. The first `labelled` verified runs carry labels.
 */
export function namedRuns(
  runs: readonly ChartRun[],
  diverged: readonly DivergedChartRun[],
  labelled = LABELLED_RUNS,
): NamedRun[] {
  let labels = 0;
  const out: NamedRun[] = [];
  for (const run of runs) {
    const end = lastPlottable(run);
    const carries = run.status === "verified" && end !== null && labels < labelled;
    if (carries) labels++;
    const at = end ? `${formatPlain(end.loss)} at epoch ${end.epoch}` : "no loss yet";
    const still = run.status === "running" ? ", still running" : "";
    out.push({
      runId: run.runId,
      name: run.name,
      status: run.status,
      optimizer: run.optimizer,
      labelled: carries,
      short: `${run.name}: ${at}${still}`,
      long: `${run.name}: loss ${at}${still} (${settings(run)})`,
    });
  }
  for (const run of diverged) {
    out.push({
      runId: run.runId,
      name: run.name,
      status: run.status,
      optimizer: run.optimizer,
      labelled: false,
      short: `${run.name}: diverged at epoch ${run.divergedAt}`,
      long: `${run.name}: diverged at epoch ${run.divergedAt} (${settings(run)})`,
    });
  }
  return out;
}
