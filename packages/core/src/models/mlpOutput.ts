import { exp, log1p } from "../math/portable.ts";

// The MLP's output unit over the first m rows of a block: its loss against the targets and d loss / d output, read
// from and written to the model's activation and delta buffers at `outputAt`.

/**
 * For the first m rows of a block, adds Σ BCE(z, y) = Σ max(z, 0) - y z + log(1 + e^(-|z|)) to sums[0] and writes
 * d BCE / d z = σ(z) - y into the output deltas, sharing one exponential e^(-|z|) per row (as bce.ts computes them).
 */
export function logisticLossAndDelta(
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
    const e = exp(z < 0 ? z : -z);
    total += (z > 0 ? z : 0) - target * z + log1p(e);
    delta[outputAt + r] = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - target;
  }
  sums[0] = total;
}

/** For the first m rows of a block, writes d BCE / d z = σ(z) - y into the output deltas (as logisticLossAndDelta). */
export function logisticDelta(
  act: Float64Array,
  delta: Float64Array,
  targets: Float64Array,
  outputAt: number,
  m: number,
): void {
  for (let r = 0; r < m; r++) {
    const z = act[outputAt + r]!;
    const e = exp(z < 0 ? z : -z);
    delta[outputAt + r] = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - targets[r]!;
  }
}

/** For the first m rows of a block, adds Σ BCE(z, y) to sums[0] (as logisticLossAndDelta, without the deltas). */
export function logisticLoss(
  act: Float64Array,
  targets: Float64Array,
  outputAt: number,
  m: number,
  sums: Float64Array,
): void {
  let total = sums[0]!;
  for (let r = 0; r < m; r++) {
    const z = act[outputAt + r]!;
    total += (z > 0 ? z : 0) - targets[r]! * z + log1p(exp(z < 0 ? z : -z));
  }
  sums[0] = total;
}

/** For the first m rows of a block, adds Σ (ŷ - y)² to sums[0] and writes d/dŷ = 2 (ŷ - y) into the output deltas. */
export function squaredLossAndDelta(
  act: Float64Array,
  delta: Float64Array,
  targets: Float64Array,
  outputAt: number,
  m: number,
  sums: Float64Array,
): void {
  let total = sums[0]!;
  for (let r = 0; r < m; r++) {
    const residual = act[outputAt + r]! - targets[r]!;
    total += residual * residual;
    delta[outputAt + r] = 2 * residual;
  }
  sums[0] = total;
}
