import { describe, expect, it } from "vitest";
import { createModel } from "../models/createModel.ts";
import { Random } from "../random.ts";
import { leastSquaresOptimum } from "./leastSquares.ts";

describe("leastSquaresOptimum", () => {
  it("finds w = 2, b = 0 with loss ≈ 0 on the source text's x = 1..5, y = 2x", () => {
    const model = createModel({ kind: "linear" }, 1, "regression");
    const optimum = leastSquaresOptimum(model, {
      n: 5,
      x: Float64Array.of(1, 2, 3, 4, 5),
      y: Float64Array.of(2, 4, 6, 8, 10),
    });
    expect(optimum).not.toBeNull();
    expect(optimum!.params[0]).toBeCloseTo(2, 10);
    expect(optimum!.params[1]).toBeCloseTo(0, 10);
    expect(optimum!.loss).toBeLessThan(1e-20);
  });

  it("matches the textbook fit of a noisy line: w = Sxy / Sxx = 0.8, b = ȳ - w x̄ = 1.4, MSE 0.72", () => {
    const model = createModel({ kind: "linear" }, 1, "regression");
    const split = { n: 5, x: Float64Array.of(0, 1, 2, 3, 4), y: Float64Array.of(1, 3, 2, 5, 4) };
    const optimum = leastSquaresOptimum(model, split)!;
    expect(optimum.params[0]).toBeCloseTo(0.8, 12);
    expect(optimum.params[1]).toBeCloseTo(1.4, 12);
    expect(optimum.loss).toBeCloseTo(0.72, 12);
  });

  it("is a stationary point: the MSE gradient vanishes there (3 features)", () => {
    const random = new Random(4);
    const model = createModel({ kind: "linear" }, 3, "regression");
    const n = 40;
    const split = { n, x: new Float64Array(n * 3), y: new Float64Array(n) };
    for (let i = 0; i < split.x.length; i++) split.x[i] = random.normal();
    for (let i = 0; i < n; i++) split.y[i] = split.x[i * 3]! - 2 * split.x[i * 3 + 2]! + 0.5 + random.normal() * 0.3;
    const optimum = leastSquaresOptimum(model, split)!;
    const grad = new Float64Array(4);
    model.lossAndGradient(optimum.params, split, null, 0, n, grad);
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-12);
  });

  it("recovers an exact quadratic y = 1 - x + 0.5x² with a degree-2 polynomial", () => {
    const model = createModel({ kind: "polynomial", degree: 2 }, 1, "regression");
    const x = Float64Array.of(-2, -1, 0, 1, 2, 3);
    const y = x.map((v) => 1 - v + 0.5 * v * v);
    const optimum = leastSquaresOptimum(model, { n: 6, x, y })!;
    expect(optimum.params[0]).toBeCloseTo(-1, 10);
    expect(optimum.params[1]).toBeCloseTo(0.5, 10);
    expect(optimum.params[2]).toBeCloseTo(1, 10);
  });

  it("adds a tiny ridge when the normal equations are singular (every x equal)", () => {
    const model = createModel({ kind: "linear" }, 1, "regression");
    const optimum = leastSquaresOptimum(model, { n: 3, x: Float64Array.of(2, 2, 2), y: Float64Array.of(1, 2, 3) })!;
    expect(optimum).not.toBeNull();
    expect(optimum.loss).toBeCloseTo(2 / 3, 6);
  });

  it("is null for models without a closed form", () => {
    const split = { n: 2, x: Float64Array.of(0, 1), y: Float64Array.of(0, 1) };
    expect(leastSquaresOptimum(createModel({ kind: "logistic" }, 1, "classification"), split)).toBeNull();
    expect(
      leastSquaresOptimum(createModel({ kind: "mlp", hidden: [2], activation: "tanh" }, 1, "regression"), split),
    ).toBeNull();
  });
});
