import type { Split } from "../datasets/Dataset.ts";
import { normalEquations, solveNormalEquations, type NormalEquations } from "../math/normalEquations.ts";
import { linearFeatures, linearFeaturesWithoutBias } from "../models/linearRegression.ts";
import type { Model } from "../models/Model.ts";
import { polynomialFeatures } from "../models/polynomialRegression.ts";

/**
 * The closed-form least-squares optimum of a linear or polynomial regression model on `split`: the parameters p that
 * minimise the mean squared error, from the normal equations (AᵀA) p = Aᵀy, where each row of A holds the model's
 * features in parameter order (x_0 … x_{d-1}, or x¹ … x^k) followed by 1 for the bias. Solved by Gaussian elimination
 * with partial pivoting; only when AᵀA is singular is a tiny ridge (1e-12 times its mean diagonal) added.
 * `loss` is the model's own mean squared error at p. Null for models without a closed form (logistic, MLP) and for
 * an empty split.
 */
export function leastSquaresOptimum(model: Model, split: Split): { params: Float64Array; loss: number } | null {
  const equations = modelNormalEquations(model, split);
  if (equations === null) return null;
  const size = model.paramCount;
  const params = solveNormalEquations(equations, size);
  if (params === null) return null;
  return { params, loss: model.loss(params, split) };
}

/**
 * The normal equations of a model linear in its parameters (linear regression, with or without its bias, and
 * polynomial regression) on `split`; null for other models and for an empty split.
 */
export function modelNormalEquations(model: Model, split: Split): NormalEquations | null {
  const spec = model.spec;
  if (split.n === 0) return null;
  if (spec.kind === "polynomial") return normalEquations(split, model.paramCount, polynomialFeatures);
  if (spec.kind !== "linear") return null;
  if (spec.bias === false) return normalEquations(split, model.paramCount, linearFeaturesWithoutBias, false);
  return normalEquations(split, model.paramCount, linearFeatures);
}
