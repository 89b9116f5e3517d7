import { expMinusAbs, logisticLossDerivativeGiven, logisticLossGiven } from "../losses/bce.ts";
import { squaredError, squaredErrorDerivative } from "../losses/mse.ts";

// The MLP's output unit over the first m rows of a block: its loss against the targets (losses/) and d loss / d output,
// read from and written to the model's activation and delta buffers at `outputAt`.

/**
 * For the first m rows of a block, adds Σ BCE(z, y) to sums[0] and writes d BCE / d z = σ(z) - y into the output
 * deltas, sharing one exponential e^(-|z|) per row.
 */
export function addLogisticLossesAndDeltas(
  act: Float64Array,
  delta: Float64Array,
  targets: Float64Array,
  outputAt: number,
  m: number,
  sums: Float64Array,
): void {
  let total = sums[0]!;
  for (let r = 0; r < m; r++) {
    const z = act[outputAt + r]!;
    const target = targets[r]!;
    const e = expMinusAbs(z);
    total += logisticLossGiven(z, target, e);
    delta[outputAt + r] = logisticLossDerivativeGiven(z, target, e);
  }
  sums[0] = total;
}

/** For the first m rows of a block, writes d BCE / d z = σ(z) - y into the output deltas. */
export function writeLogisticDeltas(
  act: Float64Array,
  delta: Float64Array,
  targets: Float64Array,
  outputAt: number,
  m: number,
): void {
  for (let r = 0; r < m; r++) {
    const z = act[outputAt + r]!;
    delta[outputAt + r] = logisticLossDerivativeGiven(z, targets[r]!, expMinusAbs(z));
  }
}

/** For the first m rows of a block, adds Σ BCE(z, y) to sums[0]. */
export function addLogisticLosses(
  act: Float64Array,
  targets: Float64Array,
  outputAt: number,
  m: number,
  sums: Float64Array,
): void {
  let total = sums[0]!;
  for (let r = 0; r < m; r++) {
    const z = act[outputAt + r]!;
    total += logisticLossGiven(z, targets[r]!, expMinusAbs(z));
  }
  sums[0] = total;
}

/** For the first m rows of a block, adds Σ (ŷ - y)² to sums[0] and writes d/dŷ = 2 (ŷ - y) into the output deltas. */
export function addSquaredErrorsAndDeltas(
  act: Float64Array,
  delta: Float64Array,
  targets: Float64Array,
  outputAt: number,
  m: number,
  sums: Float64Array,
): void {
  let total = sums[0]!;
  for (let r = 0; r < m; r++) {
    const prediction = act[outputAt + r]!;
    const target = targets[r]!;
    total += squaredError(prediction, target);
    delta[outputAt + r] = squaredErrorDerivative(prediction, target);
  }
  sums[0] = total;
}
