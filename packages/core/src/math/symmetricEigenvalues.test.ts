import { describe, expect, it } from "vitest";
import { symmetricEigenvalues } from "./symmetricEigenvalues.ts";

describe("symmetricEigenvalues", () => {
  it("returns a diagonal matrix's diagonal, sorted", () => {
    expect(Array.from(symmetricEigenvalues(Float64Array.of(3, 0, 0, 0, -1, 0, 0, 0, 2), 3))).toEqual([-1, 2, 3]);
  });

  it("finds 2 - √2, 2 and 2 + √2 for the second-difference matrix tridiag(-1, 2, -1)", () => {
    const values = symmetricEigenvalues(Float64Array.of(2, -1, 0, -1, 2, -1, 0, -1, 2), 3);
    expect(values[0]).toBeCloseTo(2 - Math.SQRT2, 14);
    expect(values[1]).toBeCloseTo(2, 14);
    expect(values[2]).toBeCloseTo(2 + Math.SQRT2, 14);
  });

  it("agrees with the closed form (a + d)/2 ± √(((a - d)/2)² + b²) of a 2 × 2 matrix", () => {
    const [a, b, d] = [22, 6, 2];
    const root = Math.sqrt(((a - d) / 2) ** 2 + b * b);
    const values = symmetricEigenvalues(Float64Array.of(a, b, b, d), 2);
    expect(values[0]).toBeCloseTo((a + d) / 2 - root, 12);
    expect(values[1]).toBeCloseTo((a + d) / 2 + root, 12);
  });

  it("leaves its argument as it was", () => {
    const matrix = Float64Array.of(2, 1, 1, 2);
    symmetricEigenvalues(matrix, 2);
    expect(Array.from(matrix)).toEqual([2, 1, 1, 2]);
  });
});
