// Mean squared error as the source text writes it: (y - ŷ)² per example, without a factor 1/2. Every regression model
// (linear, polynomial, the MLP's regression output) calls these two per example, the MLP through the block form at
// the end; the mean over the batch and the chain rule into the parameters are the model's.

/** Squared error of one example: (ŷ - y)², which equals the source text's (y - ŷ)² bit for bit. */
export function squaredError(prediction: number, target: number): number {
  const residual = prediction - target;
  return residual * residual;
}

/** d (ŷ - y)² / d ŷ = 2 (ŷ - y). */
export function squaredErrorDerivative(prediction: number, target: number): number {
  return 2 * (prediction - target);
}

/**
 * For the m examples whose predictions are ŷ[at], …, ŷ[at + m - 1] and targets targets[0], …, targets[m - 1]: adds
 * Σ (ŷ - y)² to sums[0] and writes d/dŷ = 2 (ŷ - y) into deltas[at + r].
 */
export function addSquaredErrorsAndDeltas(
  predictions: Float64Array,
  deltas: Float64Array,
  targets: Float64Array,
  at: number,
  m: number,
  sums: Float64Array,
): void {
  let total = sums[0]!;
  for (let r = 0; r < m; r++) {
    const prediction = predictions[at + r]!;
    const target = targets[r]!;
    total += squaredError(prediction, target);
    deltas[at + r] = squaredErrorDerivative(prediction, target);
  }
  sums[0] = total;
}
