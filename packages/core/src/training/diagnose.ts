import type { ModelSpec } from "../models/Model.ts";
import type { Problem } from "./Problem.ts";
import type { RunConfig } from "./RunConfig.ts";
import type { ReversalSpan } from "./UpdateReversals.ts";
import type { Replay } from "./verify.ts";

export const DIAGNOSIS_VERDICTS = ["diverged", "stuck", "converged", "noisy", "oscillating", "too-slow"] as const;
export type DiagnosisVerdict = (typeof DIAGNOSIS_VERDICTS)[number];

/**
 * Where each verdict begins; the unit tests derive each from runs on the source text's five points.
 */
export const DIAGNOSIS_THRESHOLDS = {
  /**
   * With a known floor (the closed-form optimum), a run has converged when it covered all but this share of the way
   * from its first loss down to the floor: (final - floor) <= 1e-4 (first - floor).
   */
  convergedGap: 1e-4,
  /** Without a floor, the last `tailShare` of the epochs lowered the loss by less than this share of its whole fall. */
  flatTail: 0.01,
  tailShare: 0.1,
  /** Without a floor, a run whose loss fell by less than this share of its first value barely moved. */
  barelyMoved: 0.1,
  /** A mini-batch run is noisy when at least this share of its epochs raised the loss in the last `noisyTail`. */
  noisyRises: 0.3,
  noisyTail: 0.2,
} as const;

/** One run, as the engine saw it. */
export interface DiagnosisInput {
  readonly config: Pick<RunConfig, "lr" | "optimizer" | "momentum" | "batchSize" | "init" | "epochs">;
  readonly model: ModelSpec;
  /** Rows of the training split: a batch of at least this many is full-batch. */
  readonly trainRows: number;
  /** losses[i]: training loss at the start of epoch i (null or NaN where not finite). */
  readonly losses: ArrayLike<number | null>;
  /** Training loss with the final parameters. */
  readonly finalLoss: number | null;
  readonly divergedAt: number | null;
  /** The closed-form optimum of the training loss, or null. */
  readonly floor: number | null;
  /** The largest stable learning rate of plain gradient descent (largestStableLearningRate), or null. */
  readonly edge: number | null;
  /** Stretches of the parameter path that bounced across the valley (UpdateReversals.spans()); full batch only. */
  readonly reversals: readonly ReversalSpan[];
  readonly reversingAtEnd: boolean;
}

export interface Diagnosis {
  readonly verdict: DiagnosisVerdict;
  /** One plain sentence: what happened. */
  readonly sentence: string;
  /** One concrete thing to try next. */
  readonly tryThis: string;
  /** What was seen on the way, in order: each a short phrase. */
  readonly seen: readonly string[];
}

/** A number to three significant digits, in plain notation where JavaScript keeps it ("0.0845", "0.00001", "6.4e-10"). */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(3)));
}

function finiteLosses(losses: ArrayLike<number | null>): number[] {
  const finite: number[] = [];
  for (let i = 0; i < losses.length; i++) {
    const loss = losses[i];
    if (loss !== null && loss !== undefined && Number.isFinite(loss)) finite.push(loss);
  }
  return finite;
}

/** Plain gradient descent: the only optimizer the edge of stability 2 / λ_max speaks of. */
function isPlainGradientDescent(config: DiagnosisInput["config"]): boolean {
  return config.optimizer === "sgd" && config.momentum === 0;
}

function isMiniBatch(input: DiagnosisInput): boolean {
  return input.config.batchSize !== "full" && input.config.batchSize < input.trainRows;
}

/** Share of epochs in the last `noisyTail` of the curve whose loss was above the epoch before's. */
function riseShare(losses: readonly number[]): { share: number; epochs: number } {
  const epochs = Math.max(5, Math.round(losses.length * DIAGNOSIS_THRESHOLDS.noisyTail));
  const tail = losses.slice(-epochs - 1);
  let rises = 0;
  for (let i = 1; i < tail.length; i++) if (tail[i]! > tail[i - 1]!) rises++;
  return { share: tail.length > 1 ? rises / (tail.length - 1) : 0, epochs: tail.length - 1 };
}

/**
 * Reads a run from its curve, its parameter path and its configuration: diverged (the loss exploded: lr too high),
 * stuck (an MLP started from zeros cannot break the symmetry of its hidden units), converged (close to the floor, or
 * flat at the end where no floor is known), noisy (mini-batch noise dominates the last epochs), oscillating (the
 * parameters still bounce across the valley at the end: lr near the edge of stability) or too-slow (still far from
 * the bottom when the budget ran out: lr too low). Checked in that order.
 */
