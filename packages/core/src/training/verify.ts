import type { Split } from "../datasets/Dataset.ts";
import type { Problem } from "./Problem.ts";
import type { RunConfig } from "./RunConfig.ts";
import { DIVERGENCE_RATIO, Trainer, type TrainerStatus } from "./Trainer.ts";
import { UpdateReversals, type ReversalSpan } from "./UpdateReversals.ts";

/**
 * How far a claimed value may sit from the server's replay. Node and Chromium share V8's math library and
 * agree bit for bit; other browsers may differ in the last bits of exp, log and tanh, which a long run can
 * amplify. A value matches when |claimed - replayed| <= absolute + relative * |replayed|.
 */
export const VERIFY_TOLERANCE = { relative: 1e-6, absolute: 1e-9 } as const;

/** The server's own run of a configuration, from the same starting point and seed as the student's. */
export interface Replay {
  readonly losses: Float64Array;
  /**
   * testLosses[i]: the loss on the held-out split with the parameters at the start of epoch i, beside losses[i];
   * null when the replay was given no test split.
   */
  readonly testLosses: Float64Array | null;
  readonly params: Float64Array;
  readonly status: Exclude<TrainerStatus, "running">;
  readonly divergedAt: number | null;
  /** Training loss with the final parameters. */
  readonly finalLoss: number;
  /** Where the parameter path bounced across the valley (UpdateReversals.spans()): what a diagnosis reads. */
  readonly reversals: readonly ReversalSpan[];
  /** True when the updates were still reversing at the last epoch. */
  readonly reversingAtEnd: boolean;
}

/** What a student's browser claims about a finished run. */
export interface RunClaim {
  /** losses[i]: training loss at the start of epoch i; null for a non-finite loss. */
  readonly losses: readonly (number | null)[];
  /** Null stands for a parameter that is not a finite number (JSON has no NaN). */
  readonly params: readonly (number | null)[];
}

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Replays a run from its configuration to its end with the shared engine, watching its parameter path for
 * updates that reverse the one before (what tells an oscillating run). Given a test split (the server's held-out
 * rows, which the student's browser never has), it also records the loss on it at the start of every epoch, with the
 * same parameters as that epoch's training loss: one more loss pass per epoch, over the test rows.
 */
export function replayRun(problem: Problem, config: RunConfig, testSplit: Split | null = null): Replay {
  const trainer = new Trainer(problem, config);
  const reversals = new UpdateReversals(trainer.params);
  const test = testSplit === null ? null : { split: testSplit, losses: new Float64Array(config.epochs) };
  while (trainer.status === "running") {
    if (test !== null) test.losses[trainer.epoch] = problem.model.loss(trainer.params, test.split);
    trainer.step();
    reversals.observe(trainer.params);
  }
  const status = trainer.status;
  return {
    losses: trainer.losses.slice(0, trainer.epoch),
    testLosses: test === null ? null : test.losses.slice(0, trainer.epoch),
    params: trainer.params.slice(),
    status: status === "diverged" ? "diverged" : "finished",
    divergedAt: trainer.divergedAt,
    finalLoss: trainer.currentLoss(),
    reversals: reversals.spans(),
    reversingAtEnd: reversals.reversingAtEnd,
  };
}

/** True when `claimed` matches `replayed` within VERIFY_TOLERANCE; two non-finite values match each other. */
export function withinTolerance(claimed: number | null, replayed: number): boolean {
  if (claimed === null || !Number.isFinite(claimed)) return !Number.isFinite(replayed);
  if (!Number.isFinite(replayed)) return false;
  return Math.abs(claimed - replayed) <= VERIFY_TOLERANCE.absolute + VERIFY_TOLERANCE.relative * Math.abs(replayed);
}

/**
 * Checks the claimed losses of epochs from..to-1 against the replay: each must match within VERIFY_TOLERANCE, and
 * none may lie past the replay's last epoch. `claimed[i]` is the loss of epoch i; NaN or null is non-finite.
 */
export function checkLosses(
  claimed: ArrayLike<number | null>,
  replayed: Float64Array,
  from: number,
  to: number,
): Verdict {
  if (to > replayed.length) {
    return { ok: false, reason: `the run has ${to} epochs of losses, the replay has ${replayed.length}` };
  }
  for (let epoch = from; epoch < to; epoch++) {
    const claim = claimed[epoch] ?? null;
    const replay = replayed[epoch]!;
    if (!withinTolerance(claim, replay)) {
      const shown = claim === null || Number.isNaN(claim) ? null : claim;
      return { ok: false, reason: `loss at epoch ${epoch} is ${shown}, the replay gives ${replay}` };
    }
  }
  return { ok: true };
}

/**
 * True when a stored curve can be a whole run of `epochs` epochs as the engine records it: it has all of them, or
 * its last loss shows the divergence that stops the engine early (not finite, or DIVERGENCE_RATIO times the first).
 * A curve that is neither still has epochs to send, which the server can say without replaying anything.
 */
export function curveCanBeComplete(losses: ArrayLike<number | null>, epochs: number): boolean {
  if (losses.length >= epochs) return true;
  if (losses.length === 0) return false;
  const last = losses[losses.length - 1] ?? Number.NaN;
  const first = losses[0] ?? Number.NaN;
  return !Number.isFinite(last) || last > DIVERGENCE_RATIO * Math.max(first, 1e-3);
}

/** Compares a claimed loss curve and final parameters with the replay; the reason names the first mismatch. */
export function compareWithReplay(claim: RunClaim, replay: Replay): Verdict {
  if (claim.losses.length !== replay.losses.length) {
    return {
      ok: false,
      reason: `the run has ${claim.losses.length} epochs of losses, the replay has ${replay.losses.length}`,
    };
  }
  const losses = checkLosses(claim.losses, replay.losses, 0, replay.losses.length);
  if (!losses.ok) return losses;
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
