import { describe, expect, it } from "vitest";
import { Random } from "../random.ts";
import { DATASET_NAMES, datasets } from "./registry.ts";

describe("datasets registry", () => {
  it("lists exactly the registry's names in DATASET_NAMES, and each spec carries its own name", () => {
    expect([...DATASET_NAMES].sort()).toEqual(Object.keys(datasets).sort());
    for (const name of DATASET_NAMES) expect(datasets[name].name).toBe(name);
  });

  it("generates, for every dataset with its defaults, rows of the declared feature count with finite values", () => {
    for (const name of DATASET_NAMES) {
      const spec = datasets[name];
      const raw = spec.generate(spec.defaults, new Random(7));
      expect(raw.rows.length, name).toBe(spec.defaults.size);
      expect(raw.targets.length, name).toBe(raw.rows.length);
      expect(raw.featureNames.length, name).toBe(spec.features);
      for (const row of raw.rows) {
        expect(row.length, name).toBe(spec.features);
        expect(row.every(Number.isFinite), name).toBe(true);
      }
      expect(raw.targets.every(Number.isFinite), name).toBe(true);
    }
  });

  it("gives classification datasets 0/1 targets with both classes present", () => {
    for (const name of DATASET_NAMES) {
      const spec = datasets[name];
      if (spec.task !== "classification") continue;
      const { targets } = spec.generate(spec.defaults, new Random(3));
      expect(
        targets.every((y) => y === 0 || y === 1),
        name,
      ).toBe(true);
      expect(targets.includes(0) && targets.includes(1), name).toBe(true);
    }
  });

  it("generates the requested number of rows for adjustable sets", () => {
    for (const name of DATASET_NAMES) {
      const spec = datasets[name];
      if (!spec.adjustable.size) continue;
      expect(spec.generate({ size: 37, noise: 0.2 }, new Random(1)).rows.length, name).toBe(37);
    }
  });

  it("puts generated regression rows exactly on their function when the noise is 0", () => {
    const line = datasets.line.generate({ size: 20, noise: 0 }, new Random(2));
    line.rows.forEach(([x], i) => expect(line.targets[i]).toBeCloseTo(2 * x! + 1, 12));
    const plane = datasets.plane.generate({ size: 20, noise: 0 }, new Random(2));
    plane.rows.forEach(([x1, x2], i) => expect(plane.targets[i]).toBeCloseTo(1.5 * x1! - 2 * x2! + 0.5, 12));
    const quadratic = datasets.quadratic.generate({ size: 20, noise: 0 }, new Random(2));
    quadratic.rows.forEach(([x], i) => expect(quadratic.targets[i]).toBeCloseTo(0.5 * x! * x! - x! + 1, 12));
  });

  it("labels noise-free xor points 1 exactly where both coordinates share a sign", () => {
    const xor = datasets.xor.generate({ size: 100, noise: 0 }, new Random(4));
    xor.rows.forEach(([x1, x2], i) => expect(xor.targets[i]).toBe(x1! * x2! > 0 ? 1 : 0));
  });

  it("ships the real datasets with a source citation and a licence", () => {
    for (const spec of [datasets.cars, datasets.penguins]) {
      expect(spec.source.citation).toMatch(/vega-datasets/);
      expect(spec.source.licence.length).toBeGreaterThan(10);
    }
    expect(datasets.cars.defaults.size).toBe(392);
    expect(datasets.penguins.defaults.size).toBe(274);
  });
});
