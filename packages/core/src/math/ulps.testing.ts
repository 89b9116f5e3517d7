// Helpers for the math tests: how far apart two doubles are, counted in representable doubles (ulps), and a
// double's bit pattern. Test code only; nothing in the engine imports this file.

const bits = new Float64Array(1);
const pattern = new BigInt64Array(bits.buffer);

/** Position of x on the line of doubles (monotone in x, consecutive doubles differ by 1). */
function ordinal(x: number): bigint {
  bits[0] = x;
  const v = pattern[0]!;
  return v < 0n ? -(v & 0x7fffffffffffffffn) : v;
}

/** Distance between a and b in units in the last place (0 when both are NaN or equal, including ±0). */
export function ulps(a: number, b: number): number {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.POSITIVE_INFINITY;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

/** The bit pattern of x as 16 hex digits. */
export function hex(x: number): string {
  bits[0] = x;
  return BigInt.asUintN(64, pattern[0]!).toString(16).padStart(16, "0");
}
