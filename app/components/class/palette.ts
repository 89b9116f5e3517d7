// Okabe–Ito colours, safe for the common colour-vision deficiencies, one per optimizer so the loss chart, the
// scatter and the mix agree. Yellow is left out: it disappears on a white projector screen.
import type { OptimizerName } from "@downhill/core";

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
