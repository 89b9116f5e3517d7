import { describe, expect, it } from "vitest";
import { Random } from "../random.ts";
import { finiteDifferenceGradient, maxRelativeError } from "./finiteDifferences.ts";
import { createLogisticRegression } from "./logisticRegression.ts";

describe("logistic regression", () => {
  it("predicts σ(w · x + b) and scores log 2 at all-zero parameters", () => {
    const model = createLogisticRegression(2);
    expect(model.predict(Float64Array.of(1, -1, 0.5), [2, 2.5])).toBeCloseTo(1 / (1 + Math.exp(0)), 15);
    const split = { n: 2, x: Float64Array.of(1, 2, 3, 4), y: Float64Array.of(0, 1) };
    expect(model.loss(new Float64Array(3), split)).toBeCloseTo(Math.log(2), 15);
  });

  it("gradient matches central finite differences", () => {
    const random = new Random(3);
    const model = createLogisticRegression(3);
    const n = 15;
    const split = { n, x: new Float64Array(n * 3), y: new Float64Array(n) };
    for (let i = 0; i < split.x.length; i++) split.x[i] = random.normal();
    for (let i = 0; i < n; i++) split.y[i] = random.next() < 0.5 ? 0 : 1;
    const params = new Float64Array(4);
    const grad = new Float64Array(4);
    for (let trial = 0; trial < 4; trial++) {
      for (let i = 0; i < params.length; i++) params[i] = random.normal() * 2;
      const loss = model.lossAndGradient(params, split, null, 0, n, grad);
      expect(loss).toBeCloseTo(model.loss(params, split), 12);
      expect(maxRelativeError(grad, finiteDifferenceGradient(model, params, split, null, 0, n))).toBeLessThan(1e-5);
    }
  });

  it("gradient() writes the same bits as lossAndGradient's gradient, for shuffled rows across several blocks", () => {
    const random = new Random(5);
    const model = createLogisticRegression(2);
    const n = 90;
    const split = { n, x: new Float64Array(n * 2), y: new Float64Array(n) };
    for (let i = 0; i < split.x.length; i++) split.x[i] = random.normal();
    for (let i = 0; i < n; i++) split.y[i] = random.next() < 0.5 ? 0 : 1;
    const params = Float64Array.of(0.7, -1.3, 0.2);
    const order = new Uint32Array(n).map((_, i) => i);
    random.shuffle(order);
    const expected = new Float64Array(3);
    const actual = new Float64Array(3).fill(7);
    model.lossAndGradient(params, split, order, 5, 80, expected);
    model.gradient!(params, split, order, 5, 80, actual);
    expect([...actual]).toEqual([...expected]);
    expect(expected.some((g) => g !== 0)).toBe(true);
  });

  it("stays finite when the logit is ±1000", () => {
    const model = createLogisticRegression(1);
    const split = { n: 2, x: Float64Array.of(1, -1), y: Float64Array.of(0, 1) };
    const grad = new Float64Array(2);
    const loss = model.lossAndGradient(Float64Array.of(1000, 0), split, null, 0, 2, grad);
    expect(loss).toBe(1000);
    expect([...grad]).toEqual([1, 0]);
  });
});
