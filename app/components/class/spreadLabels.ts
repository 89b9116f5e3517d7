// Where to put a few text labels beside one another along one axis so that none overlaps the next.

/**
 * Positions as near as possible to `wanted`, each at least `gap` from its neighbours and inside [lo, hi] when
 * they fit there, in the order of `wanted` (labels keep their top-to-bottom order).
 */
export function spreadLabels(wanted: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = wanted.map((_, i) => i).sort((a, b) => wanted[a]! - wanted[b]! || a - b);
  const placed = order.map((i) => wanted[i]!);
  // Push down past each label above, then pull back up from the bottom edge.
  for (let k = 0; k < placed.length; k++) placed[k] = Math.max(placed[k]!, lo, k > 0 ? placed[k - 1]! + gap : lo);
  for (let k = placed.length - 1; k >= 0; k--) {
    placed[k] = Math.min(placed[k]!, hi, k < placed.length - 1 ? placed[k + 1]! - gap : hi);
  }
  const out = new Array<number>(wanted.length);
  order.forEach((i, k) => (out[i] = placed[k]!));
  return out;
}
