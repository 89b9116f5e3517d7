import { describe, expect, it } from "vitest";
import { spreadLabels } from "./spreadLabels.ts";

describe("spreadLabels", () => {
  it("leaves labels that are already far enough apart where they are", () => {
    expect(spreadLabels([10, 50, 90], 14, 0, 200)).toEqual([10, 50, 90]);
  });

  it("moves crowded labels apart by the gap and keeps their order", () => {
    const placed = spreadLabels([100, 98, 101], 14, 0, 200);
    const sorted = [...placed].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(14);
    // The second label wanted the highest spot (smallest y) and keeps it.
    expect(placed[1]).toBeLessThan(placed[0]!);
    expect(placed[0]).toBeLessThan(placed[2]!);
  });

  it("keeps labels inside the edges, pulling a crowd at the bottom back up", () => {
    expect(spreadLabels([195, 196, 199], 14, 0, 200)).toEqual([172, 186, 200]);
    expect(spreadLabels([-5, 2], 14, 0, 200)).toEqual([0, 14]);
  });

  it("places nothing for no labels", () => {
    expect(spreadLabels([], 14, 0, 200)).toEqual([]);
  });
});
