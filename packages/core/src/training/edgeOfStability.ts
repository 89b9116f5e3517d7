import { symmetricEigenvalues } from "../math/symmetricEigenvalues.ts";
import { modelNormalEquations } from "./leastSquares.ts";
import type { Problem } from "./Problem.ts";

/**
 * The edge of stability of plain full-batch gradient descent: the largest learning rate at which it still converges
 * on the problem's training loss, 2 / λ_max, where λ_max is the largest eigenvalue of the loss's Hessian.
 *
 * For a model linear in its parameters (linear and polynomial regression) the mean squared error is the quadratic
 * L(w) = mean (φᵀw - y)², whose Hessian is the constant H = 2 AᵀA / n (A: one row [φ(x), 1] per example). Along
 * each eigenvector of H one step multiplies the distance to the optimum by (1 - lr λ): below 2 / λ_max every factor
 * has magnitude under 1 and the descent converges; above it the steepest direction grows by |1 - lr λ_max| > 1 per
 * epoch and the loss explodes. On the source text's five points (y = 2x, x = 1 … 5) it is about 0.0845.
 *
 * Null for models whose Hessian is not constant (logistic regression, the MLP), for an empty split, and where the
 * data give no finite curvature.
 */
export function largestStableLearningRate(problem: Problem): number | null {
  const split = problem.dataset.train;
  const equations = modelNormalEquations(problem.model, split);
  if (equations === null) return null;
  const size = problem.model.paramCount;
  const { matrix } = equations;
  const hessian = matrix.map((sum) => (2 * sum) / split.n);
  const largest = symmetricEigenvalues(hessian, size)[size - 1]!;
  return Number.isFinite(largest) && largest > 0 ? 2 / largest : null;
}
