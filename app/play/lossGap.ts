// How far a run's loss sits from the best possible one, for the student page. The numbers come from the engine's
// losses or the server's verdict; this file only compares them, so no component has to. What went wrong and what to
// try next is the server's diagnosis (RunFinished.diagnosis), shown as it is.

/** How far a loss sits above the best possible one: the difference, and the ratio loss / optimum. */
export function gapToOptimum(
  loss: number | null,
  optimum: number | null,
): { readonly difference: number; readonly ratio: number | null } | null {
  if (loss === null || optimum === null || !Number.isFinite(loss)) return null;
  // Against an exact fit (an optimum of ~0) a ratio means nothing.
  return { difference: Math.max(0, loss - optimum), ratio: optimum > 1e-12 ? loss / optimum : null };
}

/** The last finite loss of a curve, or null. */
export function lastFiniteLoss(losses: readonly (number | null)[]): number | null {
  for (let i = losses.length - 1; i >= 0; i--) {
    const loss = losses[i];
    if (loss !== null && loss !== undefined && Number.isFinite(loss)) return loss;
  }
  return null;
}
