// Colours of the student's own plots. Viridis (sequential, readable in greyscale and by the common colour-vision
// deficiencies) for the loss surface; Okabe–Ito blue and vermillion for the two classes, which also differ in shape.

/** Viridis, from low loss (light yellow) to high loss (dark purple). */
export const SURFACE_COLORS = [
  "#fde725",
  "#a0da39",
  "#4ac16d",
  "#1fa187",
  "#277f8e",
  "#365c8d",
  "#46327e",
  "#440154",
] as const;

export const CLASS_COLORS = { negative: "#0072B2", positive: "#D55E00" } as const;
/** The background tint of each class's region in a decision-boundary plot, as RGB. */
export const CLASS_TINTS = { negative: [0, 114, 178], positive: [213, 94, 0] } as const;
export const FIT_COLOR = "#000000";
export const POINT_COLOR = "#0072B2";
export const PATH_COLOR = "#000000";
export const PATH_HALO = "#ffffff";
