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

/**
 * The loss the run report shows, and what it was measured on. The server's verdict holds the loss at the final
 * parameters; until then the curve holds, for each epoch, the loss at its start: before that epoch's update, so
 * after one step from w = 1 it is the loss at w = 1, not at the new w.
 */
export type ShownLoss =
  | { readonly measured: "final"; readonly loss: number | null }
  | { readonly measured: "epoch-start"; readonly epoch: number; readonly loss: number };

/** The loss to show for a run: the verdict's final loss when there is one, else the last finite epoch's. */
export function shownLoss(
  verdictLoss: number | null | undefined,
  losses: readonly (number | null)[] | undefined,
): ShownLoss | null {
  if (verdictLoss !== undefined) return { measured: "final", loss: verdictLoss };
  if (!losses) return null;
  for (let epoch = losses.length - 1; epoch >= 0; epoch--) {
    const loss = losses[epoch];
    if (loss !== null && loss !== undefined && Number.isFinite(loss)) return { measured: "epoch-start", epoch, loss };
  }
  return null;
}
