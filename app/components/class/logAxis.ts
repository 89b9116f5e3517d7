// Log-scale axes for Recharts: a domain padded out to whole decades and one tick per decade. Only positive,
// finite values can sit on a log axis, so the helpers skip anything else.

export interface LogAxis {
  readonly domain: [number, number];
  readonly ticks: number[];
}

/** The decades spanning every positive finite value, or [fallbackMin, fallbackMax] when there is none. */
export function logAxis(values: Iterable<number | null | undefined>, fallback: [number, number] = [1e-3, 10]): LogAxis {
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of values) {
    if (value === null || value === undefined || !Number.isFinite(value) || value <= 0) continue;
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  if (lo === Infinity) [lo, hi] = fallback;
  let from = Math.floor(Math.log10(lo));
  let to = Math.ceil(Math.log10(hi));
  if (to === from) to += 1;
  // Keep about eight ticks at most by stepping several decades at a time.
  const step = Math.max(1, Math.ceil((to - from) / 8));
  from = Math.floor(from / step) * step;
  to = Math.ceil(to / step) * step;
  const ticks: number[] = [];
  for (let d = from; d <= to; d += step) ticks.push(Number(`1e${d}`));
  return { domain: [Number(`1e${from}`), Number(`1e${to}`)], ticks };
}

/** True for a value that can be drawn on a log axis. */
export function isPlottable(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value) && value > 0;
}
