import type { Split } from "../datasets/Dataset.ts";
import type { Random } from "../random.ts";
import type { Initialization, Model } from "./Model.ts";

const SPEC = { kind: "linear" } as const;

/**
 * Linear regression ŷ = w · x + b on `inputs` features, scored by mean squared error (y - ŷ)².
 *
 * Parameter layout: `[w_0, …, w_{d-1}, b]` (d = inputs), so params[j] multiplies feature j and params[d] is the bias.
 *
 * `initialize(…, "random")` draws every parameter from U(-1/√d, 1/√d), torch's `nn.Linear` default.
 */
export function createLinearRegression(inputs: number): Model {
  if (!Number.isInteger(inputs) || inputs < 1)
    throw new Error(`linear regression needs at least 1 input, got ${inputs}`);
  const d = inputs;

  /** Mean of (y - ŷ)² over the rows, and its gradient: d/dw_j = mean 2(ŷ - y) x_j, d/db = mean 2(ŷ - y). */
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
    if (d === 1) {
      // One feature (the textbook line): keep w and its gradient in registers.
      const w = params[0]!;
      let gw = 0;
      for (let k = start; k < end; k++) {
        const row = order === null ? k : order[k]!;
        const xv = x[row]!;
        const r = w * xv + b - y[row]!;
        loss += r * r;
        gw += r * xv;
        gb += r;
      }
      grad[0] = gw;
    } else {
      for (let k = start; k < end; k++) {
        const row = order === null ? k : order[k]!;
        const base = row * d;
        let z = b;
        for (let j = 0; j < d; j++) z += params[j]! * x[base + j]!;
        const r = z - y[row]!;
        loss += r * r;
        for (let j = 0; j < d; j++) grad[j] = grad[j]! + r * x[base + j]!;
        gb += r;
      }
    }
    // d (ŷ - y)² / d ŷ = 2 (ŷ - y); the 2 and the 1/m of the mean are applied once here.
    const scale = 2 / (end - start);
    for (let j = 0; j < d; j++) grad[j] = grad[j]! * scale;
    grad[d] = gb * scale;
    return loss / (end - start);
  }

  /** Mean of (y - ŷ)² over every row of the split. */
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
      const r = z - y[row]!;
      total += r * r;
    }
    return total / n;
  }

  /** ŷ = w · x + b. */
  function predict(params: Float64Array, row: ArrayLike<number>): number {
    let z = params[d]!;
    for (let j = 0; j < d; j++) z += params[j]! * row[j]!;
    return z;
  }

  function initialize(params: Float64Array, init: Initialization, random: Random): void {
    if (init === "zeros") {
      params.fill(0);
      return;
    }
    const bound = 1 / Math.sqrt(d);
    for (let j = 0; j <= d; j++) params[j] = (2 * random.next() - 1) * bound;
  }

  return { spec: SPEC, task: "regression", inputs: d, paramCount: d + 1, lossAndGradient, loss, predict, initialize };
}
