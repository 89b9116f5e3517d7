import { describe, expect, it } from "vitest";
import { Random } from "../random.ts";
import { finiteDifferenceGradient, maxRelativeError } from "./finiteDifferences.ts";
import { createPolynomialRegression } from "./polynomialRegression.ts";

describe("polynomial regression", () => {
  it("predicts b + Σ w_j x^j with params [w_1 .. w_k, b]", () => {
    const model = createPolynomialRegression(3);
    // 1 + 2x - x² + 0.5x³ at x = 2: 1 + 4 - 4 + 4 = 5
    expect(model.predict(Float64Array.of(2, -1, 0.5, 1), [2])).toBe(5);
    expect(model.paramCount).toBe(4);
  });

  it("of degree 1 takes the source text's step: dL/dw = -32 at x = 2, y = 10, w = 1", () => {
    const model = createPolynomialRegression(1);
    const grad = new Float64Array(2);
    model.lossAndGradient(
      Float64Array.of(1, 0),
      { n: 1, x: Float64Array.of(2), y: Float64Array.of(10) },
      null,
      0,
      1,
      grad,
    );
    expect(grad[0]).toBe(-32);
  });

  for (const degree of [1, 2, 5]) {
    it(`gradient of degree ${degree} matches central finite differences`, () => {
      const random = new Random(degree);
      const model = createPolynomialRegression(degree);
      const n = 10;
      const split = { n, x: new Float64Array(n), y: new Float64Array(n) };
      for (let i = 0; i < n; i++) {
        split.x[i] = random.next() * 2 - 1;
        split.y[i] = random.normal();
      }
      const order = Uint32Array.from({ length: n }, (_, i) => n - 1 - i);
      const params = new Float64Array(model.paramCount);
      const grad = new Float64Array(model.paramCount);
      for (let trial = 0; trial < 4; trial++) {
        for (let i = 0; i < params.length; i++) params[i] = random.normal();
        model.lossAndGradient(params, split, order, 2, 9, grad);
        expect(maxRelativeError(grad, finiteDifferenceGradient(model, params, split, order, 2, 9))).toBeLessThan(1e-5);
      }
    });
  }

  it("rejects degrees outside 1 .. 8", () => {
    expect(() => createPolynomialRegression(0)).toThrow(/degree/);
    expect(() => createPolynomialRegression(9)).toThrow(/degree/);
    expect(() => createPolynomialRegression(2.5)).toThrow(/degree/);
  });
});
