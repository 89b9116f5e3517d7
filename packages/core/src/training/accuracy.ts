import type { Split } from "../datasets/Dataset.ts";
import type { Model } from "../models/Model.ts";
import type { Problem, SplitName } from "./Problem.ts";

/**
 * Share of the rows of `split` whose class the model gets right, in [0, 1]: a row is predicted as class 1 when the
 * model's probability of class 1 is above 0.5 (a positive logit, as scikit-learn's `predict`), else class 0. Null
 * when the model is not a classifier, the split is empty, or a prediction is not a finite number (a diverged run's
 * parameters classify nothing).
 */
export function accuracy(model: Model, params: Float64Array, split: Split): number | null {
  if (model.task !== "classification" || split.n === 0) return null;
  const d = model.inputs;
  let correct = 0;
  for (let row = 0; row < split.n; row++) {
    const p = model.predict(params, split.x.subarray(row * d, row * d + d));
    if (!Number.isFinite(p)) return null;
    const predicted = p > 0.5 ? 1 : 0;
    if (predicted === split.y[row]) correct++;
  }
  return correct / split.n;
}

/** Accuracy of `params` on a named split of the problem's dataset; null where `accuracy` is, or the split is absent. */
export function evaluateAccuracy(problem: Problem, params: Float64Array, split: SplitName): number | null {
  const data = split === "train" ? problem.dataset.train : problem.dataset.test;
  if (!data) return null;
  return accuracy(problem.model, params, data);
}
