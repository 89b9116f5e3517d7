// Okabe–Ito colours, safe for the common colour-vision deficiencies, one per optimizer so the loss chart, the
// scatter and the mix agree. Yellow is left out: it disappears on a white projector screen.
import type { OptimizerName, ReferenceId } from "@downhill/core";

export const OPTIMIZER_COLORS: Readonly<Record<OptimizerName, string>> = {
  sgd: "#0072B2",
  adagrad: "#009E73",
  rmsprop: "#CC79A7",
  adam: "#E69F00",
};

export const DIVERGED_COLOR = "#D55E00";
export const BAND_COLOR = "#56B4E9";
export const MEDIAN_COLOR = "#1b1f24";
export const OWN_COLOR = "#000000";
/** The edge of stability's dashed line: dark, so it reads as a boundary rather than as a run. */
export const EDGE_COLOR = "#57606a";

export const OPTIMIZER_LABELS: Readonly<Record<OptimizerName, string>> = {
  sgd: "SGD",
  adagrad: "Adagrad",
  rmsprop: "RMSprop",
  adam: "Adam",
};

/**
 * PyTorch's defaults, drawn as grey ghosts behind the class: told apart by their dash patterns and labels, so they
 * never pass for a student's run.
 */
export const REFERENCE_STYLES: Readonly<Record<ReferenceId, { readonly color: string; readonly dash: string }>> = {
  sgd: { color: "#57606a", dash: "2 3" },
  "sgd-momentum": { color: "#424a53", dash: "9 4" },
  adam: { color: "#6e7781", dash: "9 3 2 3" },
};

/** The legend's words for a reference curve. */
export function referenceLabel(label: string): string {
  return `PyTorch default: ${label}`;
}

/** Earlier attempts on the student's own chart, drawn faintly under the current run (black), one colour each. */
const ATTEMPT_COLORS = ["#0072B2", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#D55E00"] as const;

/** The colour of attempt `n` (1, 2, ...), cycling when a challenge allows more attempts than colours. */
export function attemptColor(attempt: number): string {
  return ATTEMPT_COLORS[(attempt - 1) % ATTEMPT_COLORS.length] ?? ATTEMPT_COLORS[0];
}
