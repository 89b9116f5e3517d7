import { describe, expect, it } from "vitest";
import type { Split, Task } from "../datasets/Dataset.ts";
import { Random } from "../random.ts";
import { finiteDifferenceGradient, maxRelativeError } from "./finiteDifferences.ts";
import { ACTIVATIONS } from "./Model.ts";
import { createMlp, mlpParamCount } from "./mlp.ts";

function randomSplit(random: Random, n: number, features: number, task: Task): Split {
  const x = new Float64Array(n * features);
  const y = new Float64Array(n);
  for (let i = 0; i < x.length; i++) x[i] = random.normal();
  for (let i = 0; i < n; i++) y[i] = task === "classification" ? (random.next() < 0.5 ? 0 : 1) : random.normal();
  return { n, x, y };
}

describe("mlp", () => {
  it("counts out × in weights plus out biases per layer: 2-4-2-1 has 25 parameters", () => {
    expect(mlpParamCount(2, [4, 2])).toBe(25);
    expect(createMlp(2, [4, 2], "tanh", "regression").paramCount).toBe(25);
    expect(mlpParamCount(3, [])).toBe(4);
  });

  it("lays parameters out as W (out × in, row-major) then b, layer by layer", () => {
    // 2 inputs → 1 relu unit → 1 output. W1 = [2, -1], b1 = 0.5, W2 = [3], b2 = -1.
    const model = createMlp(2, [1], "relu", "regression");
    const params = Float64Array.of(2, -1, 0.5, 3, -1);
    expect(model.predict(params, [1, 1])).toBe(3 * (2 - 1 + 0.5) - 1);
    expect(model.predict(params, [0, 5])).toBe(-1);
  });

  for (const task of ["regression", "classification"] as const) {
    for (const activation of ACTIVATIONS) {
      for (const hidden of [[3], [4, 2]]) {
        it(`${task} ${activation} [${hidden.join(", ")}]: backpropagation matches central finite differences`, () => {
          const random = new Random(hidden.length * 10 + ACTIVATIONS.indexOf(activation));
          const model = createMlp(2, hidden, activation, task);
          // 45 rows: more than one block of rows, so block boundaries are exercised too.
          const split = randomSplit(random, 45, 2, task);
          const order = new Uint32Array(45);
          for (let i = 0; i < 45; i++) order[i] = i;
          random.shuffle(order);
          const params = new Float64Array(model.paramCount);
          const grad = new Float64Array(model.paramCount);
          for (let trial = 0; trial < 3; trial++) {
            model.initialize(params, "random", random);
            for (let i = 0; i < params.length; i++) params[i] = params[i]! + 0.3 * random.normal();
            for (const [o, start, end] of [
              [null, 0, 45],
              [order, 3, 41],
            ] as const) {
              model.lossAndGradient(params, split, o, start, end, grad);
              expect(
                maxRelativeError(grad, finiteDifferenceGradient(model, params, split, o, start, end)),
              ).toBeLessThan(1e-5);
            }
          }
        });
      }
    }
  }

  it("lossAndGradient over the whole split returns the same mean loss as loss()", () => {
    const random = new Random(5);
    const model = createMlp(3, [5, 3], "tanh", "classification");
    const split = randomSplit(random, 70, 3, "classification");
    const params = new Float64Array(model.paramCount);
    model.initialize(params, "random", random);
    expect(model.lossAndGradient(params, split, null, 0, 70, new Float64Array(model.paramCount))).toBeCloseTo(
      model.loss(params, split),
      12,
    );
  });

  it("gradient() writes the same bits as lossAndGradient's gradient, for shuffled rows across several blocks", () => {
    for (const task of ["classification", "regression"] as const) {
      const random = new Random(8);
      const model = createMlp(2, [4, 2], "tanh", task);
      const split = randomSplit(random, 90, 2, task);
      const params = new Float64Array(model.paramCount);
      model.initialize(params, "random", random);
      const order = new Uint32Array(90).map((_, i) => i);
      random.shuffle(order);
      const expected = new Float64Array(model.paramCount);
      const actual = new Float64Array(model.paramCount).fill(7);
      model.lossAndGradient(params, split, order, 5, 80, expected);
      model.gradient!(params, split, order, 5, 80, actual);
      expect(Array.from(actual)).toEqual(Array.from(expected));
    }
  });

  it("predicts a probability for classification and a raw value for regression", () => {
    const params = Float64Array.of(0, 0, 0, 0, 5); // all weights 0, output bias 5
    expect(createMlp(2, [1], "tanh", "classification").predict(params, [1, 2])).toBeCloseTo(1 / (1 + Math.exp(-5)), 15);
    expect(createMlp(2, [1], "tanh", "regression").predict(params, [1, 2])).toBe(5);
  });

  it("initializes Xavier-uniform weights with zero biases, and all zeros for 'zeros'", () => {
    const model = createMlp(2, [4, 2], "tanh", "regression");
    const params = new Float64Array(model.paramCount);
    model.initialize(params, "random", new Random(3));
    const w1 = params.subarray(0, 8);
    const b1 = params.subarray(8, 12);
    const w2 = params.subarray(12, 20);
    expect([...b1]).toEqual([0, 0, 0, 0]);
    expect(params[20]).toBe(0);
    expect(params[24]).toBe(0);
    for (const value of w1) expect(Math.abs(value)).toBeLessThanOrEqual(Math.sqrt(6 / 6));
    for (const value of w2) expect(Math.abs(value)).toBeLessThanOrEqual(Math.sqrt(6 / 6));
    expect(new Set(w1).size).toBe(8);
    model.initialize(params, "zeros", new Random(3));
    expect(params.every((value) => value === 0)).toBe(true);
  });

  it("from all-zero parameters a tanh network cannot break symmetry: hidden weights get zero gradient", () => {
    const random = new Random(8);
    const model = createMlp(2, [3], "tanh", "regression");
    const split = randomSplit(random, 20, 2, "regression");
    const grad = new Float64Array(model.paramCount);
    model.lossAndGradient(new Float64Array(model.paramCount), split, null, 0, 20, grad);
    expect([...grad.subarray(0, 9)].every((g) => g === 0)).toBe(true);
    expect(grad[12]).not.toBe(0);
  });

  it("rejects more than 4 hidden layers or layers outside 1 .. 16 units", () => {
    expect(() => createMlp(2, [2, 2, 2, 2, 2], "tanh", "regression")).toThrow(/at most 4/);
    expect(() => createMlp(2, [17], "tanh", "regression")).toThrow(/1 to 16/);
    expect(() => createMlp(2, [0], "tanh", "regression")).toThrow(/1 to 16/);
  });
});
