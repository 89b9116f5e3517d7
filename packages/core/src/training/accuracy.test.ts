import { describe, expect, it } from "vitest";
import { createModel } from "../models/createModel.ts";
import { accuracy, evaluateAccuracy } from "./accuracy.ts";
import { createProblem } from "./Problem.ts";
import { runConfigSchema } from "./RunConfig.ts";
import { Trainer } from "./Trainer.ts";

describe("accuracy", () => {
  const logistic = createModel({ kind: "logistic" }, 1, "classification");
  // One feature, rows x = -2, -1, 1, 2 with classes 0, 0, 1, 1.
  const split = { n: 4, x: Float64Array.of(-2, -1, 1, 2), y: Float64Array.of(0, 0, 1, 1) };

  it("counts a row as class 1 when σ(w·x + b) > 0.5, and divides the rows right by all rows", () => {
    expect(accuracy(logistic, Float64Array.of(1, 0), split)).toBe(1);
    expect(accuracy(logistic, Float64Array.of(-1, 0), split)).toBe(0);
    // Logit x - 1.5: only x = 2 is class 1, so 3 of 4 rows are right.
    expect(accuracy(logistic, Float64Array.of(1, -1.5), split)).toBe(0.75);
  });

  it("predicts class 0 at probability exactly 0.5, so all-zero parameters score the share of class 0", () => {
    expect(accuracy(logistic, Float64Array.of(0, 0), split)).toBe(0.5);
    const mostlyZero = { n: 4, x: Float64Array.of(1, 2, 3, 4), y: Float64Array.of(0, 0, 0, 1) };
    expect(accuracy(logistic, Float64Array.of(0, 0), mostlyZero)).toBe(0.75);
  });

  it("is null for non-finite parameters, for regression models and for an empty split", () => {
    expect(accuracy(logistic, Float64Array.of(Number.NaN, 0), split)).toBeNull();
    const linear = createModel({ kind: "linear" }, 1, "regression");
    expect(accuracy(linear, Float64Array.of(1, 0), split)).toBeNull();
    expect(
      accuracy(logistic, Float64Array.of(1, 0), { n: 0, x: new Float64Array(), y: new Float64Array() }),
    ).toBeNull();
  });

  it("reads an MLP's output probability the same way: a trained network on moons beats chance on train and test", () => {
    const problem = createProblem({
      dataset: { name: "moons", seed: 3 },
      model: { kind: "mlp", hidden: [8], activation: "tanh" },
    });
    const trainer = new Trainer(
      problem,
      runConfigSchema.parse({ optimizer: "adam", lr: 0.05, epochs: 200, batchSize: "full", init: "random" }),
    );
    trainer.runToEnd();
    const train = evaluateAccuracy(problem, trainer.params, "train");
    const test = evaluateAccuracy(problem, trainer.params, "test");
    expect(train).toBeGreaterThan(0.8);
    expect(test).toBeGreaterThan(0.7);
    // A count of rows divided by the rows: a multiple of 1/n.
    expect(Math.abs(train! * problem.dataset.train.n - Math.round(train! * problem.dataset.train.n))).toBeLessThan(
      1e-9,
    );
  });

  it("is null on a split the dataset does not have", () => {
    const problem = createProblem({ dataset: { name: "seed-line" }, model: { kind: "linear" } });
    expect(evaluateAccuracy(problem, Float64Array.of(2, 0), "test")).toBeNull();
  });
});
