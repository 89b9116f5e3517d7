import type { Split, Task } from "../datasets/Dataset.ts";
import { addLogisticLosses, addLogisticLossesAndDeltas, sigmoid, writeLogisticDeltas } from "../losses/bce.ts";
import { addSquaredErrorsAndDeltas } from "../losses/mse.ts";
import type { Random } from "../random.ts";
import { activations } from "./activations.ts";
import {
  ACTIVATIONS,
  fillUniform,
  type ActivationName,
  type Initialization,
  type Model,
  type RowRangePass,
} from "./Model.ts";

/**
 * Rows are pushed through the network this many at a time (layer by layer over the block), so the inner loops run
 * over rows rather than over the few units of a small layer. The scratch buffers hold one block.
 */
const BLOCK = 32;

/** Size bounds of a multilayer perceptron: at most 4 hidden layers of 1 to 16 units each. */
export const MLP_LIMITS = { maxHiddenLayers: 4, maxUnits: 16 } as const;

/** Number of parameters of an MLP: Σ over layers of (out × in weights + out biases), with one output unit. */
export function mlpParamCount(inputs: number, hidden: readonly number[]): number {
  let count = 0;
  let fanIn = inputs;
  for (const units of [...hidden, 1]) {
    count += units * fanIn + units;
    fanIn = units;
  }
  return count;
}

/**
 * A multilayer perceptron with `inputs` features, the given hidden layers (each followed by `activation`) and one
 * output unit. For "classification" the output is a logit scored by binary cross-entropy and `predict` returns
 * σ(logit); for "regression" the output is linear and scored by mean squared error.
 *
 * Parameter layout: layer by layer from the input, each layer's weight matrix row-major (out × in, so W[j * in + i]
 * connects input unit i to output unit j) followed by its bias vector. For inputs 2 and hidden [4, 2]:
 * W1 (4×2), b1 (4), W2 (2×4), b2 (2), W3 (1×2), b3 (1) — 25 parameters.
 *
 * `initialize(…, "random")` draws each weight from U(-√(6 / (in + out)), √(6 / (in + out))) (Glorot/Xavier uniform)
 * and sets biases to 0. `initialize(…, "zeros")` sets everything to 0: then every unit of a hidden layer computes the
 * same value and receives the same gradient, so gradient descent can never break the symmetry between them (with
 * tanh or relu the hidden weights do not move at all) — the classroom's demonstration of why networks start random.
 */
