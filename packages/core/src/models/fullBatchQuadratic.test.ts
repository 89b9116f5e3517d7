import { describe, expect, it } from "vitest";
import type { Dataset, Split } from "../datasets/Dataset.ts";
import { Random } from "../random.ts";
import type { Problem } from "../training/Problem.ts";
import { runConfigSchema } from "../training/RunConfig.ts";
import { Trainer } from "../training/Trainer.ts";
import { leastSquaresOptimum } from "../training/leastSquares.ts";
import { createLinearRegression } from "./linearRegression.ts";
import type { Model } from "./Model.ts";
import { createPolynomialRegression } from "./polynomialRegression.ts";

/** y = Σ_j (j - 1) x_j + 0.5 + noise, x_j ~ N(1, 2²): features off-centre, so the bias and weights interact. */
function linearSplit(random: Random, n: number, features: number, noise: number): Split {
  const x = new Float64Array(n * features);
  const y = new Float64Array(n);
  for (let row = 0; row < n; row++) {
    let sum = 0.5;
    for (let j = 0; j < features; j++) {
      const value = 1 + 2 * random.normal();
      x[row * features + j] = value;
      sum += (j - 1) * value;
    }
    y[row] = sum + noise * random.normal();
  }
  return { n, x, y };
}

/** y = 1 - x + 0.5 x² + noise for x uniform in [-3, 3), as the "quadratic" dataset. */
function parabolaSplit(random: Random, n: number, noise: number): Split {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let row = 0; row < n; row++) {
    const value = 6 * random.next() - 3;
    x[row] = value;
    y[row] = 1 - value + 0.5 * value * value + noise * random.normal();
  }
  return { n, x, y };
}

/** The model's row-by-row sums over every row: an order that is the identity takes the mini-batch path. */
function rowPass(model: Model, params: Float64Array, split: Split, grad: Float64Array): number {
  const identity = Uint32Array.from({ length: split.n }, (_, i) => i);
  return model.lossAndGradient(params, split, identity, 0, split.n, grad);
}

/** Largest |a_i - b_i| over the entries, divided by `scale`. */
function maxDifference(a: Float64Array, b: Float64Array, scale: number): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst / scale;
}

function maxAbs(values: Float64Array): number {
  return values.reduce((worst, value) => Math.max(worst, Math.abs(value)), 0);
}

/**
 * Compares the form with the row pass at random parameters at each distance from the least-squares optimum.
 * Far from it both are relative to the values themselves; near it, where the loss nears the floor and the gradient
 * vanishes, relative to the loss and gradient at w = 0: the problem's own scale, which both paths' rounding follows.
 */
function expectAgreement(model: Model, split: Split, random: Random): void {
  const optimum = leastSquaresOptimum(model, split)!.params;
  const size = model.paramCount;
  const params = new Float64Array(size);
  const form = new Float64Array(size);
  const rows = new Float64Array(size);
  const lossScale = rowPass(model, params, split, rows);
  const gradientScale = maxAbs(rows);
  for (const distance of [0, 1e-9, 1e-4, 1, 100]) {
    for (let trial = 0; trial < 20; trial++) {
      for (let i = 0; i < size; i++) params[i] = optimum[i]! + distance * random.normal();
      const formLoss = model.lossAndGradient(params, split, null, 0, split.n, form);
      const rowLoss = rowPass(model, params, split, rows);
      expect(formLoss).toBeGreaterThanOrEqual(0);
      if (distance >= 1) {
        expect(Math.abs(formLoss - rowLoss) / rowLoss).toBeLessThan(1e-12);
        expect(maxDifference(form, rows, maxAbs(rows))).toBeLessThan(1e-12);
      } else {
        expect(Math.abs(formLoss - rowLoss) / lossScale).toBeLessThan(1e-12);
        expect(maxDifference(form, rows, gradientScale)).toBeLessThan(1e-12);
      }
    }
  }
}

