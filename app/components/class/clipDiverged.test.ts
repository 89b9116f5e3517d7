import { describe, expect, it } from "vitest";
import { clipDiverged } from "./clipDiverged.ts";

describe("clipDiverged", () => {
  it("stops where the loss crosses the top, interpolating on the log scale, and marks that point", () => {
    // From 10 at epoch 2 to 10,000 at epoch 3, log10 goes from 1 to 4 and crosses 2 a third of the way along.
    const clipped = clipDiverged({ epochs: [0, 1, 2, 3, 4], losses: [1, 3, 10, 10_000, 1e9], divergedAt: 5 }, 100);
    expect(clipped.xs).toEqual([0, 1, 2, 2 + 1 / 3]);
    expect(clipped.ys).toEqual([1, 3, 10, 100]);
    expect(clipped.mark).toEqual({ x: 2 + 1 / 3, y: 100 });
  });

  it("climbs straight up at the epoch of a loss that is not a finite number", () => {
    const clipped = clipDiverged({ epochs: [0, 1, 2], losses: [1, 2, Number.NaN], divergedAt: 2 }, 100);
    expect(clipped.xs).toEqual([0, 1, 2]);
    expect(clipped.ys).toEqual([1, 2, 100]);
    expect(clipped.mark).toEqual({ x: 2, y: 100 });
  });

  it("climbs to divergedAt when the drawn curve stays below the top", () => {
    // The server's curve ends at the last finite loss; the explosion at epoch 7 is past it.
    const clipped = clipDiverged({ epochs: [0, 3, 6], losses: [1, 5, 50], divergedAt: 7 }, 100);
    expect(clipped.xs).toEqual([0, 3, 6, 7]);
    expect(clipped.ys).toEqual([1, 5, 50, 100]);
    expect(clipped.mark).toEqual({ x: 7, y: 100 });
  });

  it("marks the first epoch when the run starts above the top, and skips losses a log axis cannot show", () => {
    expect(clipDiverged({ epochs: [0, 1], losses: [1e6, 1e9], divergedAt: 1 }, 100)).toEqual({
      xs: [0],
      ys: [100],
      mark: { x: 0, y: 100 },
    });
    // The 0 at epoch 1 is skipped: the climb runs from (0, 1) to (2, 1e6) and crosses 100 a third of the way.
    expect(clipDiverged({ epochs: [0, 1, 2], losses: [1, 0, 1e6], divergedAt: 2 }, 100).xs).toEqual([0, 2 / 3]);
  });
});
