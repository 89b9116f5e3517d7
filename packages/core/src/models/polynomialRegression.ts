import type { Split } from "../datasets/Dataset.ts";
import { squaredError, squaredErrorDerivative } from "../losses/mse.ts";
import type { RowFeatures } from "../math/normalEquations.ts";
import type { Random } from "../random.ts";
import { quadraticLossAndGradient, type SquaredErrorSums } from "./fullBatchQuadratic.ts";
import { initializeLinearLayer, type Initialization, type Model } from "./Model.ts";

/** The highest degree a polynomial model accepts. */
export const MAX_POLYNOMIAL_DEGREE = 8;

/**
 * Polynomial regression on one input x of degree k: ŷ = b + Σ_{j=1..k} w_j x^j, scored by mean squared error.
 *
 * Parameter layout: `[w_1, …, w_k, b]`, so params[j - 1] multiplies x^j and params[k] is the bias.
 *
 * `initialize(…, "random")` draws every parameter from U(-1/√k, 1/√k), torch's `nn.Linear` default for k features.
 *
 * Being linear regression on the features x¹ … x^k, a full-batch `lossAndGradient` on a split of at least 4 (k + 1)
 * rows uses the loss's exact quadratic form around the least-squares optimum, in O(k²) (see fullBatchQuadratic.ts).
 * For x within ±3 it agrees with the row-by-row sums to 1e-12 as linear regression does (tested to degree 8); on
 * much wider ranges both lose digits to the powers' conditioning. Mini-batches and `loss` sum row by row.
 */
export function createPolynomialRegression(degree: number): Model {
  if (!Number.isInteger(degree) || degree < 1 || degree > MAX_POLYNOMIAL_DEGREE) {
    throw new Error(`polynomial degree must be an integer from 1 to ${MAX_POLYNOMIAL_DEGREE}, got ${degree}`);
  }
  const k = degree;
  const spec = { kind: "polynomial", degree: k } as const;

  /** Σ (ŷ - y)² over the rows into sums[0], and the gradient sums Σ 2(ŷ - y) x^j and Σ 2(ŷ - y) into grad. */
  const sumSquaredErrors: SquaredErrorSums = (params, split, order, start, end, grad, sums) => {
    const x = split.x;
    const y = split.y;
    const b = params[k]!;
    let loss = 0;
    let gb = 0;
    for (let i = start; i < end; i++) {
      const row = order === null ? i : order[i]!;
      const xv = x[row]!;
      let z = b;
      let power = xv;
      for (let j = 0; j < k; j++) {
        z += params[j]! * power;
        power *= xv;
      }
      const target = y[row]!;
      loss += squaredError(z, target);
      const g = squaredErrorDerivative(z, target);
      power = xv;
      for (let j = 0; j < k; j++) {
        grad[j] = grad[j]! + g * power;
        power *= xv;
      }
      gb += g;
    }
    grad[k] = gb;
    sums[0] = loss;
  };

  const lossAndGradient = quadraticLossAndGradient(k + 1, polynomialFeatures, sumSquaredErrors);

  /** Mean of (y - ŷ)² over every row of the split. */
  function loss(params: Float64Array, split: Split): number {
    const n = split.n;
    if (n === 0) return 0;
    const x = split.x;
    const y = split.y;
    let total = 0;
    for (let row = 0; row < n; row++) {
      total += squaredError(evaluate(params, x[row]!), y[row]!);
    }
    return total / n;
  }

  /** b + Σ w_j x^j, powers built up in the loop. */
  function evaluate(params: Float64Array, xv: number): number {
    let z = params[k]!;
    let power = xv;
    for (let j = 0; j < k; j++) {
      z += params[j]! * power;
      power *= xv;
    }
    return z;
  }

  /** ŷ = b + Σ w_j x^j for the row's single input x = row[0]. */
  function predict(params: Float64Array, row: ArrayLike<number>): number {
    return evaluate(params, row[0]!);
  }

  function initialize(params: Float64Array, init: Initialization, random: Random): void {
    initializeLinearLayer(params, k + 1, k, init, random);
  }

  return { spec, task: "regression", inputs: 1, paramCount: k + 1, lossAndGradient, loss, predict, initialize };
}

/** The features of a polynomial model of degree k (k = out.length - 1) are the powers x¹ … x^k of its one input. */
export const polynomialFeatures: RowFeatures = (split, row, out) => {
  const xv = split.x[row]!;
  let power = xv;
  for (let j = 0; j < out.length - 1; j++) {
    out[j] = power;
    power *= xv;
  }
};
