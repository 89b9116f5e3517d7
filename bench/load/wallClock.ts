// One clock for every process of the bench: wall-clock milliseconds with sub-millisecond resolution, comparable
// across processes on the same machine.

/** Milliseconds since the Unix epoch, as a high-resolution float. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
