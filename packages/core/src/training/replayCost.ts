import type { Problem } from "./Problem.ts";

/**
 * What verifying a class costs the server. Every run a student starts is replayed once on the server, so a
 * challenge costs (one replay) x (students) x (attempts). The engine's work per epoch is counted in units of about
 * one multiply-add with its bookkeeping, and REPLAY_NS_PER_UNIT turns units into time.
 */

/**
 * Nanoseconds of one core per unit of replay work, and the fixed start of a replay (building the trainer, the
 * engine's first compilation of its loop). Measured with `npm run bench:core`: its "replay cost" table replays
 * linear, polynomial, logistic and MLP runs of 160 to 4,000 rows, full batch to batch size 1, each cold in a process
 * of its own, and prints measured against estimated time. On the project's 2-core machine, shared with other work,
 * one unit took 5 to 15 ns and a short MLP replay spent up to half a second compiling: with these constants no
 * measured replay took longer than its estimate (see the README's figures).
 */
export const REPLAY_NS_PER_UNIT = 15;
export const REPLAY_START_SECONDS = 0.5;

/** Units a replay spends on each training row beyond its parameters (activations, the loss, loop overhead). */
const ROW_UNITS = 150;
/** Units an optimizer step spends per parameter, and once per step. */
const STEP_UNITS_PER_PARAM = 10;
const STEP_UNITS = 400;
/** Units every epoch spends once (its loss, the schedule, the shuffle's setup). */
const EPOCH_UNITS = 500;

/**
 * The server's verification budget for one challenge. A run's replay must stay under `perRunSeconds` (a student
 * waits for it at most that long after their last epoch), and a class of `classSize` students who each use every
 * attempt must stay under `classSeconds` of one core (a round of a few minutes on a small server).
 */
export const VERIFY_BUDGET = { classSize: 30, perRunSeconds: 10, classSeconds: 600 } as const;

export interface ReplayShape {
  /** Linear and polynomial models evaluate a full-batch epoch from sufficient statistics, in O(params²). */
  readonly quadratic: boolean;
  readonly paramCount: number;
  readonly trainRows: number;
  readonly epochs: number;
  readonly batchSize: number | "full";
  /**
   * Held-out rows the server's replay also takes the loss on at every epoch, to record the run's test curve
   * (replayRun with a test split); 0 or absent without a test split.
   */
  readonly testRows?: number;
}

/**
 * Work units of one replay of `epochs` epochs: per epoch, the loss pass, the gradient passes and the steps, and the
 * test curve's loss pass over the held-out rows when there are any.
 */
export function replayWorkUnits(shape: ReplayShape): number {
  const { quadratic, paramCount, trainRows, epochs, testRows = 0 } = shape;
  const full = shape.batchSize === "full" || shape.batchSize >= trainRows;
  const rowPass = trainRows * (paramCount + ROW_UNITS);
  const quadraticPass = paramCount * paramCount + ROW_UNITS;
  const steps = full ? 1 : Math.ceil(trainRows / shape.batchSize);
  const passes = full ? (quadratic ? quadraticPass : rowPass) : (quadratic ? quadraticPass : rowPass) + rowPass;
  // A linear or polynomial model's loss on the test rows is a quadratic form too, built once per split.
  const testPass = testRows === 0 ? 0 : quadratic ? quadraticPass : testRows * (paramCount + ROW_UNITS);
  return epochs * (EPOCH_UNITS + passes + testPass + steps * (STEP_UNITS_PER_PARAM * paramCount + STEP_UNITS));
}

/** Estimated seconds of one core to replay one run of this shape. */
export function estimateReplaySeconds(shape: ReplayShape): number {
  return REPLAY_START_SECONDS + (replayWorkUnits(shape) * REPLAY_NS_PER_UNIT) / 1e9;
}

export interface VerificationCost {
  /** One replay with the costliest batch size the challenge allows. */
  readonly perRunSeconds: number;
  /** Replays of a class of VERIFY_BUDGET.classSize students who use every attempt. */
  readonly runs: number;
  /** Those replays' time on one core. */
  readonly classSeconds: number;
  readonly withinBudget: boolean;
  /** What to change when over budget, with the largest epoch count that would fit; null within budget. */
  readonly advice: string | null;
}

/** What verifying a whole class of this challenge costs the server, against VERIFY_BUDGET. */
export function verificationCost(
  problem: Problem,
  rules: { readonly epochs: number; readonly batchSizes: readonly (number | "full")[]; readonly attempts: number },
): VerificationCost {
  const kind = problem.model.spec.kind;
  const perRunSeconds = Math.max(
    ...rules.batchSizes.map((batchSize) =>
      estimateReplaySeconds({
        quadratic: kind === "linear" || kind === "polynomial",
        paramCount: problem.model.paramCount,
        trainRows: problem.dataset.train.n,
        epochs: rules.epochs,
        batchSize,
        testRows: problem.dataset.test?.n ?? 0,
      }),
    ),
  );
  const runs = VERIFY_BUDGET.classSize * rules.attempts;
  // A worker compiles the engine's loop once: the class pays the start once, every run its epochs.
  const classSeconds = REPLAY_START_SECONDS + (perRunSeconds - REPLAY_START_SECONDS) * runs;
  const withinBudget = perRunSeconds <= VERIFY_BUDGET.perRunSeconds && classSeconds <= VERIFY_BUDGET.classSeconds;
  if (withinBudget) return { perRunSeconds, runs, classSeconds, withinBudget, advice: null };
  // Beyond its fixed start, a replay's time grows linearly with epochs: the largest epoch count within both limits.
  const allowedPerRun = Math.min(
    VERIFY_BUDGET.perRunSeconds - REPLAY_START_SECONDS,
    (VERIFY_BUDGET.classSeconds - REPLAY_START_SECONDS) / runs,
  );
  const epochsThatFit = Math.floor((rules.epochs * allowedPerRun) / (perRunSeconds - REPLAY_START_SECONDS));
  const advice =
    `verifying this challenge would take the server about ${seconds(perRunSeconds)} per run and ` +
    `${seconds(classSeconds)} for a class of ${VERIFY_BUDGET.classSize} with ${rules.attempts} attempts each ` +
    `(budget: ${VERIFY_BUDGET.perRunSeconds} s per run, ${VERIFY_BUDGET.classSeconds / 60} min per class): ` +
    (epochsThatFit >= 1 ? `use fewer epochs (at most ${epochsThatFit} with this network and data), ` : "") +
    `a smaller network, fewer rows, no small batch sizes, or fewer attempts`;
  return { perRunSeconds, runs, classSeconds, withinBudget, advice };
}

function seconds(value: number): string {
  if (value < 1) return `${Math.round(value * 1000)} ms`;
  if (value < 120) return `${value.toFixed(1)} s`;
  return `${Math.round(value / 60)} min`;
}
