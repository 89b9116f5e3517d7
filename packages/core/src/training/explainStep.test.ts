import { describe, expect, it } from "vitest";
import { explainStep, STEP_PARAMS_WRITTEN_OUT } from "./explainStep.ts";
import { createProblem, type ProblemSpec } from "./Problem.ts";
import { runConfigSchema, type RunConfigInput } from "./RunConfig.ts";
import { Trainer } from "./Trainer.ts";

const workedExample: ProblemSpec = { dataset: { name: "worked-example" }, model: { kind: "linear", bias: false } };
const config = (input: Partial<RunConfigInput>) =>
  runConfigSchema.parse({ optimizer: "sgd", lr: 0.1, epochs: 20, batchSize: "full", ...input });

/** Explains each epoch before the Trainer steps it, and checks the explanation against what the step did. */
function explainAlongside(spec: ProblemSpec, input: Partial<RunConfigInput>, epochs: number) {
  const problem = createProblem(spec);
  const runConfig = config({ epochs, ...input });
  const trainer = new Trainer(problem, runConfig);
  const explanations = [];
  while (trainer.status === "running") {
    const explanation = explainStep(problem, runConfig, trainer.params, trainer.epoch);
    trainer.step();
    expect(explanation.loss).toBe(trainer.losses[explanation.epoch]);
    explanation.params.forEach((step, i) => {
      if (step.next !== null) expect(step.next).toBe(trainer.params[i]);
    });
    explanations.push(explanation);
  }
  return explanations;
}

describe("explainStep", () => {
  it("gives the source text's worked example: y_pred 2, loss 64, gradient -32, new w = 1 - 0.1 x (-32) = 4.2", () => {
    const problem = createProblem(workedExample);
    const step = explainStep(problem, config({ start: [1] }), Float64Array.of(1), 0);
    expect(step.rule).toBe("plain");
    expect(step.rows).toEqual([{ x: [2], y: 10, prediction: 2 }]);
    expect(step.loss).toBe(64);
    expect(step.params).toEqual([{ name: "w", old: 1, gradient: -32, next: 1 - 0.1 * -32 }]);
    expect(step.params[0]!.next).toBeCloseTo(4.2, 14);
    expect(step.formulas.prediction).toBe("ŷ = w × x");
  });

  it("equals the Trainer bit for bit at every epoch of the worked example from w = 1", () => {
    const steps = explainAlongside(workedExample, { start: [1] }, 20);
    expect(steps).toHaveLength(20);
    expect(steps[1]!.params[0]!.old).toBe(steps[0]!.params[0]!.next);
    // The second step, from w = 4.2: y_pred = 8.4, gradient -2 x 2 x (10 - 8.4) = -6.4.
    expect(steps[1]!.params[0]!.gradient).toBeCloseTo(-6.4, 13);
  });

  it("equals the Trainer bit for bit on the textbook line with its bias, under a decaying schedule", () => {
    const steps = explainAlongside(
      { dataset: { name: "seed-line" }, model: { kind: "linear" } },
      { lr: 0.05, schedule: { kind: "step", stepSize: 3, gamma: 0.5 } },
      12,
    );
    expect(steps.map((step) => step.params.map((p) => p.name))[0]).toEqual(["w", "b"]);
    expect(steps[6]!.lr).toBe(0.0125);
    expect(steps[0]!.rows).toHaveLength(5);
  });

  it("writes no new value under momentum or mini-batches, where the update is not lr x the gradient shown", () => {
    const line: ProblemSpec = { dataset: { name: "seed-line" }, model: { kind: "linear" } };
    expect(explainAlongside(line, { momentum: 0.9, lr: 0.01 }, 5)[2]!.params[0]!.next).toBeNull();
    expect(explainAlongside(line, { optimizer: "adam" }, 5)[2]!.rule).toBe("optimizer");
    const miniBatch = explainAlongside(line, { batchSize: 2, lr: 0.01 }, 5);
    expect(miniBatch[2]!.rule).toBe("mini-batch");
    expect(miniBatch[2]!.largestChange).toBeNull();
  });

  it("sums up a model with more than a handful of parameters instead of writing each one out", () => {
    const moons: ProblemSpec = { dataset: { name: "moons" }, model: { kind: "mlp", hidden: [4], activation: "tanh" } };
    const [first] = explainAlongside(moons, { init: "random", lr: 0.1 }, 3);
    expect(first!.paramCount).toBeGreaterThan(STEP_PARAMS_WRITTEN_OUT);
    expect(first!.params).toEqual([]);
    expect(first!.gradientNorm).toBeGreaterThan(0);
    expect(first!.largestChange).toBeGreaterThan(0);
  });
});
