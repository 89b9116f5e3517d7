import { describe, expect, it } from "vitest";
import { linePath } from "./ScaledLayers.tsx";

// Scales as Recharts hands them over: value -> pixel, undefined where the value has no place on the axis.
const x = (value: number) => value * 10;
const logY = (value: number) => (value > 0 ? -Math.log10(value) * 100 : undefined);

describe("linePath", () => {
  it("moves to the first point and draws lines through the rest, to a tenth of a pixel", () => {
    expect(linePath([0, 1, 2], [1, 0.1, 0.01], x, logY)).toBe("M0.0,0.0L10.0,100.0L20.0,200.0");
  });

  it("breaks the line at a missing or unplottable value and starts again after it", () => {
    expect(linePath([0, 1, 2, 3, 4], [1, null, 0.1, 0, 0.01], x, logY)).toBe("M0.0,0.0M20.0,100.0M40.0,200.0");
    expect(linePath([0, 1, 2], [1, 0.1, Number.NaN], x, logY)).toBe("M0.0,0.0L10.0,100.0");
  });

  it("draws nothing for a curve without a plottable point", () => {
    expect(linePath([], [], x, logY)).toBe("");
    expect(linePath([0, 1], [null, -1], x, logY)).toBe("");
  });
});
