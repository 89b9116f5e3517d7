import { diagnoseReplay, type Diagnosis } from "./diagnose.ts";
import { largestStableLearningRate } from "./edgeOfStability.ts";
import { createProblem, type ProblemSpec } from "./Problem.ts";
import type { RunConfig } from "./RunConfig.ts";
import { replayRun } from "./verify.ts";

/** The outcome of one complete descent, as the CLI prints it. */
export interface DescentResult {
  readonly dataset: string;
  readonly model: string;
  /** For linear, polynomial and logistic models: every parameter but the last (the bias). Null for an MLP. */
  readonly weights: number[] | null;
  /** Null for an MLP, and 0 for a linear model without a bias (y = w x), whose parameters are all weights. */
  readonly bias: number | null;
  /** Every parameter in the model's documented layout. */
  readonly params: number[];
  /** losses[i]: training loss at the start of epoch i (null where it was not a finite number). */
  readonly losses: (number | null)[];
  /** Training loss with the final parameters. */
  readonly finalLoss: number | null;
  /** Test loss with the final parameters, or null when the dataset has no test split. */
  readonly testLoss: number | null;
  readonly diverged: boolean;
  readonly divergedAt: number | null;
  /** The closed-form least-squares optimum of the training loss, or null where none exists. */
  readonly optimumLoss: number | null;
  /** The edge of stability of plain gradient descent, 2 / λ_max of the loss's Hessian, or null where none is known. */
  readonly largestStableLr: number | null;
  /** What happened and what to try next. */
  readonly diagnosis: Diagnosis;
}

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/** Runs one descent from start to end: the server's replay of it, read the way the server reads it. */
export function runDescent(spec: ProblemSpec, config: RunConfig): DescentResult {
  const problem = createProblem(spec);
  const replay = replayRun(problem, config);
  const finalLoss = finiteOrNull(replay.finalLoss);
  const largestStableLr = largestStableLearningRate(problem);
  const params = Array.from(replay.params);
  const modelSpec = problem.model.spec;
  const noBias = modelSpec.kind === "linear" && modelSpec.bias === false;
  const hasBiasLast = modelSpec.kind !== "mlp" && !noBias;
  const test = problem.dataset.test;
  return {
    dataset: problem.dataset.name,
    model: problem.model.spec.kind,
    weights: noBias ? params : hasBiasLast ? params.slice(0, -1) : null,
    bias: noBias ? 0 : hasBiasLast ? params[params.length - 1]! : null,
    params,
    losses: Array.from(replay.losses, finiteOrNull),
    finalLoss,
    testLoss: test ? finiteOrNull(problem.model.loss(replay.params, test)) : null,
    diverged: replay.status === "diverged",
    divergedAt: replay.divergedAt,
    optimumLoss: problem.optimumLoss,
    largestStableLr,
    diagnosis: diagnoseReplay(problem, config, replay, largestStableLr),
  };
}
