// Binary cross-entropy on a logit, per example and over a block of examples: every classifier (logistic regression,
// the MLP's classification output) writes its logits into a buffer and calls the block forms at the end of this file.
// The loss and its derivative both need e^(-|z|); a caller that wants both computes it once with `expMinusAbs` and
// passes it to the `...Given` forms.
import { exp, log1p, sigmoid } from "../math/portable.ts";

/** The logistic function σ(z) = 1 / (1 + e^(-z)) (portable.ts; re-exported here beside the loss that uses it). */
export { sigmoid };

/** e^(-|z|): never overflows, and gives both σ(z) and log(1 + e^(-|z|)). */
export function expMinusAbs(z: number): number {
  return exp(z < 0 ? z : -z);
}

/**
 * Binary cross-entropy of one example from its logit z and label y ∈ {0, 1}, given e = e^(-|z|):
 * -y log σ(z) - (1 - y) log(1 - σ(z)), written as max(z, 0) - y z + log(1 + e^(-|z|)) so it stays finite for large |z|.
 */
export function logisticLossGiven(z: number, target: number, e: number): number {
  return (z > 0 ? z : 0) - target * z + log1p(e);
}

/** d BCE / d z = σ(z) - y, given e = e^(-|z|): σ(z) is 1 / (1 + e) for z ≥ 0 and e / (1 + e) below. */
export function logisticLossDerivativeGiven(z: number, target: number, e: number): number {
  return (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - target;
}

/** Binary cross-entropy of one example from its logit z and label y (see logisticLossGiven). */
export function logisticLoss(z: number, target: number): number {
  return logisticLossGiven(z, target, expMinusAbs(z));
}

/** d BCE / d z = σ(z) - y. */
export function logisticLossDerivative(z: number, target: number): number {
  return logisticLossDerivativeGiven(z, target, expMinusAbs(z));
}

// The block forms: for the m examples whose logits are z[at], …, z[at + m - 1] and labels targets[0], …,
// targets[m - 1]. Three loops rather than one with flags, so that each stays small and monomorphic in the hot path.

/** Adds Σ BCE(z, y) to sums[0] and writes d BCE / d z = σ(z) - y into deltas[at + r], one e^(-|z|) per example. */
export function addLogisticLossesAndDeltas(
  z: Float64Array,
  deltas: Float64Array,
  targets: Float64Array,
  at: number,
  m: number,
  sums: Float64Array,
): void {
  let total = sums[0]!;
  for (let r = 0; r < m; r++) {
    const logit = z[at + r]!;
    const target = targets[r]!;
    const e = expMinusAbs(logit);
    total += logisticLossGiven(logit, target, e);
    deltas[at + r] = logisticLossDerivativeGiven(logit, target, e);
  }
  sums[0] = total;
}

/** Writes d BCE / d z = σ(z) - y into deltas[at + r], without the losses. */
export function writeLogisticDeltas(
  z: Float64Array,
  deltas: Float64Array,
  targets: Float64Array,
  at: number,
  m: number,
): void {
  for (let r = 0; r < m; r++) {
    const logit = z[at + r]!;
    deltas[at + r] = logisticLossDerivativeGiven(logit, targets[r]!, expMinusAbs(logit));
  }
}

/** Adds Σ BCE(z, y) to sums[0], without the derivatives. */
export function addLogisticLosses(
  z: Float64Array,
  targets: Float64Array,
  at: number,
  m: number,
  sums: Float64Array,
): void {
  let total = sums[0]!;
  for (let r = 0; r < m; r++) {
    const logit = z[at + r]!;
    total += logisticLossGiven(logit, targets[r]!, expMinusAbs(logit));
  }
  sums[0] = total;
}
