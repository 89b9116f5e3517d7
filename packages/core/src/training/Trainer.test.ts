import { describe, expect, it } from "vitest";
import { createProblem, type ProblemSpec } from "./Problem.ts";
import { runConfigSchema, type RunConfigInput } from "./RunConfig.ts";
import { DIVERGENCE_RATIO, Trainer } from "./Trainer.ts";

const seedLine: ProblemSpec = { dataset: { name: "seed-line" }, model: { kind: "linear" } };
const config = (input: Partial<RunConfigInput>) =>
  runConfigSchema.parse({ optimizer: "sgd", lr: 0.01, epochs: 1000, batchSize: "full", ...input });

describe("Trainer on the source text's examples", () => {
  it("reproduces the NumPy loop: w = 0, b = 0, lr = 0.01, 1,000 epochs find y = 2x", () => {
    const trainer = new Trainer(createProblem(seedLine), config({}));
    expect(trainer.runToEnd()).toBe("finished");
    const [w, b] = trainer.params;
    expect(w).toBeCloseTo(2, 1);
    expect(Math.abs(b!)).toBeLessThan(0.15);
    // losses[0] is the loss at w = b = 0: mean(y^2) = (4 + 16 + 36 + 64 + 100) / 5 = 44.
    expect(trainer.losses[0]).toBe(44);
    expect(trainer.losses[999]).toBeLessThan(0.01);
  });

  it("matches the NumPy loop's first update exactly: dw = -2/n sum x(y - 0) = -44, db = -12", () => {
    const trainer = new Trainer(createProblem(seedLine), config({ epochs: 1 }));
    trainer.step();
    expect(trainer.params[0]).toBeCloseTo(0.44, 15);
    expect(trainer.params[1]).toBeCloseTo(0.12, 15);
  });

  it("diverges at learning rate 1.0 and reports the epoch where the loss exploded", () => {
    const trainer = new Trainer(createProblem(seedLine), config({ lr: 1.0 }));
    expect(trainer.runToEnd()).toBe("diverged");
    const at = trainer.divergedAt!;
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(10);
    expect(trainer.losses[at]! > DIVERGENCE_RATIO * 44 || !Number.isFinite(trainer.losses[at]!)).toBe(true);
    expect(trainer.epoch).toBe(at + 1);
  });

  it("barely moves at learning rate 0.000001", () => {
    const trainer = new Trainer(createProblem(seedLine), config({ lr: 0.000001 }));
    expect(trainer.runToEnd()).toBe("finished");
    expect(trainer.params[0]).toBeLessThan(0.05);
    expect(trainer.currentLoss()).toBeGreaterThan(40);
  });
});

describe("Trainer determinism and checkpoints", () => {
  const blobs: ProblemSpec = {
    dataset: { name: "moons", seed: 3 },
    model: { kind: "mlp", hidden: [4, 2], activation: "tanh" },
  };
  const miniBatch = config({ optimizer: "adam", lr: 0.03, epochs: 40, batchSize: 10, init: "random", seed: 7 });

  it("gives bit-identical curves and parameters for the same configuration and seed", () => {
    const a = new Trainer(createProblem(blobs), miniBatch);
    const b = new Trainer(createProblem(blobs), miniBatch);
    a.runToEnd();
    b.runToEnd();
    expect(Array.from(a.losses)).toEqual(Array.from(b.losses));
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
  });

  it("gives a different curve for a different seed when batches are shuffled", () => {
    const a = new Trainer(createProblem(blobs), miniBatch);
    const b = new Trainer(createProblem(blobs), { ...miniBatch, seed: 8 });
    a.runToEnd();
    b.runToEnd();
    expect(Array.from(a.losses)).not.toEqual(Array.from(b.losses));
  });

  it("continues bit for bit after a snapshot is serialised to JSON and restored", () => {
    const problem = createProblem(blobs);
    const uninterrupted = new Trainer(problem, miniBatch);
    uninterrupted.runToEnd();

    const first = new Trainer(problem, miniBatch);
    for (let i = 0; i < 17; i++) first.step();
    const saved = JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<Trainer["snapshot"]>;
    const resumed = Trainer.restore(problem, miniBatch, saved);
    expect(resumed.epoch).toBe(17);
    resumed.runToEnd();
    expect(Array.from(resumed.losses)).toEqual(Array.from(uninterrupted.losses));
    expect(Array.from(resumed.params)).toEqual(Array.from(uninterrupted.params));
  });

  it("refuses a snapshot whose parameter count does not fit the model", () => {
    const problem = createProblem(seedLine);
    const snapshot = { ...new Trainer(problem, config({})).snapshot(), params: [1, 2, 3] };
    expect(() => Trainer.restore(problem, config({}), snapshot)).toThrow(/parameters/);
  });

  it("stochastic batches make one update per example: batch size 1 on seed-line is 5 updates an epoch", () => {
    const problem = createProblem(seedLine);
    const full = new Trainer(problem, config({ epochs: 1 }));
    const stochastic = new Trainer(problem, config({ epochs: 1, batchSize: 1 }));
    full.step();
    stochastic.step();
    expect(Array.from(stochastic.params)).not.toEqual(Array.from(full.params));
    expect(stochastic.currentLoss()).toBeLessThan(full.currentLoss());
  });
});

describe("Trainer's starting parameters", () => {
  it("starts from config.start when given, and refuses one of the wrong length", () => {
    const trainer = new Trainer(createProblem(seedLine), config({ start: [1, -2] }));
    expect(Array.from(trainer.params)).toEqual([1, -2]);
    expect(() => new Trainer(createProblem(seedLine), config({ start: [1] }))).toThrow(
      /one value per parameter: the model has 2, start gives 1/,
    );
  });
});
