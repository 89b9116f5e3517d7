import type { OptimizerName, OptimizerState } from "./Optimizer.ts";

/** A JSON-serialisable copy of a step count and named per-parameter buffers. */
export function snapshotState(step: number, buffers: Readonly<Record<string, Float64Array>>): OptimizerState {
  const copies: Record<string, number[]> = {};
  for (const [name, buffer] of Object.entries(buffers)) copies[name] = Array.from(buffer);
  return { step, buffers: copies };
}

/**
 * Checks that `state` has a step count that is an integer >= 0 and exactly the buffers named in `buffers`, each of
 * the same length, then copies them in and returns the step count. Nothing is changed when it throws.
 * JSON writes a non-finite number as null; a null entry is read back as NaN (a diverged run stays diverged).
 */
export function restoreState(
  optimizer: OptimizerName,
  state: OptimizerState,
  buffers: Readonly<Record<string, Float64Array>>,
): number {
  const step: unknown = state.step;
  if (typeof step !== "number" || !Number.isInteger(step) || step < 0) {
    throw new Error(`${optimizer}: invalid state, step ${String(step)} is not an integer >= 0`);
  }
  const expected = Object.keys(buffers).sort();
  const given = Object.keys(state.buffers).sort();
  if (expected.join() !== given.join()) {
    throw new Error(
      `${optimizer}: invalid state, expected buffers [${expected.join(", ")}], got [${given.join(", ")}]`,
    );
  }
  for (const name of expected) {
    const target = buffers[name]!;
    const values: unknown = state.buffers[name];
    if (!Array.isArray(values) || values.length !== target.length) {
      const length = Array.isArray(values) ? values.length : "not an array";
      throw new Error(`${optimizer}: invalid state, buffer ${name} has length ${length}, expected ${target.length}`);
    }
    for (const value of values as unknown[]) {
      if (typeof value !== "number" && value !== null) {
        throw new Error(`${optimizer}: invalid state, buffer ${name} holds a non-number of type ${typeof value}`);
      }
    }
  }
  for (const name of expected) {
    const target = buffers[name]!;
    const values = state.buffers[name] as readonly (number | null)[];
    for (let i = 0; i < target.length; i++) target[i] = values[i] ?? Number.NaN;
  }
  return step;
}
