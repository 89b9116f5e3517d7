import { describe, expect, it } from "vitest";
import type { Split } from "../datasets/Dataset.ts";
import { Random } from "../random.ts";
import { finiteDifferenceGradient, maxRelativeError } from "./finiteDifferences.ts";
import { createLinearRegression } from "./linearRegression.ts";

function randomSplit(random: Random, n: number, features: number): Split {
  const x = new Float64Array(n * features);
  const y = new Float64Array(n);
  for (let i = 0; i < x.length; i++) x[i] = random.normal();
  for (let i = 0; i < n; i++) y[i] = random.normal() * 2;
  return { n, x, y };
}

describe("linear regression", () => {
  it("reproduces the source text's step: x = 2, y = 10, w = 1 gives dL/dw = -32 and w - 0.1·grad = 4.2", () => {
    const model = createLinearRegression(1);
    const split = { n: 1, x: Float64Array.of(2), y: Float64Array.of(10) };
    const params = Float64Array.of(1, 0);
    const grad = new Float64Array(2);
    const loss = model.lossAndGradient(params, split, null, 0, 1, grad);
    expect(loss).toBe(64);
    expect(grad[0]).toBe(-32);
    expect(grad[1]).toBe(-16);
    expect(params[0]! - 0.1 * grad[0]!).toBeCloseTo(4.2, 12);
    expect(model.predict(Float64Array.of(4.2, 0), [2])).toBeCloseTo(8.4, 12);
  });

  it("without a bias is the source text's y_pred = w * x: one parameter per feature, the same numbers", () => {
    const model = createLinearRegression(1, false);
    expect(model.paramCount).toBe(1);
    expect(model.spec).toEqual({ kind: "linear", bias: false });
    const split = { n: 1, x: Float64Array.of(2), y: Float64Array.of(10) };
    const grad = new Float64Array(1);
    expect(model.lossAndGradient(Float64Array.of(1), split, null, 0, 1, grad)).toBe(64);
    expect(grad[0]).toBe(-32);
    expect(model.predict(Float64Array.of(4.2), [2])).toBeCloseTo(8.4, 12);
  });

  it("without a bias agrees with finite differences, also through the full-batch quadratic form of many rows", () => {
    const random = new Random(7);
    const model = createLinearRegression(3, false);
    const split = randomSplit(random, 40, 3);
    const params = Float64Array.of(0.3, -1.2, 2);
    const grad = new Float64Array(3);
    const loss = model.lossAndGradient(params, split, null, 0, split.n, grad);
    expect(loss).toBeCloseTo(model.loss(params, split), 12);
    expect(maxRelativeError(grad, finiteDifferenceGradient(model, params, split, null, 0, split.n))).toBeLessThan(1e-5);
  });

  for (const features of [1, 3]) {
    it(`gradient with ${features} feature(s) matches central finite differences`, () => {
      const random = new Random(features);
      const model = createLinearRegression(features);
      const split = randomSplit(random, 12, features);
      const params = new Float64Array(model.paramCount);
      const grad = new Float64Array(model.paramCount);
      for (let trial = 0; trial < 4; trial++) {
        for (let i = 0; i < params.length; i++) params[i] = random.normal();
        model.lossAndGradient(params, split, null, 0, split.n, grad);
        expect(maxRelativeError(grad, finiteDifferenceGradient(model, params, split, null, 0, split.n))).toBeLessThan(
          1e-5,
        );
      }
    });
  }

  it("reads rows order[start .. end - 1] when an order is given", () => {
    const random = new Random(7);
    const model = createLinearRegression(2);
    const split = randomSplit(random, 6, 2);
    const params = Float64Array.of(0.3, -1.1, 0.5);
    const order = Uint32Array.of(5, 2, 4, 0, 1, 3);
    const grad = new Float64Array(3);
    const loss = model.lossAndGradient(params, split, order, 1, 4, grad);
    const picked = { n: 3, x: new Float64Array(6), y: new Float64Array(3) };
    [2, 4, 0].forEach((row, i) => {
      picked.x.set(split.x.subarray(row * 2, row * 2 + 2), i * 2);
      picked.y[i] = split.y[row]!;
    });
    const expected = new Float64Array(3);
    expect(loss).toBeCloseTo(model.lossAndGradient(params, picked, null, 0, 3, expected), 12);
    for (let i = 0; i < 3; i++) expect(grad[i]).toBeCloseTo(expected[i]!, 12);
    expect(model.loss(params, picked)).toBeCloseTo(loss, 12);
  });

  it("initializes zeros to 0 and random within ±1/√d, reproducibly from the seed", () => {
    const model = createLinearRegression(4);
    const params = new Float64Array(5).fill(9);
    model.initialize(params, "zeros", new Random(1));
    expect([...params]).toEqual([0, 0, 0, 0, 0]);
    model.initialize(params, "random", new Random(1));
    const again = new Float64Array(5);
    model.initialize(again, "random", new Random(1));
    expect(again).toEqual(params);
    for (const value of params) expect(Math.abs(value)).toBeLessThanOrEqual(0.5);
    expect(params.some((value) => value !== 0)).toBe(true);
  });
});
