import type { Split } from "../datasets/Dataset.ts";
import { squaredError, squaredErrorDerivative } from "../losses/mse.ts";
import type { RowFeatures } from "../math/normalEquations.ts";
import type { Random } from "../random.ts";
import { quadraticLossAndGradient, type SquaredErrorSums } from "./fullBatchQuadratic.ts";
import { initializeLinearLayer, type Initialization, type Model } from "./Model.ts";

/**
 * Linear regression ŷ = w · x + b on `inputs` features, scored by mean squared error (y - ŷ)²; without `bias`,
 * ŷ = w · x (the source text's y_pred = w * x).
 *
 * Parameter layout: `[w_0, …, w_{d-1}, b]` (d = inputs), so params[j] multiplies feature j and params[d] is the bias;
 * without a bias, `[w_0, …, w_{d-1}]`.
 *
 * `initialize(…, "random")` draws every parameter from U(-1/√d, 1/√d), torch's `nn.Linear` default.
 *
 * A full-batch `lossAndGradient` (order null, every row of the split) on a split of at least 4 (d + 1) rows uses the
 * loss's exact quadratic form, L(w) = L(v) + ∇L(v)·δ + δᵀGδ with G = AᵀA / n around the least-squares optimum v
 * (see fullBatchQuadratic.ts): O(d²) per call instead of O(n d). It agrees with the row-by-row sums to 1e-12 of the
 * loss and gradient (of their values at w = 0 near the optimum, where both are rounding); mini-batches and `loss`
 * always sum row by row.
 */