describe("the full-batch quadratic form of least squares", () => {
  for (const features of [1, 3, 8]) {
    it(`agrees with the row pass for linear regression on ${features} feature(s), far from the optimum and at it`, () => {
      const random = new Random(features);
      const split = linearSplit(random, 400, features, 0.3);
      expectAgreement(createLinearRegression(features), split, random);
    });
  }

  for (const degree of [2, 5, 8]) {
    it(`agrees with the row pass for polynomial regression of degree ${degree}`, () => {
      const random = new Random(10 + degree);
      expectAgreement(createPolynomialRegression(degree), parabolaSplit(random, 200, 0.2), random);
    });
  }

  it("agrees where the normal equations are singular (two identical features): the anchor is the ridge solution", () => {
    const random = new Random(3);
    const base = linearSplit(random, 100, 1, 0.3);
    const x = new Float64Array(200);
    for (let row = 0; row < 100; row++) x[2 * row] = x[2 * row + 1] = base.x[row]!;
    expectAgreement(createLinearRegression(2), { n: 100, x, y: base.y }, random);
  });

  it("keeps the row pass for mini-batches, partial ranges and small splits", () => {
    const random = new Random(4);
    const model = createLinearRegression(2);
    const split = linearSplit(random, 60, 2, 0.3);
    const params = Float64Array.of(0.3, -0.7, 2);
    const grad = new Float64Array(3);
    const expected = new Float64Array(3);
    const identity = Uint32Array.from({ length: 60 }, (_, i) => i);
    // Rows 0 .. 58 in order: the same sums whether read through the identity order or not.
    expect(model.lossAndGradient(params, split, null, 0, 59, grad)).toBe(
      model.lossAndGradient(params, split, identity, 0, 59, expected),
    );
    expect(grad).toEqual(expected);
    // 11 rows for 3 parameters: below 4 · 3, the row pass.
    const small = { n: 11, x: split.x.subarray(0, 22), y: split.y.subarray(0, 11) };
    expect(model.lossAndGradient(params, small, null, 0, 11, grad)).toBe(rowPass(model, params, small, expected));
    expect(grad).toEqual(expected);
  });

  it("leaves data whose squares overflow, and non-finite data, to the row pass", () => {
    const model = createLinearRegression(1);
    const identity = Uint32Array.from({ length: 20 }, (_, i) => i);
    const grad = new Float64Array(2);
    const expected = new Float64Array(2);
    for (const huge of [1e200, Number.NaN]) {
      // x² overflows G, while with w = 1e-200 the residuals of the row pass stay finite.
      const x = Float64Array.from({ length: 20 }, (_, i) => (i + 1) * huge);
      const split = { n: 20, x, y: Float64Array.from({ length: 20 }, (_, i) => i) };
      const params = Float64Array.of(1e-200, 0.5);
      const loss = model.lossAndGradient(params, split, null, 0, 20, grad);
      expect(Object.is(loss, model.lossAndGradient(params, split, identity, 0, 20, expected))).toBe(true);
      expect(grad).toEqual(expected);
    }
  });

  it("descends an exact line to a floor of about 1e-30, never below 0, along the row pass's curve", () => {
    // y = 2x + 1 exactly on 100 points: the least-squares floor is 0, as on the textbook line.
    const n = 100;
    const x = Float64Array.from({ length: n }, (_, i) => (i - 50) / 30);
    const split = { n, x, y: x.map((value) => 2 * value + 1) };
    const config = runConfigSchema.parse({ optimizer: "sgd", lr: 0.1, epochs: 2000, batchSize: "full" });
    const form = new Trainer(regressionProblem(createLinearRegression(1), split), config);
    const rows = new Trainer(regressionProblem(rowPassOnly(createLinearRegression(1)), split), config);
    expect(form.runToEnd()).toBe("finished");
    rows.runToEnd();
    for (let epoch = 0; epoch < 2000; epoch++) {
      const loss = form.losses[epoch]!;
      expect(loss).toBeGreaterThanOrEqual(0);
      // The two runs' parameters part in their last bits (|Δw| ~ 1e-16), which moves a loss L near its floor by about
      // 2 √(L λ) |Δw|; and the floor itself is rounding noise (residuals of ~1e-16 each, squared).
      const reference = rows.losses[epoch]!;
      expect(Math.abs(loss - reference)).toBeLessThan(1e-12 * reference + 1e-15 * Math.sqrt(reference) + 1e-28);
    }
    expect(form.losses[1999]).toBeLessThan(1e-28);
    expect(form.params[0]).toBeCloseTo(2, 14);
    expect(form.params[1]).toBeCloseTo(1, 14);
  });

  it("diverges at the same epoch as the row pass when the learning rate is too large", () => {
    const random = new Random(5);
    const split = linearSplit(random, 300, 3, 0.5);
    for (const lr of [0.2, 0.3, 1, 10]) {
      const config = runConfigSchema.parse({ optimizer: "sgd", lr, epochs: 500, batchSize: "full" });
      const form = new Trainer(regressionProblem(createLinearRegression(3), split), config);
      const rows = new Trainer(regressionProblem(rowPassOnly(createLinearRegression(3)), split), config);
      expect(form.runToEnd()).toBe("diverged");
      expect(rows.runToEnd()).toBe("diverged");
      expect(form.divergedAt).toBe(rows.divergedAt);
      for (let epoch = 0; epoch < form.epoch; epoch++) {
        expect(Math.abs(form.losses[epoch]! - rows.losses[epoch]!) / rows.losses[epoch]!).toBeLessThan(1e-12);
      }
    }
  });
});

/** The same model, with every full-batch call sent down the row pass (through the identity order). */
function rowPassOnly(model: Model): Model {
  return {
    ...model,
    lossAndGradient: (params, split, order, start, end, grad) =>
      model.lossAndGradient(
        params,
        split,
        order ?? Uint32Array.from({ length: split.n }, (_, i) => i),
        start,
        end,
        grad,
      ),
  };
}

function regressionProblem(model: Model, train: Split): Problem {
  const dataset: Dataset = {
    name: "test",
    title: "test",
    task: "regression",
    featureNames: Array.from({ length: model.inputs }, (_, j) => `x${j}`),
    targetName: "y",
    features: model.inputs,
    train,
    test: null,
    standardization: null,
  };
  return { spec: { dataset: { name: "csv" }, model: model.spec }, dataset, model, optimumLoss: null };
}
