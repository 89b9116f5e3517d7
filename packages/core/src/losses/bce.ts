import { exp, log1p, sigmoid } from "../math/portable.ts";
import type { Loss } from "./Loss.ts";

/** The logistic function σ(z) = 1 / (1 + e^(-z)) (portable.ts; re-exported here beside the loss that uses it). */
export { sigmoid };

/**
 * Binary cross-entropy of one example from its logit z and label y ∈ {0, 1}:
 * -y log σ(z) - (1 - y) log(1 - σ(z)), written as max(z, 0) - y z + log(1 + e^(-|z|)) so it stays finite for large |z|.
 */
export function logisticLoss(z: number, target: number): number {
  return (z > 0 ? z : 0) - target * z + log1p(exp(-Math.abs(z)));
}

/** d BCE / d z = σ(z) - y. */
export function logisticLossDerivative(z: number, target: number): number {
  return sigmoid(z) - target;
}

/** Binary cross-entropy on a logit: the per-example loss and its derivative with respect to the logit z. */
export const bce: Loss = {
  name: "bce",
  value: logisticLoss,
  derivative: logisticLossDerivative,
};
