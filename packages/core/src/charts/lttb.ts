// Largest-Triangle-Three-Buckets downsampling (Sveinn Steinarsson, "Downsampling Time Series for Visual
// Representation", 2013): keeps the points that carry a curve's visible shape. Shared by the server (the class
// overlay) and the browser (a student's own curve).

export interface LttbOptions {
  /**
   * Measure triangle areas on log10(y), as a loss curve looks on a log axis. Applies only when every finite y is
   * positive; otherwise areas are measured on y itself. The returned ys are always the original values.
   */
  readonly log?: boolean;
}

export interface Downsampled {
  readonly xs: number[];
  readonly ys: number[];
}

/**
 * Downsamples the points (xs[i], ys[i]) to `threshold` of them by Largest-Triangle-Three-Buckets: the first and
 * last points stay; the rest are cut into threshold - 2 buckets, and from each bucket the point is kept that
 * makes the largest triangle with the point kept before it and the mean of the next bucket. Points whose y is
 * not finite are treated as absent. When no more than `threshold` points remain they are returned as they are.
 * `xs` must be increasing; `threshold` must be an integer >= 3.
 */
export function lttb(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  threshold: number,
  options: LttbOptions = {},
): Downsampled {
  if (!Number.isInteger(threshold) || threshold < 3) {
    throw new RangeError(`lttb threshold must be an integer >= 3, got ${threshold}`);
  }
  if (xs.length !== ys.length) {
    throw new RangeError(`lttb needs as many xs as ys, got ${xs.length} and ${ys.length}`);
  }

  // Keep the finite points; `h` holds the heights the areas are measured on (y or log10 y).
  const px = new Float64Array(xs.length);
  const py = new Float64Array(xs.length);
  let n = 0;
  let allPositive = true;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i]!;
    if (!Number.isFinite(y)) continue;
    px[n] = xs[i]!;
    py[n] = y;
    if (y <= 0) allPositive = false;
    n++;
  }
  if (n <= threshold) {
    return { xs: Array.from(px.subarray(0, n)), ys: Array.from(py.subarray(0, n)) };
  }
  let h = py;
  if (options.log === true && allPositive) {
    h = new Float64Array(n);
    for (let i = 0; i < n; i++) h[i] = Math.log10(py[i]!);
  }

  const outXs: number[] = [px[0]!];
  const outYs: number[] = [py[0]!];
  const bucketSize = (n - 2) / (threshold - 2);
  let a = 0;
  for (let bucket = 0; bucket < threshold - 2; bucket++) {
    // The mean of the next bucket (the last point when this is the last bucket).
    const nextStart = Math.floor((bucket + 1) * bucketSize) + 1;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, n);
    let meanX = 0;
    let meanH = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      meanX += px[i]!;
      meanH += h[i]!;
    }
    const count = nextEnd - nextStart;
    meanX /= count;
    meanH /= count;

    // The point of this bucket with the largest triangle (a, point, mean); the first such point on ties.
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.floor((bucket + 1) * bucketSize) + 1;
    const ax = px[a]!;
    const ah = h[a]!;
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const area = Math.abs((ax - meanX) * (h[i]! - ah) - (ax - px[i]!) * (meanH - ah));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    outXs.push(px[best]!);
    outYs.push(py[best]!);
    a = best;
  }
  outXs.push(px[n - 1]!);
  outYs.push(py[n - 1]!);
  return { xs: outXs, ys: outYs };
}

/**
 * Downsamples a loss curve to `threshold` points by Largest-Triangle-Three-Buckets with triangle areas measured on
 * log10(loss), so the shape kept is the one a log-scaled axis shows (falls back to linear areas when some loss is
 * not positive). Non-finite losses are treated as absent.
 */
export function logLttb(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold: number): Downsampled {
  return lttb(xs, ys, threshold, { log: true });
}
