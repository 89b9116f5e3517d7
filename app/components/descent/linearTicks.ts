// Tick marks for a linear axis: a "nice" step (1, 2 or 5 times a power of ten) giving about `count` ticks inside
// the range, each labelled in plain notation with as many decimals as the step needs (0.5, 1, 1.5, never 1.5e0).

export interface Tick {
  readonly value: number;
  readonly label: string;
}

/** The minus sign, which reads as one in every font (a hyphen looks like a dash). */
const MINUS = "\u2212";

/** The nice step for a span cut into about `count` parts: 1, 2 or 5 times a power of ten. */
export function niceStep(span: number, count: number): number {
  const rough = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const factor = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  return factor * power;
}

/**
 * The multiples of a nice step within [lo, hi] (inclusive), about `count` of them, labelled in plain notation.
 * A range that is empty or not finite gets no ticks.
 */
export function linearTicks(lo: number, hi: number, count = 5): Tick[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) return [];
  const step = niceStep(hi - lo, count);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ticks: Tick[] = [];
  // Whole multiples of the step, so that rounding never drifts from one tick to the next.
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
    const value = Number((k * step).toFixed(decimals));
    ticks.push({ value, label: plainLabel(value, decimals) });
  }
  return ticks;
}

function plainLabel(value: number, decimals: number): string {
  const text = Math.abs(value).toFixed(decimals);
  return value < 0 && Number(text) !== 0 ? `${MINUS}${text}` : text;
}