export function createMlp(
  inputs: number,
  hidden: readonly number[],
  activationName: ActivationName,
  task: Task,
): Model {
  if (!Number.isInteger(inputs) || inputs < 1) throw new Error(`an MLP needs at least 1 input, got ${inputs}`);
  if (hidden.length > MLP_LIMITS.maxHiddenLayers) {
    throw new Error(`an MLP has at most ${MLP_LIMITS.maxHiddenLayers} hidden layers, got ${hidden.length}`);
  }
  for (const units of hidden) {
    if (!Number.isInteger(units) || units < 1 || units > MLP_LIMITS.maxUnits) {
      throw new Error(`each hidden layer has 1 to ${MLP_LIMITS.maxUnits} units, got ${units}`);
    }
  }
  if (!ACTIVATIONS.includes(activationName)) throw new Error(`unknown activation "${String(activationName)}"`);
  const activation = activations[activationName];
  const classification = task === "classification";
  const spec = { kind: "mlp", hidden: [...hidden], activation: activationName } as const;

  const layers = hidden.length + 1;
  // sizes[l] units in layer l: layer 0 is the input, layer `layers` the single output.
  const sizes = Int32Array.from([inputs, ...hidden, 1]);
  // Where weight matrix l (from layer l to l + 1) and its bias start in params.
  const weightOffset = new Int32Array(layers);
  const biasOffset = new Int32Array(layers);
  // Where the values of layer l start in the activation and delta buffers, in units of BLOCK.
  const unitOffset = new Int32Array(layers + 1);
  let paramCount = 0;
  let units = 0;
  for (let l = 0; l <= layers; l++) {
    unitOffset[l] = units;
    units += sizes[l]!;
    if (l < layers) {
      weightOffset[l] = paramCount;
      paramCount += sizes[l + 1]! * sizes[l]!;
      biasOffset[l] = paramCount;
      paramCount += sizes[l + 1]!;
    }
  }
  const outputAt = unitOffset[layers]! * BLOCK;
  /** act[(unitOffset[l] + j) * BLOCK + r]: output of unit j of layer l for row r of the block (layer 0: the input). */
  const act = new Float64Array(units * BLOCK);
  /** delta[(unitOffset[l] + j) * BLOCK + r]: d loss / d (pre-activation of unit j of layer l) for row r of the block. */
  const delta = new Float64Array(units * BLOCK);
  /** The targets of the block's rows. */
  const targets = new Float64Array(BLOCK);
  /** sums[0]: the running loss total of a pass (a slot rather than a local, so it crosses calls unboxed). */
  const sums = new Float64Array(1);

  /** Copies rows order[from .. from + m) (from .. from + m when order is null) into the input layer and targets. */
  function loadBlock(split: Split, order: Uint32Array | null, from: number, m: number): void {
    const x = split.x;
    const y = split.y;
    for (let r = 0; r < m; r++) {
      const row = order === null ? from + r : order[from + r]!;
      const base = row * inputs;
      for (let i = 0; i < inputs; i++) act[i * BLOCK + r] = x[base + i]!;
      targets[r] = y[row]!;
    }
  }

  /** Forward pass of the first m rows of the block: a = f(W a_prev + b) layer by layer, linear at the output. */
  function forward(params: Float64Array, m: number): void {
    for (let l = 0; l < layers; l++) {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      const inAt = unitOffset[l]! * BLOCK;
      const outAt = unitOffset[l + 1]! * BLOCK;
      const w = weightOffset[l]!;
      const bAt = biasOffset[l]!;
      for (let j = 0; j < fanOut; j++) {
        const out = outAt + j * BLOCK;
        const row = w + j * fanIn;
        // Two inputs per pass over the rows (one load and store of the sum for two products), the first pass
        // starting from the bias: the sums are formed in the same order as one input at a time.
        const bias = params[bAt + j]!;
        const w0 = params[row]!;
        let i = 1;
        if (fanIn === 1) {
          for (let r = 0; r < m; r++) act[out + r] = bias + w0 * act[inAt + r]!;
        } else {
          const w1 = params[row + 1]!;
          const a1 = inAt + BLOCK;
          for (let r = 0; r < m; r++) act[out + r] = bias + w0 * act[inAt + r]! + w1 * act[a1 + r]!;
          i = 2;
        }
        for (; i + 1 < fanIn; i += 2) {
          const wa = params[row + i]!;
          const wb = params[row + i + 1]!;
          const a = inAt + i * BLOCK;
          const b = a + BLOCK;
          for (let r = 0; r < m; r++) act[out + r] = act[out + r]! + wa * act[a + r]! + wb * act[b + r]!;
        }
        if (i < fanIn) {
          const weight = params[row + i]!;
          const a = inAt + i * BLOCK;
          for (let r = 0; r < m; r++) act[out + r] = act[out + r]! + weight * act[a + r]!;
        }
        if (l < layers - 1) activation.applyInPlace(act, out, out + m);
      }
    }
  }

  /**
   * Backward pass of the first m rows of the block, from the output deltas already in place: adds
   * Σ_r delta_j a_i to d/dW[j, i] and Σ_r delta_j to d/db_j, and sends delta_i = f'(a_i) Σ_j W[j, i] delta_j down.
   */
  function backward(params: Float64Array, grad: Float64Array, m: number): void {
    for (let l = layers - 1; l >= 0; l--) {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      const inAt = unitOffset[l]! * BLOCK;
      const outAt = unitOffset[l + 1]! * BLOCK;
      const w = weightOffset[l]!;
      const bAt = biasOffset[l]!;
      // As in forward, two sums per pass over the rows, each formed in the same order as one at a time.
      for (let j = 0; j < fanOut; j++) {
        const out = outAt + j * BLOCK;
        const row = w + j * fanIn;
        // The first pass also sums the bias's gradient.
        let gb = 0;
        let g0 = 0;
        let i = 1;
        if (fanIn === 1) {
          for (let r = 0; r < m; r++) {
            const d = delta[out + r]!;
            gb += d;
            g0 += d * act[inAt + r]!;
          }
        } else {
          const a1 = inAt + BLOCK;
          let g1 = 0;
          for (let r = 0; r < m; r++) {
            const d = delta[out + r]!;
            gb += d;
            g0 += d * act[inAt + r]!;
            g1 += d * act[a1 + r]!;
          }
          grad[row + 1] = grad[row + 1]! + g1;
          i = 2;
        }
        grad[bAt + j] = grad[bAt + j]! + gb;
        grad[row] = grad[row]! + g0;
        for (; i + 1 < fanIn; i += 2) {
          const a = inAt + i * BLOCK;
          const b = a + BLOCK;
          let ga = 0;
          let gc = 0;
          for (let r = 0; r < m; r++) {
            const d = delta[out + r]!;
            ga += d * act[a + r]!;
            gc += d * act[b + r]!;
          }
          grad[row + i] = grad[row + i]! + ga;
          grad[row + i + 1] = grad[row + i + 1]! + gc;
        }
        if (i < fanIn) {
          const a = inAt + i * BLOCK;
          let ga = 0;
          for (let r = 0; r < m; r++) ga += delta[out + r]! * act[a + r]!;
          grad[row + i] = grad[row + i]! + ga;
        }
      }
      if (l === 0) break;
      for (let i = 0; i < fanIn; i++) {
        const a = inAt + i * BLOCK;
        const w0 = params[w + i]!;
        let j = 1;
        if (fanOut === 1) {
          for (let r = 0; r < m; r++) delta[a + r] = w0 * delta[outAt + r]!;
        } else {
          const w1 = params[w + fanIn + i]!;
          const d1 = outAt + BLOCK;
          for (let r = 0; r < m; r++) delta[a + r] = w0 * delta[outAt + r]! + w1 * delta[d1 + r]!;
          j = 2;
        }
        for (; j + 1 < fanOut; j += 2) {
          const wa = params[w + j * fanIn + i]!;
          const wb = params[w + (j + 1) * fanIn + i]!;
          const da = outAt + j * BLOCK;
          const db = da + BLOCK;
          for (let r = 0; r < m; r++) delta[a + r] = delta[a + r]! + wa * delta[da + r]! + wb * delta[db + r]!;
        }
        if (j < fanOut) {
          const weight = params[w + j * fanIn + i]!;
          const da = outAt + j * BLOCK;
          for (let r = 0; r < m; r++) delta[a + r] = delta[a + r]! + weight * delta[da + r]!;
        }
        activation.scaleByDerivative(delta, act, a, a + m);
      }
    }
  }

  /**
   * Mean loss over the rows and its gradient by backpropagation, BLOCK rows at a time. The work happens in
   * `accumulate`, which leaves the loss in sums[0]; this wrapper stays small enough for the engine to inline into
   * the caller, so the returned number is not boxed on every mini-batch.
   */
  const lossAndGradient: RowRangePass<number> = (params, split, order, start, end, grad) => {
    accumulate(params, split, order, start, end, grad);
    return sums[0]!;
  };

  /** The gradient of `lossAndGradient` alone: the output deltas are formed without evaluating the loss. */
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
    withLoss = true,
  ): void {
    grad.fill(0);
    sums[0] = 0;
    if (end <= start) return;
    for (let from = start; from < end; from += BLOCK) {
      const m = Math.min(BLOCK, end - from);
      loadBlock(split, order, from, m);
      forward(params, m);
      // Writes d loss / d output into the output deltas and, when withLoss, adds the block's summed loss to sums[0].
      if (classification) {
        if (withLoss) addLogisticLossesAndDeltas(act, delta, targets, outputAt, m, sums);
        else writeLogisticDeltas(act, delta, targets, outputAt, m);
      } else {
        addSquaredErrorsAndDeltas(act, delta, targets, outputAt, m, sums);
      }
      backward(params, grad, m);
    }
    const scale = 1 / (end - start);
    for (let p = 0; p < paramCount; p++) grad[p] = grad[p]! * scale;
    sums[0] = sums[0] * scale;
  }

  /** Mean loss over every row of the split (a small wrapper over `lossPass`, for the reason given above). */
  function loss(params: Float64Array, split: Split): number {
    lossPass(params, split);
    return sums[0]!;
  }

  /** Leaves the mean loss over every row of the split in sums[0]. */
  function lossPass(params: Float64Array, split: Split): void {
    const n = split.n;
    sums[0] = 0;
    if (n === 0) return;
    for (let from = 0; from < n; from += BLOCK) {
      const m = Math.min(BLOCK, n - from);
      loadBlock(split, null, from, m);
      forward(params, m);
      if (classification) addLogisticLosses(act, targets, outputAt, m, sums);
      else addSquaredErrorsAndDeltas(act, delta, targets, outputAt, m, sums); // (the deltas it also writes go unused)
    }
    sums[0] = sums[0] / n;
  }

  /** The network's output for one row: σ(logit) for classification, the linear output for regression. */
  function predict(params: Float64Array, row: ArrayLike<number>): number {
    for (let i = 0; i < inputs; i++) act[i * BLOCK] = row[i]!;
    forward(params, 1);
    const output = act[outputAt]!;
    return classification ? sigmoid(output) : output;
  }

  function initialize(params: Float64Array, init: Initialization, random: Random): void {
    params.fill(0);
    if (init === "zeros") return;
    for (let l = 0; l < layers; l++) {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      fillUniform(params, weightOffset[l]!, fanOut * fanIn, Math.sqrt(6 / (fanIn + fanOut)), random);
    }
  }

  return { spec, task, inputs, paramCount, lossAndGradient, gradient, loss, predict, initialize };
}
