import { cos, sin } from "../math/portable.ts";
import type { Random } from "../random.ts";
import type { DatasetSourceNote, RawData, Task } from "./Dataset.ts";
import { cars } from "./data/cars.ts";
import { penguins } from "./data/penguins.ts";
import type { ShippedData } from "./data/ShippedData.ts";

/** The options a generator reads; `loadDataset` fills them from the ref or the dataset's defaults. */
export interface GenerateOptions {
  /** Number of rows. */
  readonly size: number;
  /** Standard deviation of the Gaussian noise added, in the dataset's own units. */
  readonly noise: number;
}

export interface DatasetDefaults {
  readonly size: number;
  readonly noise: number;
  readonly testFraction: number;
  readonly standardize: boolean;
}

/** One entry of the registry: what a dataset is and how to produce its raw rows. */
export interface DatasetSpec {
  readonly name: string;
  readonly title: string;
  readonly task: Task;
  readonly description: string;
  /** Number of input features per row. */
  readonly features: number;
  readonly defaults: DatasetDefaults;
  /** Which generator options change the rows; the textbook line and the real datasets ignore size and noise. */
  readonly adjustable: { readonly size: boolean; readonly noise: boolean };
  readonly source?: DatasetSourceNote;
  /** The fewest rows the dataset may have, when not the usual minimum (the worked example is one row). */
  readonly minRows?: number;
  /** The raw rows, drawing every random number from `random` so equal seeds give equal rows. */
  generate(options: GenerateOptions, random: Random): RawData;
}

/** Every dataset name, in the order a picker lists them; the wire's zod enum is built from this tuple. */
export const DATASET_NAMES = [
  "seed-line",
  "worked-example",
  "line",
  "plane",
  "quadratic",
  "blobs",
  "circles",
  "xor",
  "spiral",
  "moons",
  "cars",
  "penguins",
] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** A uniform sample from [low, high). */
function uniform(random: Random, low: number, high: number): number {
  return low + (high - low) * random.next();
}

/** Regression rows y = f(x) + noise * N(0, 1), with each x drawn by `drawX`. */
function regressionData(
  options: GenerateOptions,
  random: Random,
  featureNames: readonly string[],
  drawX: (random: Random) => number[],
  f: (x: readonly number[]) => number,
): RawData {
  const rows: number[][] = [];
  const targets: number[] = [];
  for (let i = 0; i < options.size; i++) {
    const x = drawX(random);
    rows.push(x);
    targets.push(f(x) + options.noise * random.normal());
  }
  return { featureNames, targetName: "y", rows, targets };
}

/**
 * Two-class rows in the plane: row i has label i mod 2 (so the classes stay balanced) and sits at `point(label)`
 * plus noise * N(0, 1) on each coordinate.
 */
function twoClassData(
  options: GenerateOptions,
  random: Random,
  point: (label: 0 | 1, random: Random) => readonly [number, number],
): RawData {
  const rows: number[][] = [];
  const targets: number[] = [];
  for (let i = 0; i < options.size; i++) {
    const label = i % 2 === 0 ? 0 : 1;
    const [x1, x2] = point(label, random);
    rows.push([x1 + options.noise * random.normal(), x2 + options.noise * random.normal()]);
    targets.push(label);
  }
  return { featureNames: ["x1", "x2"], targetName: "class", rows, targets };
}

/** Rows of a shipped real dataset, turned from its stored columns into rows. */
function shippedRows(data: ShippedData): RawData {
  const rows = data.targets.map((_, i) => data.featureColumns.map((column) => column[i]!));
  return { featureNames: data.featureNames, targetName: data.targetName, rows, targets: data.targets };
}

const classificationDefaults = { size: 200, noise: 0.1, testFraction: 0.2, standardize: false } as const;
const generated = { size: true, noise: true } as const;
const fixed = { size: false, noise: false } as const;

