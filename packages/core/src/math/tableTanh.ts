import { tanh } from "./portable.ts";

/** Grid points per unit of x. */
const STEPS = 64;
const STEP = 1 / STEPS;
/** From here on tanh x rounds to ±1 (1 - tanh 22 < 2^-62). */
const SATURATION = 22;
const TINY = 7.450580596923828e-9; // 2^-27
// Taylor coefficients of tanh b = b - b³/3 + 2b⁵/15 - 17b⁷/315 + …
const T3 = -1 / 3;
const T5 = 2 / 15;
const T7 = -17 / 315;

/** TANH[k] = tanh(k/64) and SECH2[k] = 1 - TANH[k]², for 0 <= k <= 22 · 64. */
const TANH = new Float64Array(SATURATION * STEPS + 1);
const SECH2 = new Float64Array(SATURATION * STEPS + 1);
for (let k = 0; k < TANH.length; k++) {
  const t = tanh(k * STEP);
  TANH[k] = t;
  SECH2[k] = 1 - t * t;
}

/**
 * tanh by a table and the addition theorem, for the MLP's hidden units: about three times faster than `tanh` in a
 * loop, within 1.6 ulp of the true value (portable.ts's `tanh` is within 1.3, V8's Math.tanh within 2).
 *
 * |x| = a + b with a = k/64 the nearest grid point and |b| <= 1/128, both exact. Then
 *
 *   tanh(a + b) = tanh a + tanh b · (1 - tanh² a) / (1 + tanh a · tanh b),
 *
 * with tanh a and 1 - tanh² a read from tables and tanh b from its Taylor series to b⁷ (the next term is below
 * 2^-61 of b). The small correction term carries only a small share of the rounding error, so this form is more
 * accurate than the symmetric (tanh a + tanh b) / (1 + tanh a · tanh b), which reaches 2.8 ulp.
 * Like everything in math/, only IEEE-754 arithmetic: the tables are built at module load from `tanh`, so the bits
 * are the same in every engine.
 */
export function tableTanh(x: number): number {
  const a = Math.abs(x);
  if (!(a < SATURATION && a >= TINY)) return tableTanhOutside(x);
  const k = Math.trunc(a * STEPS + 0.5);
  const b = a - k * STEP; // exact: k/64 is a multiple of a's ulp (a < 32), and |b| <= 1/128
  const z = b * b;
  const tb = b + b * z * (T3 + z * (T5 + z * T7));
  const ta = TANH[k]!;
  const t = ta + (tb * SECH2[k]!) / (1 + ta * tb);
  return x < 0 ? -t : t;
}

/** tanh x for |x| < 2^-27 (tanh x rounds to x, and -0 stays -0), |x| >= 22 (±1) and NaN. */
function tableTanhOutside(x: number): number {
  if (x !== x) return x;
  const a = Math.abs(x);
  if (a < TINY) return x;
  return x < 0 ? -1 : 1;
}
