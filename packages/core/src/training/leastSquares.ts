import type { Split } from "../datasets/Dataset.ts";
import { normalEquations, solveNormalEquations } from "../math/normalEquations.ts";
import { linearFeatures } from "../models/linearRegression.ts";
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
  const spec = model.spec;
  if (spec.kind !== "linear" && spec.kind !== "polynomial") return null;
  if (split.n === 0) return null;
  const size = model.paramCount;
  const features = spec.kind === "linear" ? linearFeatures : polynomialFeatures;
  const params = solveNormalEquations(normalEquations(split, size, features), size);
  if (params === null) return null;
  return { params, loss: model.loss(params, split) };
}
