// The student's attempts of this session as their own chart draws them side by side: each attempt's losses that the
// server checked against its replay, from the server's own-run views (so they survive a reload) and from the runs
// this page finished since.
import type { OwnRunView, RunStatus } from "@downhill/core";

export interface AttemptCurve {
  readonly runId: string;
  /** 1, 2, ... in the order the server numbered the student's runs. */
  readonly attempt: number;
  readonly status: RunStatus;
  /** Only losses the server checked: none of a rejected run, all of a verified or diverged one. */
  readonly losses: readonly (number | null)[];
}

/** An own-run view as an attempt: its losses cut at what the server has verified. */
export function attemptOfServerRun(run: OwnRunView): AttemptCurve {
  return {
    runId: run.runId,
    attempt: run.attempt,
    status: run.status,
    losses: run.losses.slice(0, run.verifiedEpochs),
  };
}

/** The list with `curve` in place of the attempt of the same run (or added), in order of attempt. */
export function withAttempt(list: readonly AttemptCurve[], curve: AttemptCurve): AttemptCurve[] {
  return [...list.filter((known) => known.runId !== curve.runId), curve].sort((a, b) => a.attempt - b.attempt);
}

/** The attempts before the one on screen that have a checked loss to draw, in order of attempt. */
export function earlierAttempts(list: readonly AttemptCurve[], currentRunId: string | null): AttemptCurve[] {
  return list.filter((curve) => curve.runId !== currentRunId && curve.losses.length > 0);
}