export function diagnoseRun(input: DiagnosisInput): Diagnosis {
  const { config, edge, floor } = input;
  const lr = config.lr;
  const seen: string[] = [];
  const curve = finiteLosses(input.losses);
  const first = curve[0] ?? null;
  const final = input.finalLoss !== null && Number.isFinite(input.finalLoss) ? input.finalLoss : (curve.at(-1) ?? null);
  if (first !== null && final !== null && input.divergedAt === null) {
    seen.push(
      `the loss went from ${formatNumber(first)} to ${formatNumber(final)}` +
        (floor !== null ? ` (the floor is ${formatNumber(floor)})` : ""),
    );
  }
  // Between mini-batches the updates of an epoch point where the batches led them: only full-batch reversals
  // say the learning rate overshoots the valley.
  const spans = isMiniBatch(input) ? [] : input.reversals;
  if (spans.length > 0 && spans.length <= 2) {
    for (const span of spans)
      seen.push(`the parameters bounced across the valley in epochs ${span.from} to ${span.to}`);
  } else if (spans.length > 2) {
    seen.push(
      `the parameters bounced across the valley ${spans.length} times, between epochs ${spans[0]!.from} and ` +
        `${spans.at(-1)!.to}`,
    );
  }
  const edgeApplies = edge !== null && isPlainGradientDescent(config);

  if (input.divergedAt !== null) {
    seen.push(`the loss exploded at epoch ${input.divergedAt}`);
    return {
      verdict: "diverged",
      sentence:
        "Diverged: each step overshot the bottom of the valley and landed higher up the other side, so the loss grew " +
        "until it exploded. The learning rate is too high for this data.",
      tryThis:
        edgeApplies && lr > edge
          ? `Try a learning rate below ${formatNumber(edge)}, the edge of stability on this data.`
          : `Try a learning rate ten times smaller: ${formatNumber(lr / 10)}.`,
      seen,
    };
  }

  if (input.model.kind === "mlp" && config.init === "zeros") {
    seen.push("every hidden unit started at zero");
    return {
      verdict: "stuck",
      sentence:
        "Stuck: a network whose weights all start at zero gives every hidden unit the same gradient, so they stay " +
        "identical forever and the network cannot learn more than a constant.",
      tryThis: "Start from random weights (init: random).",
      seen,
    };
  }

  if (first === null || final === null) {
    return {
      verdict: "too-slow",
      sentence: "The run has no finite loss to read yet.",
      tryThis: "Run it to the end first.",
      seen,
    };
  }

  const converged =
    floor !== null
      ? final - floor <= DIAGNOSIS_THRESHOLDS.convergedGap * Math.max(first - floor, 0)
      : flatAtTheEnd(curve, final);
  if (converged) {
    return {
      verdict: "converged",
      sentence:
        floor !== null
          ? "Converged: the run reached the bottom of the valley, all but a ten-thousandth of the way from its start down to the floor."
          : "Converged: the loss stopped falling before the budget ran out.",
      tryThis: isPlainGradientDescent(config)
        ? "Try another optimizer, or a learning rate that gets there in fewer epochs."
        : "Try plain SGD with the same budget, and compare the curves.",
      seen,
    };
  }

  if (isMiniBatch(input)) {
    const rises = riseShare(curve);
    if (rises.share >= DIAGNOSIS_THRESHOLDS.noisyRises) {
      seen.push(`the loss rose in ${Math.round(rises.share * 100)}% of the last ${rises.epochs} epochs`);
      return {
        verdict: "noisy",
        sentence:
          "Noisy: each mini-batch pulls the parameters its own way, and near the bottom that noise is bigger than " +
          "the step down, so the loss jitters instead of settling.",
        tryThis: `Try a larger batch, or a smaller learning rate such as ${formatNumber(lr / 3)}, so the last steps settle.`,
        seen,
      };
    }
  }

  if (input.reversingAtEnd && !isMiniBatch(input)) {
    return {
      verdict: "oscillating",
      sentence:
        "Oscillating: the parameters bounce from one side of the valley to the other, so each step undoes much of " +
        "the last. The learning rate is near the edge of stability.",
      tryThis:
        edgeApplies && lr > edge / 2
          ? `Try about half the edge of stability, ${formatNumber(edge / 2)}: there a step lands near the bottom of the steepest direction.`
          : `Try half the learning rate: ${formatNumber(lr / 2)}.`,
      seen,
    };
  }

  const larger = edgeApplies ? Math.min(lr * 10, edge * 0.9) : lr * 10;
  return {
    verdict: "too-slow",
    sentence:
      "Too slow: every step is so small that the run was still far from the bottom when the epochs ran out. The " +
      "learning rate is too low for this budget.",
    tryThis: `Try a larger learning rate, such as ${formatNumber(larger)}.`,
    seen,
  };
}

/** Without a known floor: the run moved, and its last tenth of epochs lowered the loss by under 1% of its fall. */
function flatAtTheEnd(curve: readonly number[], final: number): boolean {
  const first = curve[0]!;
  const fall = first - final;
  if (!(fall > DIAGNOSIS_THRESHOLDS.barelyMoved * Math.abs(first))) return false;
  const tailStart = curve[Math.max(0, Math.floor(curve.length * (1 - DIAGNOSIS_THRESHOLDS.tailShare)))]!;
  return tailStart - final < DIAGNOSIS_THRESHOLDS.flatTail * fall;
}

/**
 * Diagnoses a run from the engine's own replay of it (replayRun): its curve, its parameter path's reversals and its
 * configuration, on the problem it descended. `edge` is largestStableLearningRate(problem), which a caller that
 * diagnoses many runs of one problem computes once.
 */
export function diagnoseReplay(problem: Problem, config: RunConfig, replay: Replay, edge: number | null): Diagnosis {
  return diagnoseRun({
    config,
    model: problem.model.spec,
    trainRows: problem.dataset.train.n,
    losses: replay.losses,
    finalLoss: Number.isFinite(replay.finalLoss) ? replay.finalLoss : null,
    divergedAt: replay.divergedAt,
    floor: problem.optimumLoss,
    edge,
    reversals: replay.reversals,
    reversingAtEnd: replay.reversingAtEnd,
  });
}
