import { describe, expect, it } from "vitest";
import { createModel } from "../models/createModel.ts";
import { leastSquaresOptimum } from "./leastSquares.ts";
import { lossSurface } from "./lossSurface.ts";

describe("lossSurface", () => {
  const split = { n: 5, x: Float64Array.of(0, 1, 2, 3, 4), y: Float64Array.of(1, 3, 2, 5, 4) };
  const model = createModel({ kind: "linear" }, 1, "regression");

  it("stores L(w, b) row-major by b: loss[bIndex · resolution + wIndex]", () => {
    const surface = lossSurface(model, split, { wRange: [-1, 3], bRange: [-2, 2], resolution: 5 });
    expect([...surface.w]).toEqual([-1, 0, 1, 2, 3]);
    expect([...surface.b]).toEqual([-2, -1, 0, 1, 2]);
    expect(surface.loss[3 * 5 + 1]).toBe(model.loss(Float64Array.of(0, 1), split));
  });

  it("has its smallest grid value next to the least-squares optimum", () => {
    const resolution = 41;
    const surface = lossSurface(model, split, { wRange: [-2, 4], bRange: [-3, 5], resolution });
    let best = 0;
    for (let i = 1; i < surface.loss.length; i++) if (surface.loss[i]! < surface.loss[best]!) best = i;
    const optimum = leastSquaresOptimum(model, split)!;
    const w = surface.w[best % resolution]!;
    const b = surface.b[Math.floor(best / resolution)]!;
    expect(Math.abs(w - optimum.params[0]!)).toBeLessThanOrEqual(6 / 40);
    expect(Math.abs(b - optimum.params[1]!)).toBeLessThanOrEqual(8 / 40);
  });

  it("refuses a model without exactly 2 parameters", () => {
    const wide = createModel({ kind: "linear" }, 2, "regression");
    expect(() => lossSurface(wide, split, { wRange: [0, 1], bRange: [0, 1], resolution: 3 })).toThrow(/exactly 2/);
  });
});
