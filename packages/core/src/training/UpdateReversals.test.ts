import { describe, expect, it } from "vitest";
import { MIN_REVERSALS_IN_A_ROW, UpdateReversals } from "./UpdateReversals.ts";

function watch(path: number[][]): UpdateReversals {
  const reversals = new UpdateReversals(Float64Array.from(path[0]!));
  for (const params of path.slice(1)) reversals.observe(Float64Array.from(params));
  return reversals;
}

describe("UpdateReversals", () => {
  it("sees no reversal on a path that keeps going one way", () => {
    const reversals = watch([[0], [1], [1.5], [1.75], [1.9]]);
    expect(reversals.spans()).toEqual([]);
    expect(reversals.reversingAtEnd).toBe(false);
  });

  it("records a stretch of updates that each point against the one before, and whether it lasts to the end", () => {
    // Updates: +1, -0.8, +0.6, -0.5, +0.4 (epochs 2 to 5 reverse), then +0.1, +0.1.
    const path = [[0], [1], [0.2], [0.8], [0.3], [0.7], [0.8], [0.9]];
    const reversals = watch(path);
    expect(reversals.spans()).toEqual([{ from: 2, to: 5 }]);
    expect(reversals.reversingAtEnd).toBe(false);
    const still = watch(path.slice(0, 6));
    expect(still.spans()).toEqual([{ from: 2, to: 5 }]);
    expect(still.reversingAtEnd).toBe(true);
  });

  it(`ignores fewer than ${MIN_REVERSALS_IN_A_ROW} reversals in a row`, () => {
    expect(watch([[0], [1], [0.5], [1], [1.2], [1.3]]).spans()).toEqual([]);
  });

  it("compares whole update vectors: a reversal in one coordinate outweighed by another is none", () => {
    // Updates (1, 1), (-0.1, 1), (0.1, 1): the dot products are positive.
    expect(
      watch([
        [0, 0],
        [1, 1],
        [0.9, 2],
        [1, 3],
        [0.9, 4],
      ]).spans(),
    ).toEqual([]);
  });
});
