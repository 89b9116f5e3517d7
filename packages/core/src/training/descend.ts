import { diagnoseRun, type Diagnosis } from "./diagnose.ts";
import { largestStableLearningRate } from "./edgeOfStability.ts";
import { createProblem, type ProblemSpec } from "./Problem.ts";
import type { RunConfig } from "./RunConfig.ts";
import { Trainer } from "./Trainer.ts";
import { UpdateReversals } from "./UpdateReversals.ts";

/** The outcome of one complete descent, as the CLI prints it. */
export interface DescentResult {
  readonly dataset: string;
  readonly model: string;
  /** For linear, polynomial and logistic models: every parameter but the last (the bias). Null for an MLP. */
  readonly weights: number[] | null;
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

/** Runs one descent from start to end. */
export function runDescent(spec: ProblemSpec, config: RunConfig): DescentResult {
  const problem = createProblem(spec);
  const trainer = new Trainer(problem, config);
  const reversals = new UpdateReversals(trainer.params);
  while (trainer.status === "running") {
    trainer.step();
    reversals.observe(trainer.params);
  }
  const finalLoss = finiteOrNull(trainer.currentLoss());
  const largestStableLr = largestStableLearningRate(problem);
  const params = Array.from(trainer.params);
  const hasBiasLast = problem.model.spec.kind !== "mlp";
  const test = problem.dataset.test;
  return {
    dataset: problem.dataset.name,
    model: problem.model.spec.kind,
    weights: hasBiasLast ? params.slice(0, -1) : null,
    bias: hasBiasLast ? params[params.length - 1]! : null,
    params,
    losses: trainer.recordedLosses(),
    finalLoss,
    testLoss: test ? finiteOrNull(problem.model.loss(trainer.params, test)) : null,
    diverged: trainer.status === "diverged",
    divergedAt: trainer.divergedAt,
    optimumLoss: problem.optimumLoss,
    largestStableLr,
    diagnosis: diagnoseRun({
      config,
      model: problem.model.spec,
      trainRows: problem.dataset.train.n,
      losses: trainer.recordedLosses(),
      finalLoss,
      divergedAt: trainer.divergedAt,
      floor: problem.optimumLoss,
      edge: largestStableLr,
      reversals: reversals.spans(),
      reversingAtEnd: reversals.reversingAtEnd,
    }),
  };
}
