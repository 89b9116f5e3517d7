import { describe, expect, it } from "vitest";
import type { Dataset, RawData, Split } from "./Dataset.ts";
import { DEFAULT_DATASET_SEED, loadDataset } from "./loadDataset.ts";
import { DATASET_NAMES, datasets } from "./registry.ts";

function column(split: Split, features: number, j: number): number[] {
  return Array.from({ length: split.n }, (_, i) => split.x[i * features + j]!);
}

function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

function expectIdentical(a: Dataset, b: Dataset): void {
  expect(a.train.x).toEqual(b.train.x);
  expect(a.train.y).toEqual(b.train.y);
  expect(a.test?.x).toEqual(b.test?.x);
  expect(a.test?.y).toEqual(b.test?.y);
  expect(a.standardization).toEqual(b.standardization);
}

describe("loadDataset", () => {
  it("builds the worked example as its one row, x = 2 and y = 10, although other sets need at least two rows", () => {
    const data = loadDataset({ name: "worked-example" });
    expect(data.train.n).toBe(1);
    expect(Array.from(data.train.x)).toEqual([2]);
    expect(Array.from(data.train.y)).toEqual([10]);
    expect(data.test).toBeNull();
  });

  it("builds the textbook line as x = 1..5, y = 2x, all training, unstandardized", () => {
    const data = loadDataset({ name: "seed-line" });
    expect(data.task).toBe("regression");
    expect(data.features).toBe(1);
    expect(Array.from(data.train.x)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(data.train.y)).toEqual([2, 4, 6, 8, 10]);
    expect(data.train.n).toBe(5);
    expect(data.test).toBeNull();
    expect(data.standardization).toBeNull();
  });

  it("gives bit-identical arrays for the same ref twice", () => {
    for (const name of DATASET_NAMES) {
      expectIdentical(loadDataset({ name, seed: 42 }), loadDataset({ name, seed: 42 }));
    }
  });

  it("uses DEFAULT_DATASET_SEED when the ref has no seed", () => {
    expectIdentical(loadDataset({ name: "moons" }), loadDataset({ name: "moons", seed: DEFAULT_DATASET_SEED }));
  });

  it("splits the same fixed rows differently under a different seed", () => {
    const a = loadDataset({ name: "cars", seed: 1, standardize: false });
    const b = loadDataset({ name: "cars", seed: 2, standardize: false });
    expect(a.train.n).toBe(b.train.n);
    expect(Array.from(a.train.x)).not.toEqual(Array.from(b.train.x));
  });

  it("generates different rows under a different seed", () => {
    const a = loadDataset({ name: "line", seed: 1 });
    const b = loadDataset({ name: "line", seed: 2 });
    expect(Array.from(a.train.y)).not.toEqual(Array.from(b.train.y));
  });

  it("holds out round(n * testFraction) rows and keeps the rest for training", () => {
    const data = loadDataset({ name: "blobs", size: 200, testFraction: 0.25 });
    expect(data.test?.n).toBe(50);
    expect(data.train.n).toBe(150);
    expect(data.train.x.length).toBe(150 * 2);
    expect(data.test?.x.length).toBe(50 * 2);
    expect(data.test?.y.length).toBe(50);
  });

  it("keeps at least one row on each side when the fraction rounds to an edge", () => {
    const tiny = loadDataset({ name: "line", size: 4, testFraction: 0.05 });
    expect(tiny.test?.n).toBe(1);
    expect(tiny.train.n).toBe(3);
  });

  it("returns a null test split when testFraction is 0", () => {
    const data = loadDataset({ name: "line", size: 30, testFraction: 0 });
    expect(data.test).toBeNull();
    expect(data.train.n).toBe(30);
  });

  it("partitions the rows: train and test together hold every generated row once", () => {
    const whole = loadDataset({ name: "cars", testFraction: 0, standardize: false });
    const split = loadDataset({ name: "cars", testFraction: 0.3, standardize: false });
    const all = [...split.train.y, ...split.test!.y].sort((p, q) => p - q);
    expect(all).toEqual(Array.from(whole.train.y).sort((p, q) => p - q));
  });

  it("standardizes with the training split's statistics only", () => {
    const data = loadDataset({ name: "plane", size: 400, testFraction: 0.3, standardize: true, seed: 5 });
    const raw = loadDataset({ name: "plane", size: 400, testFraction: 0.3, standardize: false, seed: 5 });
    for (let j = 0; j < data.features; j++) {
      const trainStats = meanAndStd(column(data.train, data.features, j));
      expect(trainStats.mean).toBeCloseTo(0, 10);
      expect(trainStats.std).toBeCloseTo(1, 10);
      const rawTrain = meanAndStd(column(raw.train, raw.features, j));
      expect(data.standardization!.mean[j]).toBeCloseTo(rawTrain.mean, 12);
      expect(data.standardization!.std[j]).toBeCloseTo(rawTrain.std, 12);
      // The test split is mapped with the train statistics, so its mean is not forced to 0.
      const rawTest = column(raw.test!, raw.features, j);
      const expectedTest = rawTest.map((v) => (v - rawTrain.mean) / rawTrain.std);
      expect(column(data.test!, data.features, j)).toEqual(expectedTest);
      expect(Math.abs(meanAndStd(column(data.test!, data.features, j)).mean)).toBeGreaterThan(1e-6);
    }
  });

  it("uses a standard deviation of 1 for a feature with no spread", () => {
    const csv: RawData = {
      featureNames: ["constant", "x"],
      targetName: "y",
      rows: [
        [3, 1],
        [3, 2],
        [3, 3],
        [3, 4],
      ],
      targets: [1, 2, 3, 4],
    };
    const data = loadDataset({ name: "csv", csv, testFraction: 0, standardize: true });
    expect(data.standardization!.std[0]).toBe(1);
    expect(Array.from(column(data.train, 2, 0))).toEqual([0, 0, 0, 0]);
  });

  it("loads every registry dataset with its defaults, with the spec's task and feature count", () => {
    for (const name of DATASET_NAMES) {
      const spec = datasets[name];
      const data = loadDataset({ name });
      expect(data.task, name).toBe(spec.task);
      expect(data.features, name).toBe(spec.features);
      expect(data.featureNames.length, name).toBe(spec.features);
      expect(data.train.n + (data.test?.n ?? 0), name).toBe(spec.defaults.size);
      expect(data.standardization !== null, name).toBe(spec.defaults.standardize);
      for (const split of [data.train, data.test]) {
        if (!split) continue;
        expect(split.x.every(Number.isFinite), name).toBe(true);
        expect(split.y.every(Number.isFinite), name).toBe(true);
        if (spec.task === "classification")
          expect(
            split.y.every((y) => y === 0 || y === 1),
            name,
          ).toBe(true);
      }
    }
  });

  it("builds a csv ref from its rows and infers classification from 0/1 targets", () => {
    const csv: RawData = {
      featureNames: ["a"],
      targetName: "label",
      rows: [[1], [2], [3], [4], [5]],
      targets: [0, 1, 0, 1, 1],
    };
    const data = loadDataset({ name: "csv", csv, testFraction: 0, standardize: false });
    expect(data.task).toBe("classification");
    expect(data.targetName).toBe("label");
    expect(Array.from(data.train.x)).toEqual([1, 2, 3, 4, 5]);
  });

  it("rejects an unknown name, naming it", () => {
    expect(() => loadDataset({ name: "nope" })).toThrow(/unknown dataset "nope"/);
    expect(() => loadDataset({ name: "toString" })).toThrow(/unknown dataset "toString"/);
  });

  it("rejects a csv ref without rows", () => {
    expect(() => loadDataset({ name: "csv" })).toThrow(/csv/);
  });

  it("rejects out-of-range options, naming the field", () => {
    expect(() => loadDataset({ name: "line", size: 3 })).toThrow(/^size must be an integer in \[4, 5000\]/);
    expect(() => loadDataset({ name: "line", size: 5001 })).toThrow(/^size/);
    expect(() => loadDataset({ name: "line", size: 10.5 })).toThrow(/^size/);
    expect(() => loadDataset({ name: "line", noise: -0.1 })).toThrow(/^noise must be a number in \[0, 10\]/);
    expect(() => loadDataset({ name: "line", noise: Number.NaN })).toThrow(/^noise/);
    expect(() => loadDataset({ name: "line", testFraction: 0.95 })).toThrow(/^testFraction must be a number/);
    expect(() => loadDataset({ name: "line", seed: 1.5 })).toThrow(/^seed must be an integer/);
  });

  it("accepts the inclusive edges of every range", () => {
    expect(loadDataset({ name: "line", size: 4, noise: 0, testFraction: 0 }).train.n).toBe(4);
    expect(loadDataset({ name: "line", size: 5000, noise: 10, testFraction: 0.9 }).test?.n).toBe(4500);
  });
});
