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

/**
 * tanh(k/64) and 1 - tanh²(k/64) side by side (one cache line holds four grid points of both) for -22 · 64 <= k <=
 * 22 · 64: TABLE[2 (k + OFFSET)] and TABLE[2 (k + OFFSET) + 1]. Signed, so that no branch on x's sign is needed.
 */
const OFFSET = SATURATION * STEPS;
const TABLE = new Float64Array(2 * (2 * OFFSET + 1));
for (let k = 0; k <= OFFSET; k++) {
  const t = tanh(k * STEP);
  TABLE[2 * (OFFSET + k)] = t;
  TABLE[2 * (OFFSET - k)] = -t;
  TABLE[2 * (OFFSET + k) + 1] = TABLE[2 * (OFFSET - k) + 1] = 1 - t * t;
}

/**
 * tanh by a table and the addition theorem, for the MLP's hidden units: about three times faster than `tanh` in a
 * loop, within 1.6 ulp of the true value (portable.ts's `tanh` is within 1.3, V8's Math.tanh within 2).
 *
 * x = a + b with a = k/64 the nearest grid point and |b| <= 1/128. Then
 *
 *   tanh(a + b) = tanh a + tanh b · (1 - tanh² a) / (1 + tanh a · tanh b),
 *
 * with tanh a and 1 - tanh² a read from the table and tanh b from its Taylor series to b⁷ (the next term is below
 * 2^-61 of b). The small correction term carries only a small share of the rounding error, so this form is more
 * accurate than the symmetric (tanh a + tanh b) / (1 + tanh a · tanh b), which reaches 2.8 ulp. There is no branch
 * on the data (a branch on x's sign is mispredicted half the time on mixed-sign values, and costs more than the rest).
 * It is odd except at the grid's midpoints x = (k + 1/2) / 64, where x and -x round to different neighbours and the
 * results can differ in the last bit.
 * Like everything in math/, only IEEE-754 arithmetic: the table is built at module load from `tanh`, so the bits
 * are the same in every engine.
 */
export function tableTanh(x: number): number {
  const a = Math.abs(x);
  if (!(a < SATURATION && a >= TINY)) return tableTanhOutside(x);
  const k = Math.floor(x * STEPS + 0.5);
  // Exact (k/64 is a multiple of x's ulp, |b| <= 1/128), but for x within 2^-54 of a midpoint: off by 2^-61 there.
  const b = x - k * STEP;
  const z = b * b;
  const tb = b + b * z * (T3 + z * (T5 + z * T7));
  const at = 2 * (k + OFFSET);
  const ta = TABLE[at]!;
  return ta + (tb * TABLE[at + 1]!) / (1 + ta * tb);
}

/** tanh x for |x| < 2^-27 (tanh x rounds to x, and -0 stays -0), |x| >= 22 (±1) and NaN. */
function tableTanhOutside(x: number): number {
  if (x !== x) return x;
  if (Math.abs(x) < TINY) return x;
  return x < 0 ? -1 : 1;
}
