import type { Split } from "../datasets/Dataset.ts";
import type { Model } from "./Model.ts";

/**
 * The central finite-difference estimate (L(p + h e_i) - L(p - h e_i)) / 2h of every partial derivative of the
 * model's mean loss over the same rows `lossAndGradient` would read. A check on backpropagation, not a hot path.
 */
export function finiteDifferenceGradient(
  model: Model,
  params: Float64Array,
  split: Split,
  order: Uint32Array | null,
  start: number,
  end: number,
  h = 1e-5,
): Float64Array {
  const shifted = Float64Array.from(params);
  const scratch = new Float64Array(model.paramCount);
  const estimate = new Float64Array(model.paramCount);
  for (let i = 0; i < model.paramCount; i++) {
    shifted[i] = params[i]! + h;
    const up = model.lossAndGradient(shifted, split, order, start, end, scratch);
    shifted[i] = params[i]! - h;
    const down = model.lossAndGradient(shifted, split, order, start, end, scratch);
    shifted[i] = params[i]!;
    estimate[i] = (up - down) / (2 * h);
  }
  return estimate;
}

/** The largest |a_i - b_i| / max(|a_i|, |b_i|, floor) over the entries: relative error, absolute near zero. */
export function maxRelativeError(a: Float64Array, b: Float64Array, floor = 1e-4): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const scale = Math.max(Math.abs(a[i]!), Math.abs(b[i]!), floor);
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / scale);
  }
  return worst;
}
