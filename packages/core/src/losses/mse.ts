import type { Loss } from "./Loss.ts";

/** Squared error of one example, (y - ŷ)², without the factor 1/2 (as in the source text). */
export function squaredError(prediction: number, target: number): number {
  const residual = target - prediction;
  return residual * residual;
}

/** d (y - ŷ)² / d ŷ = -2 (y - ŷ). */
export function squaredErrorDerivative(prediction: number, target: number): number {
  return -2 * (target - prediction);
}

/** Mean squared error: the per-example loss (y - ŷ)² and its derivative with respect to the prediction ŷ. */
export const mse: Loss = {
  name: "mse",
  value: squaredError,
  derivative: squaredErrorDerivative,
};