export function createLinearRegression(inputs: number, bias = true): Model {
  if (!Number.isInteger(inputs) || inputs < 1)
    throw new Error(`linear regression needs at least 1 input, got ${inputs}`);
  const d = inputs;
  const paramCount = bias ? d + 1 : d;
  const spec = bias ? ({ kind: "linear" } as const) : ({ kind: "linear", bias: false } as const);

  /** Σ (ŷ - y)² over the rows into sums[0], and the gradient sums Σ 2(ŷ - y) x_j and Σ 2(ŷ - y) into grad. */
  const sumSquaredErrors: SquaredErrorSums = (params, split, order, start, end, grad, sums) => {
    const x = split.x;
    const y = split.y;
    // Without a bias b is 0, and w x + 0 is w x bit for bit.
    const b = bias ? params[d]! : 0;
    let loss = 0;
    let gb = 0;
    if (d === 1) {
      // One feature (the textbook line): keep w and its gradient in registers.
      const w = params[0]!;
      let gw = 0;
      for (let k = start; k < end; k++) {
        const row = order === null ? k : order[k]!;
        const xv = x[row]!;
        const prediction = w * xv + b;
        const target = y[row]!;
        loss += squaredError(prediction, target);
        const g = squaredErrorDerivative(prediction, target);
        gw += g * xv;
        gb += g;
      }
      grad[0] = gw;
    } else {
      // Four rows at a time: each weight and gradient slot is loaded once per four rows rather than once per row.
      // The sums are formed in the same order as one row at a time ((g + r0 x0) + r1 x1 ...), so the bits match.
      let k = start;
      for (; k + 3 < end; k += 4) {
        const row0 = order === null ? k : order[k]!;
        const row1 = order === null ? k + 1 : order[k + 1]!;
        const row2 = order === null ? k + 2 : order[k + 2]!;
        const row3 = order === null ? k + 3 : order[k + 3]!;
        const base0 = row0 * d;
        const base1 = row1 * d;
        const base2 = row2 * d;
        const base3 = row3 * d;
        let z0 = b;
        let z1 = b;
        let z2 = b;
        let z3 = b;
        for (let j = 0; j < d; j++) {
          const w = params[j]!;
          z0 += w * x[base0 + j]!;
          z1 += w * x[base1 + j]!;
          z2 += w * x[base2 + j]!;
          z3 += w * x[base3 + j]!;
        }
        const t0 = y[row0]!;
        const t1 = y[row1]!;
        const t2 = y[row2]!;
        const t3 = y[row3]!;
        loss = loss + squaredError(z0, t0) + squaredError(z1, t1) + squaredError(z2, t2) + squaredError(z3, t3);
        const g0 = squaredErrorDerivative(z0, t0);
        const g1 = squaredErrorDerivative(z1, t1);
        const g2 = squaredErrorDerivative(z2, t2);
        const g3 = squaredErrorDerivative(z3, t3);
        for (let j = 0; j < d; j++) {
          grad[j] = grad[j]! + g0 * x[base0 + j]! + g1 * x[base1 + j]! + g2 * x[base2 + j]! + g3 * x[base3 + j]!;
        }
        gb = gb + g0 + g1 + g2 + g3;
      }
      for (; k < end; k++) {
        const row = order === null ? k : order[k]!;
        const base = row * d;
        let z = b;
        for (let j = 0; j < d; j++) z += params[j]! * x[base + j]!;
        const target = y[row]!;
        loss += squaredError(z, target);
        const g = squaredErrorDerivative(z, target);
        for (let j = 0; j < d; j++) grad[j] = grad[j]! + g * x[base + j]!;
        gb += g;
      }
    }
    if (bias) grad[d] = gb;
    sums[0] = loss;
  };

  const lossAndGradient = quadraticLossAndGradient(
    paramCount,
    bias ? linearFeatures : linearFeaturesWithoutBias,
    sumSquaredErrors,
    bias,
  );

  /** Mean of (y - ŷ)² over every row of the split. */
  function loss(params: Float64Array, split: Split): number {
    const n = split.n;
    if (n === 0) return 0;
    const x = split.x;
    const y = split.y;
    const b = bias ? params[d]! : 0;
    let total = 0;
    let row = 0;
    // Four rows at a time, summed in row order as one at a time would (see lossAndGradient).
    for (; row + 3 < n; row += 4) {
      const base = row * d;
      let z0 = b;
      let z1 = b;
      let z2 = b;
      let z3 = b;
      for (let j = 0; j < d; j++) {
        const w = params[j]!;
        z0 += w * x[base + j]!;
        z1 += w * x[base + d + j]!;
        z2 += w * x[base + 2 * d + j]!;
        z3 += w * x[base + 3 * d + j]!;
      }
      total =
        total +
        squaredError(z0, y[row]!) +
        squaredError(z1, y[row + 1]!) +
        squaredError(z2, y[row + 2]!) +
        squaredError(z3, y[row + 3]!);
    }
    for (; row < n; row++) {
      const base = row * d;
      let z = b;
      for (let j = 0; j < d; j++) z += params[j]! * x[base + j]!;
      total += squaredError(z, y[row]!);
    }
    return total / n;
  }

  /** ŷ = w · x + b. */
  function predict(params: Float64Array, row: ArrayLike<number>): number {
    let z = bias ? params[d]! : 0;
    for (let j = 0; j < d; j++) z += params[j]! * row[j]!;
    return z;
  }

  function initialize(params: Float64Array, init: Initialization, random: Random): void {
    initializeLinearLayer(params, paramCount, d, init, random);
  }

  return { spec, task: "regression", inputs: d, paramCount, lossAndGradient, loss, predict, initialize };
}

/** The features of a linear model are the row's inputs as they are. */
export const linearFeatures: RowFeatures = (split, row, out) => {
  const d = out.length - 1;
  for (let j = 0; j < d; j++) out[j] = split.x[row * d + j]!;
};

/** The same features for a linear model without a bias, which fill the whole of `out`. */
export const linearFeaturesWithoutBias: RowFeatures = (split, row, out) => {
  const d = out.length;
  for (let j = 0; j < d; j++) out[j] = split.x[row * d + j]!;
};
