// Mean squared error as the source text writes it: (y - ŷ)² per example, without a factor 1/2. Every regression model
// (linear, polynomial, the MLP's regression output) calls these two per example; the mean over the batch and the chain
// rule into the parameters are the model's.

/** Squared error of one example: (ŷ - y)², which equals the source text's (y - ŷ)² bit for bit. */
export function squaredError(prediction: number, target: number): number {
  const residual = prediction - target;
  return residual * residual;
}

/** d (ŷ - y)² / d ŷ = 2 (ŷ - y). */
export function squaredErrorDerivative(prediction: number, target: number): number {
  return 2 * (prediction - target);
}
