import type { Problem } from "./Problem.ts";
import type { RunConfig } from "./RunConfig.ts";
import { Trainer, type TrainerStatus } from "./Trainer.ts";

/**
 * How far a claimed value may sit from the server's replay. Node and Chromium share V8's math library and
 * agree bit for bit; other browsers may differ in the last bits of exp, log and tanh, which a long run can
 * amplify. A value matches when |claimed - replayed| <= absolute + relative * |replayed|.
 */
export const VERIFY_TOLERANCE = { relative: 1e-6, absolute: 1e-9 } as const;

/** The server's own run of a configuration, from the same starting point and seed as the student's. */
export interface Replay {
  readonly losses: Float64Array;
  readonly params: Float64Array;
  readonly status: Exclude<TrainerStatus, "running">;
  readonly divergedAt: number | null;
  /** Training loss with the final parameters. */
  readonly finalLoss: number;
}

/** What a student's browser claims about a finished run. */
export interface RunClaim {
  /** losses[i]: training loss at the start of epoch i; null for a non-finite loss. */
  readonly losses: readonly (number | null)[];
  /** Null stands for a parameter that is not a finite number (JSON has no NaN). */
  readonly params: readonly (number | null)[];
}

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Replays a run from its configuration to its end with the shared engine. */
export function replayRun(problem: Problem, config: RunConfig): Replay {
  const trainer = new Trainer(problem, config);
  const status = trainer.runToEnd();
  return {
    losses: trainer.losses.slice(0, trainer.epoch),
    params: trainer.params.slice(),
    status: status === "diverged" ? "diverged" : "finished",
    divergedAt: trainer.divergedAt,
    finalLoss: trainer.currentLoss(),
  };
}

/** True when `claimed` matches `replayed` within VERIFY_TOLERANCE; two non-finite values match each other. */
export function withinTolerance(claimed: number | null, replayed: number): boolean {
  if (claimed === null || !Number.isFinite(claimed)) return !Number.isFinite(replayed);
  if (!Number.isFinite(replayed)) return false;
  return Math.abs(claimed - replayed) <= VERIFY_TOLERANCE.absolute + VERIFY_TOLERANCE.relative * Math.abs(replayed);
}

/** Compares a claimed loss curve and final parameters with the replay; the reason names the first mismatch. */
export function compareWithReplay(claim: RunClaim, replay: Replay): Verdict {
  if (claim.losses.length !== replay.losses.length) {
    return {
      ok: false,
      reason: `the run has ${claim.losses.length} epochs of losses, the replay has ${replay.losses.length}`,
    };
  }
  for (let epoch = 0; epoch < replay.losses.length; epoch++) {
    const claimed = claim.losses[epoch] ?? null;
    const replayed = replay.losses[epoch]!;
    if (!withinTolerance(claimed, replayed)) {
      return { ok: false, reason: `loss at epoch ${epoch} is ${claimed}, the replay gives ${replayed}` };
    }
  }
  if (claim.params.length !== replay.params.length) {
    return { ok: false, reason: `expected ${replay.params.length} parameters, got ${claim.params.length}` };
  }
  for (let i = 0; i < replay.params.length; i++) {
    if (!withinTolerance(claim.params[i] ?? null, replay.params[i]!)) {
      return { ok: false, reason: `parameter ${i} is ${claim.params[i]}, the replay gives ${replay.params[i]}` };
    }
  }
  return { ok: true };
}
