/**
 * Linear interpolation from `start` towards `end` by `weight`, start + weight * (end - start), written as torch's
 * `lerp` kernel writes it: for |weight| >= 0.5 it computes end - (end - start) * (1 - weight), which is more exact
 * there. Adam's first moment and centered RMSprop's gradient average use it, as torch.optim does.
 */
export function lerp(start: number, end: number, weight: number): number {
  return Math.abs(weight) < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight);
}
