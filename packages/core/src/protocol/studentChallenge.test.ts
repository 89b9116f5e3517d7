import { describe, expect, it } from "vitest";
import type { DatasetRef, Split } from "../datasets/Dataset.ts";
import { DATASET_NAMES, datasets } from "../datasets/registry.ts";
import { loadDataset } from "../datasets/loadDataset.ts";
import type { ModelSpec } from "../models/Model.ts";
import { createProblem, type ProblemSpec } from "../training/Problem.ts";
import { runConfigSchema, type RunConfigInput } from "../training/RunConfig.ts";
import { Trainer } from "../training/Trainer.ts";
import { challengeSchema } from "./challenge.ts";
import { studentChallenge, studentProblemSpec } from "./studentChallenge.ts";

/** An instructor's upload with columns in very different units, so standardizing matters. */
const CSV_REF: DatasetRef = {
  name: "csv",
  seed: 9,
  csv: {
    featureNames: ["area", "rooms"],
    targetName: "price",
    rows: Array.from({ length: 60 }, (_, i) => [400 + ((i * 37) % 90) * 11, 1 + (i % 5)]),
    targets: Array.from({ length: 60 }, (_, i) => 120 + ((i * 53) % 70) * 3.5 - (i % 5) * 9),
  },
};

/** Every dataset kind with a test split held out (seed-line has none), under a seed the students never see. */
const REFS: DatasetRef[] = [
  ...DATASET_NAMES.map((name) => ({ name, seed: 424_242, ...(name === "seed-line" ? {} : { testFraction: 0.3 }) })),
  CSV_REF,
];

function modelsFor(ref: DatasetRef): ModelSpec[] {
  const mlp: ModelSpec = { kind: "mlp", hidden: [4], activation: "tanh" };
  if (ref.name === "csv") return [{ kind: "linear" }, mlp];
  const spec = datasets[ref.name as keyof typeof datasets];
  if (spec.task === "classification") return [{ kind: "logistic" }, mlp];
  return spec.features === 1 ? [{ kind: "linear" }, { kind: "polynomial", degree: 3 }] : [{ kind: "linear" }, mlp];
}

/** Full-batch descent, and mini-batches whose shuffling draws from the run's seed. */
const CONFIGS: RunConfigInput[] = [
  { optimizer: "sgd", lr: 0.01, epochs: 30, batchSize: "full" },
  { optimizer: "adam", lr: 0.02, epochs: 12, batchSize: 7, seed: 5, init: "random" },
];

function descend(spec: ProblemSpec, configInput: RunConfigInput) {
  const trainer = new Trainer(createProblem(spec), runConfigSchema.parse(configInput));
  trainer.runToEnd();
  return { losses: Array.from(trainer.losses.subarray(0, trainer.epoch)), params: Array.from(trainer.params) };
}

function rowsOf(split: Split, features: number): string[] {
  return Array.from({ length: split.n }, (_, i) =>
    JSON.stringify([...split.x.subarray(i * features, (i + 1) * features), split.y[i]]),
  );
}

function counts(rows: readonly string[]): Map<string, number> {
  const seen = new Map<string, number>();
  for (const row of rows) seen.set(row, (seen.get(row) ?? 0) + 1);
  return seen;
}

describe("the student's problem spec", () => {
  it("descends bit for bit as the whole problem does, on every dataset kind, after a trip through JSON", () => {
    for (const ref of REFS) {
      for (const model of modelsFor(ref)) {
        const full: ProblemSpec = { dataset: ref, model };
        const student = JSON.parse(JSON.stringify(studentProblemSpec(createProblem(full)))) as ProblemSpec;
        for (const config of CONFIGS) {
          // toEqual tells every two doubles apart (even 0 and -0): the descents agree bit for bit.
          expect(descend(student, config), `${ref.name} ${model.kind}`).toEqual(descend(full, config));
        }
      }
    }
  });

  it("has the same training rows, order and optimum as the whole problem, and no test split", () => {
    for (const ref of REFS) {
      const model = modelsFor(ref)[0]!;
      const problem = createProblem({ dataset: ref, model });
      const studentProblem = createProblem(studentProblemSpec(problem));
      expect(studentProblem.dataset.train.x).toEqual(problem.dataset.train.x);
      expect(studentProblem.dataset.train.y).toEqual(problem.dataset.train.y);
      expect(studentProblem.dataset.test).toBeNull();
      expect(studentProblem.dataset.title).toBe(problem.dataset.title);
      expect(studentProblem.dataset.task).toBe(problem.dataset.task);
      expect(studentProblem.optimumLoss).toBe(problem.optimumLoss);
    }
  });

  it("carries no seed, no test fraction, no standardization statistics and not one test row", () => {
    for (const ref of REFS) {
      const problem = createProblem({ dataset: ref, model: modelsFor(ref)[0]! });
      const spec = studentProblemSpec(problem);
      expect(Object.keys(spec.dataset).sort()).toEqual(["name", "rows"]);
      expect(Object.keys(spec.dataset.rows).sort()).toEqual([
        "featureNames",
        "rows",
        "targetName",
        "targets",
        "task",
        "title",
      ]);
      const text = JSON.stringify(spec);
      for (const word of ["seed", "testFraction", "standardiz", "mean", "std", "csv"]) expect(text).not.toContain(word);
      const test = problem.dataset.test;
      if (!test) continue;
      const features = problem.dataset.features;
      const sent = counts(rowsOf(createProblem(spec).dataset.train, features));
      const trained = counts(rowsOf(problem.dataset.train, features));
      const held = rowsOf(test, features);
      expect(held.length).toBeGreaterThan(0);
      // A real dataset can hold the same row twice, once on each side of the split: only the training copies go.
      expect(held.filter((row) => (sent.get(row) ?? 0) !== (trained.get(row) ?? 0))).toEqual([]);
      expect([...sent.values()].reduce((a, b) => a + b, 0)).toBe(problem.dataset.train.n);
    }
  });

  it("cannot rebuild the test split: the rows take no recipe option, so no seed or split can be applied to them", () => {
    const spec = studentProblemSpec(
      createProblem({ dataset: { name: "moons", seed: 77 }, model: { kind: "logistic" } }),
    );
    for (const option of [{ seed: 77 }, { testFraction: 0.2 }, { standardize: true }, { size: 200 }]) {
      expect(() => loadDataset({ ...spec.dataset, ...option })).toThrow(/already split and standardized/);
    }
  });

  it("gives students the challenge's every rule with the training rows in place of the recipe", () => {
    const challenge = challengeSchema.parse({
      dataset: { name: "blobs", seed: 31, testFraction: 0.25 },
      model: "logistic",
      scoring: "test",
      lrMax: 1,
    });
    const problem = createProblem({ dataset: challenge.dataset, model: challenge.model });
    const view = studentChallenge(challenge, studentProblemSpec(problem));
    expect({ ...view, dataset: challenge.dataset }).toEqual(challenge);
    expect(view.dataset.rows.rows).toHaveLength(problem.dataset.train.n);
    // What students receive passes the wire's own schema, unchanged.
    expect(challengeSchema.parse(JSON.parse(JSON.stringify(view)))).toEqual(view);
  });
});
