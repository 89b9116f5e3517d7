import type { Split } from "../datasets/Dataset.ts";
import type { Random } from "../random.ts";
import { addLogisticLosses, addLogisticLossesAndDeltas, sigmoid, writeLogisticDeltas } from "../losses/bce.ts";
import { initializeLinearLayer, type Initialization, type Model, type RowRangePass } from "./Model.ts";

const SPEC = { kind: "logistic" } as const;

/** Rows are scored this many at a time: their logits go into a buffer that the loss's block forms read. */
const BLOCK = 32;

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

  /** The logits, d loss / d logit and labels of a block of rows; sums[0] the running loss total of a pass. */
  const logits = new Float64Array(BLOCK);
  const deltas = new Float64Array(BLOCK);
  const targets = new Float64Array(BLOCK);
  const sums = new Float64Array(1);

  /** Writes the logits z = w · x + b and labels of rows order[from .. from + m) (from .. from + m when order is null). */
  function loadLogits(params: Float64Array, split: Split, order: Uint32Array | null, from: number, m: number): void {
    const x = split.x;
    const b = params[d]!;
    for (let r = 0; r < m; r++) {
      const row = order === null ? from + r : order[from + r]!;
      const base = row * d;
      let z = b;
      for (let j = 0; j < d; j++) z += params[j]! * x[base + j]!;
      logits[r] = z;
      targets[r] = split.y[row]!;
    }
  }

  /**
   * Mean binary cross-entropy over the rows, and its gradient: d/dw_j = mean (σ(z) - y) x_j, d/db = mean (σ(z) - y).
   * A wrapper small enough for the engine to inline into the caller, so that the loss is not boxed on every call.
   */
  const lossAndGradient: RowRangePass<number> = (params, split, order, start, end, grad) => {
    accumulate(params, split, order, start, end, grad, true);
    return sums[0]!;
  };

  /** The gradient of `lossAndGradient` alone, without the logarithms of the loss. */
  const gradient: RowRangePass<void> = (params, split, order, start, end, grad) => {
    accumulate(params, split, order, start, end, grad, false);
  };

  /** Writes the mean gradient into grad and, when withLoss, the mean loss into sums[0]. */
  function accumulate(
    params: Float64Array,
    split: Split,
    order: Uint32Array | null,
    start: number,
    end: number,
    grad: Float64Array,
    withLoss: boolean,
  ): void {
    grad.fill(0);
    sums[0] = 0;
    if (end <= start) return;
    const x = split.x;
    let gb = 0;
    for (let from = start; from < end; from += BLOCK) {
      const m = Math.min(BLOCK, end - from);
      loadLogits(params, split, order, from, m);
      if (withLoss) addLogisticLossesAndDeltas(logits, deltas, targets, 0, m, sums);
      else writeLogisticDeltas(logits, deltas, targets, 0, m);
      for (let r = 0; r < m; r++) {
        const base = (order === null ? from + r : order[from + r]!) * d;
        const dz = deltas[r]!;
        for (let j = 0; j < d; j++) grad[j] = grad[j]! + dz * x[base + j]!;
        gb += dz;
      }
    }
    const scale = 1 / (end - start);
    for (let j = 0; j < d; j++) grad[j] = grad[j]! * scale;
    grad[d] = gb * scale;
    sums[0] = sums[0] * scale;
  }

  /** Mean binary cross-entropy over every row of the split (a small wrapper, for the reason given above). */
  function loss(params: Float64Array, split: Split): number {
    lossPass(params, split);
    return sums[0]!;
  }

  /** Leaves the mean binary cross-entropy over every row of the split in sums[0]. */
  function lossPass(params: Float64Array, split: Split): void {
    const n = split.n;
    sums[0] = 0;
    if (n === 0) return;
    for (let from = 0; from < n; from += BLOCK) {
      const m = Math.min(BLOCK, n - from);
      loadLogits(params, split, null, from, m);
      addLogisticLosses(logits, targets, 0, m, sums);
    }
    sums[0] = sums[0] / n;
  }

  /** The probability of class 1, σ(w · x + b). */
  function predict(params: Float64Array, row: ArrayLike<number>): number {
    let z = params[d]!;
    for (let j = 0; j < d; j++) z += params[j]! * row[j]!;
    return sigmoid(z);
  }

  function initialize(params: Float64Array, init: Initialization, random: Random): void {
    initializeLinearLayer(params, d + 1, d, init, random);
  }

  return {
    spec: SPEC,
    task: "classification",
    inputs: d,
    paramCount: d + 1,
    lossAndGradient,
    gradient,
    loss,
    predict,
    initialize,
  };
}
