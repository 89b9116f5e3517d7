// Shared number formatters for every page: the same loss reads the same on the projector, the student page
// and the results table. Formatting only; the numbers themselves come from @downhill/core or the server.

const DASH = "\u2014";

/** A loss with four significant digits; scientific notation outside [0.001, 100000). */
export function formatLoss(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return DASH;
  if (!Number.isFinite(n)) return n > 0 ? "\u221e" : "-\u221e";
  if (n === 0) return "0";
  const magnitude = Math.abs(n);
  if (magnitude < 1e-3 || magnitude >= 1e5) return trimExponent(n.toExponential(3));
  return n.toPrecision(4);
}

/** The longest number `formatPlain` writes out in plain notation, sign and point included. */
export const PLAIN_MAX_CHARS = 10;

/**
 * A number for the back of a room: `digits` significant digits in plain notation where that takes at most
 * PLAIN_MAX_CHARS characters (0.0000526, 0.25, 1234), else scientific (1.23e-7). Whole numbers past `digits`
 * digits are written whole (123456), never rounded to zeros.
 */
export function formatPlain(n: number | null | undefined, digits = 3): string {
  if (n === null || n === undefined || Number.isNaN(n)) return DASH;
  if (!Number.isFinite(n)) return n > 0 ? "\u221e" : "-\u221e";
  if (n === 0) return "0";
  const rounded = Number(n.toPrecision(digits));
  const exponent = Math.floor(Math.log10(Math.abs(rounded)));
  const plain = exponent >= digits - 1 ? String(Math.round(n)) : rounded.toFixed(digits - 1 - exponent);
  if (plain.length <= PLAIN_MAX_CHARS) return plain;
  return trimExponent(n.toExponential(digits - 1));
}

/** `formatPlain` without trailing zeros, for settings such as learning rates: 0.05 rather than 0.0500. */
export function formatPlainShort(n: number | null | undefined, digits = 3): string {
  const text = formatPlain(n, digits);
  if (!text.includes(".") || text.includes("e")) return text;
  return text.replace(/0+$/, "").replace(/\.$/, "");
}

/** A share of rows classified right, as a percentage with one decimal: 0.925 reads 92.5%. */
export function formatAccuracy(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return `${(n * 100).toFixed(1)}%`;
}

/** A learning rate with up to three significant digits, e.g. 0.01, 0.003, 1e-6, 10. */
export function formatLr(n: number | null | undefined): string {
  return formatCompact(n);
}

/** A number with up to three significant digits and no trailing zeros: axis ticks, rates, e.g. 0.1, 100, 1e-6. */
export function formatCompact(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  if (n === 0) return "0";
  const magnitude = Math.abs(n);
  if (magnitude < 1e-3 || magnitude >= 1e4) return trimExponent(n.toExponential(2));
  return String(Number(n.toPrecision(3)));
}

/** A duration as m:ss, or h:mm:ss from an hour up; negative durations read as 0:00. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const ss = String(seconds).padStart(2, "0");
  if (hours > 0) return `${hours}:${String(minutes).padStart(2, "0")}:${ss}`;
  return `${minutes}:${ss}`;
}

/** A batch size in a narrow column: "full" or the number of examples. */
export function formatBatchShort(batch: number | "full"): string {
  return batch === "full" ? "full" : String(batch);
}

/** A batch size as students choose it: "full" or a number of examples. */
export function formatBatch(batch: number | "full"): string {
  return batch === "full" ? "full batch" : `batch ${batch}`;
}

/** "1.000e-6" -> "1e-6", "2.500e+5" -> "2.5e5". */
function trimExponent(text: string): string {
  const [mantissa = text, exponent = "0"] = text.split("e");
  const trimmed = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
  return `${trimmed}e${exponent.replace("+", "")}`;
}
