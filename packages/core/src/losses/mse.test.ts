import { describe, expect, it } from "vitest";
import { squaredError, squaredErrorDerivative } from "./mse.ts";

describe("squared error", () => {
  it("is (y - ŷ)² without a factor 1/2: (10 - 2)² = 64, the source text's worked example", () => {
    expect(squaredError(2, 10)).toBe(64);
  });

  it("is the same number whichever way the residual is taken", () => {
    for (const [prediction, target] of [
      [0.1, 0.3],
      [-7.25, 1e-9],
      [3e100, -2e100],
    ] as const) {
      expect(squaredError(prediction, target)).toBe((target - prediction) * (target - prediction));
    }
  });

  it("has derivative 2 (ŷ - y) with respect to the prediction, matching central differences", () => {
    expect(squaredErrorDerivative(2, 10)).toBe(-16);
    const h = 1e-6;
    const numeric = (squaredError(0.3 + h, -1.2) - squaredError(0.3 - h, -1.2)) / (2 * h);
    expect(squaredErrorDerivative(0.3, -1.2)).toBeCloseTo(numeric, 6);
  });
});
