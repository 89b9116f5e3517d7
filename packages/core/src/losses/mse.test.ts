import { describe, expect, it } from "vitest";
import { mse } from "./mse.ts";

describe("mse", () => {
  it("is (y - ŷ)² without a factor 1/2: (10 - 2)² = 64", () => {
    expect(mse.value(2, 10)).toBe(64);
  });

  it("has derivative -2 (y - ŷ) with respect to the prediction", () => {
    expect(mse.derivative(2, 10)).toBe(-16);
    const h = 1e-6;
    expect(mse.derivative(0.3, -1.2)).toBeCloseTo((mse.value(0.3 + h, -1.2) - mse.value(0.3 - h, -1.2)) / (2 * h), 6);
  });
});