/** Every dataset by name. Generated sets use the ref's size and noise; the others always yield the same rows. */
export const datasets = {
  "seed-line": {
    name: "seed-line",
    title: "The textbook line y = 2x",
    task: "regression",
    description:
      "Five points on y = 2x exactly (x = 1, 2, 3, 4, 5), the example the lesson starts from: gradient descent " +
      "from w = 0, b = 0 should find w = 2 and b = 0.",
    features: 1,
    defaults: { size: 5, noise: 0, testFraction: 0, standardize: false },
    adjustable: fixed,
    generate: () => ({
      featureNames: ["x"],
      targetName: "y",
      rows: [[1], [2], [3], [4], [5]],
      targets: [2, 4, 6, 8, 10],
    }),
  },
  "worked-example": {
    name: "worked-example",
    title: "The worked example: one point, x = 2, y = 10",
    task: "regression",
    description:
      "The source text's small numerical example: one point (x = 2, y = 10) for y_pred = w * x (a linear model " +
      "without bias). From w = 1 at lr 0.1 the gradient is -32 and the first step gives w = 4.2.",
    features: 1,
    defaults: { size: 1, noise: 0, testFraction: 0, standardize: false },
    adjustable: fixed,
    minRows: 1,
    generate: () => ({ featureNames: ["x"], targetName: "y", rows: [[2]], targets: [10] }),
  },
  line: {
    name: "line",
    title: "A noisy line",
    task: "regression",
    description: "y = 2x + 1 plus Gaussian noise, with x uniform in [0, 5).",
    features: 1,
    defaults: { size: 50, noise: 0.5, testFraction: 0.2, standardize: false },
    adjustable: generated,
    generate: (options, random) =>
      regressionData(
        options,
        random,
        ["x"],
        (r) => [uniform(r, 0, 5)],
        ([x]) => 2 * x! + 1,
      ),
  },
  plane: {
    name: "plane",
    title: "A noisy plane",
    task: "regression",
    description: "y = 1.5 x1 - 2 x2 + 0.5 plus Gaussian noise, with x1 and x2 uniform in [-2, 2).",
    features: 2,
    defaults: { size: 100, noise: 0.5, testFraction: 0.2, standardize: false },
    adjustable: generated,
    generate: (options, random) =>
      regressionData(
        options,
        random,
        ["x1", "x2"],
        (r) => [uniform(r, -2, 2), uniform(r, -2, 2)],
        ([x1, x2]) => 1.5 * x1! - 2 * x2! + 0.5,
      ),
  },
  quadratic: {
    name: "quadratic",
    title: "A noisy parabola",
    task: "regression",
    description:
      "y = 0.5 x^2 - x + 1 plus Gaussian noise, with x uniform in [-3, 3): a straight line underfits it, " +
      "polynomial features fit it.",
    features: 1,
    defaults: { size: 80, noise: 0.5, testFraction: 0.2, standardize: false },
    adjustable: generated,
    generate: (options, random) =>
      regressionData(
        options,
        random,
        ["x"],
        (r) => [uniform(r, -3, 3)],
        ([x]) => 0.5 * x! * x! - x! + 1,
      ),
  },
  blobs: {
    name: "blobs",
    title: "Two blobs",
    task: "classification",
    description:
      "Two Gaussian clouds centred at (-1.5, -1.5) (class 0) and (1.5, 1.5) (class 1); the noise is each " +
      "cloud's standard deviation. A straight line separates them.",
    features: 2,
    defaults: { ...classificationDefaults, noise: 1 },
    adjustable: generated,
    generate: (options, random) => twoClassData(options, random, (label) => (label === 1 ? [1.5, 1.5] : [-1.5, -1.5])),
  },
  circles: {
    name: "circles",
    title: "A disc inside a ring",
    task: "classification",
    description:
      "Class 1 fills the disc of radius 0.5, class 0 the ring between radii 0.7 and 1, plus Gaussian noise. " +
      "No straight line separates them.",
    features: 2,
    defaults: { ...classificationDefaults, noise: 0.05 },
    adjustable: generated,
    generate: (options, random) =>
      twoClassData(options, random, (label, r) => {
        const radius = label === 1 ? uniform(r, 0, 0.5) : uniform(r, 0.7, 1);
        const angle = uniform(r, 0, 2 * Math.PI);
        return [radius * cos(angle), radius * sin(angle)];
      }),
  },
  xor: {
    name: "xor",
    title: "Exclusive or",
    task: "classification",
    description:
      "Points in the square [-1, 1]^2 kept 0.1 away from the axes; class 1 where x1 and x2 have the same sign, " +
      "plus Gaussian noise.",
    features: 2,
    defaults: { ...classificationDefaults, noise: 0.05 },
    adjustable: generated,
    generate: (options, random) =>
      twoClassData(options, random, (label, r) => {
        const sign1 = r.next() < 0.5 ? -1 : 1;
        const sign2 = label === 1 ? sign1 : -sign1;
        return [sign1 * uniform(r, 0.1, 1), sign2 * uniform(r, 0.1, 1)];
      }),
  },
  spiral: {
    name: "spiral",
    title: "Two spirals",
    task: "classification",
    description:
      "Two interleaved spiral arms of 1.75 turns out to radius 1, one per class, plus Gaussian noise: the hardest " +
      "of the planar sets.",
    features: 2,
    defaults: { ...classificationDefaults, size: 300, noise: 0.03 },
    adjustable: generated,
    generate: (options, random) =>
      twoClassData(options, random, (label, r) => {
        const t = r.next();
        const angle = 1.75 * 2 * Math.PI * t + (label === 1 ? Math.PI : 0);
        return [t * sin(angle), t * cos(angle)];
      }),
  },
  moons: {
    name: "moons",
    title: "Two moons",
    task: "classification",
    description:
      "Two interleaved half circles of radius 1: class 0 on (cos t, sin t), class 1 on (1 - cos t, 0.5 - sin t), " +
      "t uniform in [0, pi), plus Gaussian noise.",
    features: 2,
    defaults: classificationDefaults,
    adjustable: generated,
    generate: (options, random) =>
      twoClassData(options, random, (label, r) => {
        const t = uniform(r, 0, Math.PI);
        return label === 1 ? [1 - cos(t), 0.5 - sin(t)] : [cos(t), sin(t)];
      }),
  },
  cars: {
    name: "cars",
    title: "Cars: horsepower and fuel economy",
    task: "regression",
    description:
      "Miles per gallon against horsepower for 392 cars of the 1970s and early 1980s. The relation bends, so a " +
      "line fits it only roughly; standardizing horsepower keeps the learning rate sane.",
    features: 1,
    defaults: { size: cars.targets.length, noise: 0, testFraction: 0.2, standardize: true },
    adjustable: fixed,
    source: cars.source,
    generate: () => shippedRows(cars),
  },
  penguins: {
    name: "penguins",
    title: "Penguins: Adelie or Gentoo",
    task: "classification",
    description:
      "Palmer Archipelago penguins: is it a Gentoo (1) or an Adelie (0), from bill length and flipper length " +
      "in millimetres? Nearly separable by a straight line.",
    features: 2,
    defaults: { size: penguins.targets.length, noise: 0, testFraction: 0.2, standardize: true },
    adjustable: fixed,
    source: penguins.source,
    generate: () => shippedRows(penguins),
  },
} as const satisfies Record<DatasetName, DatasetSpec>;
