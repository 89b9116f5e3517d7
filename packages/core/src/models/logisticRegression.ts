import type { Split } from "../datasets/Dataset.ts";
import type { Random } from "../random.ts";
import { expMinusAbs, logisticLoss, logisticLossDerivativeGiven, logisticLossGiven, sigmoid } from "../losses/bce.ts";
import type { Initialization, Model } from "./Model.ts";

const SPEC = { kind: "logistic" } as const;

/**
 * Logistic regression on `inputs` features: the logit z = w · x + b, the probability of class 1 is σ(z), scored by
 * binary cross-entropy on the logit.
 *
 * Parameter layout: `[w_0, …, w_{d-1}, b]` (d = inputs), so params[j] multiplies feature j and params[d] is the bias.
 *
 * `initialize(…, "random")` draws every parameter from U(-1/√d, 1/√d), torch's `nn.Linear` default.
 */
export function createLogisticRegression(inputs: number): Model {
  if (!Number.isInteger(inputs) || inputs < 1) {
    throw new Error(`logistic regression needs at least 1 input, got ${inputs}`);
  }
  const d = inputs;

  /** Mean binary cross-entropy over the rows, and its gradient: d/dw_j = mean (σ(z) - y) x_j, d/db = mean (σ(z) - y). */
  function lossAndGradient(
    params: Float64Array,
    split: Split,
    order: Uint32Array | null,
    start: number,
    end: number,
    grad: Float64Array,
  ): number {
    grad.fill(0);
    if (end <= start) return 0;
    const x = split.x;
    const y = split.y;
    const b = params[d]!;
    let loss = 0;
    let gb = 0;
    for (let k = start; k < end; k++) {
      const row = order === null ? k : order[k]!;
      const base = row * d;
      let z = b;
      for (let j = 0; j < d; j++) z += params[j]! * x[base + j]!;
      const target = y[row]!;
      const e = expMinusAbs(z);
      loss += logisticLossGiven(z, target, e);
      const dz = logisticLossDerivativeGiven(z, target, e);
      for (let j = 0; j < d; j++) grad[j] = grad[j]! + dz * x[base + j]!;
      gb += dz;
    }
    const scale = 1 / (end - start);
    for (let j = 0; j < d; j++) grad[j] = grad[j]! * scale;
    grad[d] = gb * scale;
    return loss * scale;
  }

  /** Mean binary cross-entropy over every row of the split. */
  function loss(params: Float64Array, split: Split): number {
    const n = split.n;
    if (n === 0) return 0;
    const x = split.x;
    const y = split.y;
    const b = params[d]!;
    let total = 0;
    for (let row = 0; row < n; row++) {
      const base = row * d;
      let z = b;
      for (let j = 0; j < d; j++) z += params[j]! * x[base + j]!;
      total += logisticLoss(z, y[row]!);
    }
    return total / n;
  }

  /** The probability of class 1, σ(w · x + b). */
  function predict(params: Float64Array, row: ArrayLike<number>): number {
    let z = params[d]!;
    for (let j = 0; j < d; j++) z += params[j]! * row[j]!;
    return sigmoid(z);
  }

  function initialize(params: Float64Array, init: Initialization, random: Random): void {
    if (init === "zeros") {
      params.fill(0);
      return;
    }
    const bound = 1 / Math.sqrt(d);
    for (let j = 0; j <= d; j++) params[j] = (2 * random.next() - 1) * bound;
  }

  return {
    spec: SPEC,
    task: "classification",
    inputs: d,
    paramCount: d + 1,
    lossAndGradient,
    loss,
    predict,
    initialize,
  };
}
