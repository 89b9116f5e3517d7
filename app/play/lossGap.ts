// Plain-words readings of a run for the student page: why it diverged, whether it barely moved, how far it sits
// from the best possible loss. The numbers all come from the engine's losses or the server's verdict; this file
// only compares them, so no component has to.

/** A run that ends above this share of its starting loss, without diverging, "barely moved". */
export const BARELY_MOVED_RATIO = 0.9;

export type Reading =
  | { readonly kind: "diverged"; readonly epoch: number; readonly message: string }
  | { readonly kind: "barely-moved"; readonly share: number; readonly message: string }
  | { readonly kind: "none" };

/** Explains a diverged run, or a finished one whose loss hardly fell; "none" for anything else. */
export function readRun(run: {
  readonly losses: readonly (number | null)[];
  readonly finished: boolean;
  readonly divergedAt: number | null;
  readonly finalLoss: number | null;
  readonly lr: number;
}): Reading {
  if (run.divergedAt !== null) {
    return {
      kind: "diverged",
      epoch: run.divergedAt,
      message:
        `The loss exploded at epoch ${run.divergedAt}: the learning rate (${run.lr}) is too high for this data. ` +
        "Each step overshoots the bottom of the valley and lands higher up the other side, so every step makes " +
        "things worse. Try a smaller learning rate.",
    };
  }
  const start = run.losses[0] ?? null;
  const end = run.finalLoss;
  if (!run.finished || start === null || end === null || !(start > 0)) return { kind: "none" };
  const share = end / start;
  if (share <= BARELY_MOVED_RATIO) return { kind: "none" };
  return {
    kind: "barely-moved",
    share,
    message:
      `Barely moved: after ${run.losses.length} epochs the loss is still ${Math.round(share * 100)}% of where it ` +
      "started. The learning rate is so small that each step down the foggy hill is a shuffle of the feet. " +
      "Try a larger learning rate.",
  };
}

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
