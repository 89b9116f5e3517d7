import type { Dataset, DatasetRef } from "../datasets/Dataset.ts";
import { loadDataset } from "../datasets/loadDataset.ts";
import type { Model, ModelSpec } from "../models/Model.ts";
import { createModel } from "../models/createModel.ts";
import { leastSquaresOptimum } from "./leastSquares.ts";

/** What a class descends on: a dataset and a model, shared by every student of a session. */
export interface ProblemSpec {
  readonly dataset: DatasetRef;
  readonly model: ModelSpec;
}

export interface Problem {
  readonly spec: ProblemSpec;
  readonly dataset: Dataset;
  readonly model: Model;
  /** The best possible training loss (closed-form least squares), or null where no closed form exists. */
  readonly optimumLoss: number | null;
}

/** Builds the dataset and model a spec names; throws an Error saying what does not fit. */
export function createProblem(spec: ProblemSpec): Problem {
  const dataset = loadDataset(spec.dataset);
  const model = createModel(spec.model, dataset.features, dataset.task);
  const optimum = leastSquaresOptimum(model, dataset.train);
  return { spec, dataset, model, optimumLoss: optimum ? optimum.loss : null };
}

/** The split a loss is scored on. */
export type SplitName = "train" | "test";

/** Mean loss of `params` on a named split of the problem's dataset. */
export function evaluateLoss(problem: Problem, params: Float64Array, split: SplitName): number {
  const data = split === "train" ? problem.dataset.train : problem.dataset.test;
  if (!data) throw new Error(`dataset "${problem.dataset.name}" has no ${split} split`);
  if (params.length !== problem.model.paramCount) {
    throw new Error(`expected ${problem.model.paramCount} parameters, got ${params.length}`);
  }
  return problem.model.loss(params, data);
}
