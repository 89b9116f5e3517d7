import { Random } from "../random.ts";
import type { Dataset, DatasetRef, RawData, Split, Standardization, Task } from "./Dataset.ts";
import { CSV_LIMITS, inferTask } from "./parseCsv.ts";
import { datasets } from "./registry.ts";
import type { DatasetDefaults, DatasetSpec } from "./registry.ts";

/** The seed a ref without one is built with. */
export const DEFAULT_DATASET_SEED = 1;

/** Accepted ranges for the options of a ref (inclusive). */
export const DATASET_OPTION_LIMITS = {
  size: { min: 4, max: 5000 },
  noise: { min: 0, max: 10 },
  testFraction: { min: 0, max: 0.9 },
} as const;

/** Defaults for an uploaded CSV: hold out a fifth, standardize since a CSV's columns come in any units. */
export const CSV_DEFAULTS = { testFraction: 0.2, standardize: true } as const;

/** What the split and standardization steps need to know about the dataset, whichever its origin. */
interface Resolved {
  readonly title: string;
  readonly task: Task;
  readonly features: number;
  readonly defaults: DatasetDefaults;
  /** The fewest rows it may have: a training split may be a single row, a whole dataset needs two. */
  readonly minRows: number;
  readonly raw: (options: { size: number; noise: number }, random: Random) => RawData;
}

function checkRange(field: keyof typeof DATASET_OPTION_LIMITS, value: number | undefined, integer: boolean): void {
  if (value === undefined) return;
  const { min, max } = DATASET_OPTION_LIMITS[field];
  const valid = Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!valid)
    throw new Error(`${field} must be ${integer ? "an integer" : "a number"} in [${min}, ${max}]; got ${value}`);
}

function checkRef(ref: DatasetRef): void {
  if (ref.seed !== undefined && !(Number.isSafeInteger(ref.seed) && ref.seed >= 0)) {
    throw new Error(`seed must be an integer from 0 to 2^53 - 1; got ${ref.seed}`);
  }
  checkRange("size", ref.size, true);
  checkRange("noise", ref.noise, false);
  checkRange("testFraction", ref.testFraction, false);
  if (ref.standardize !== undefined && typeof ref.standardize !== "boolean") {
    throw new Error(`standardize must be true or false; got ${String(ref.standardize)}`);
  }
}

function isRegistered(name: string): name is keyof typeof datasets {
  return Object.hasOwn(datasets, name);
}

/** The options a "rows" ref does not take: its rows are already generated, split and standardized. */
const RECIPE_OPTIONS = ["seed", "size", "noise", "testFraction", "standardize", "csv"] as const;

function resolve(ref: DatasetRef): Resolved {
  if (ref.name === "rows") {
    const rows = ref.rows;
    if (!rows) throw new Error('dataset "rows" needs its training rows in rows');
    const option = RECIPE_OPTIONS.find((field) => ref[field] !== undefined);
    if (option) throw new Error(`dataset "rows" is already split and standardized; it takes no ${option}`);
    return {
      title: rows.title,
      task: rows.task,
      features: rows.featureNames.length,
      defaults: { size: rows.rows.length, noise: 0, testFraction: 0, standardize: false },
      minRows: 1,
      raw: () => rows,
    };
  }
  if (ref.rows !== undefined) throw new Error('only dataset "rows" carries rows');
  if (ref.name === "csv") {
    const csv = ref.csv;
    if (!csv) throw new Error('dataset "csv" needs its rows in csv');
    return {
      title: "Uploaded CSV",
      task: inferTask(csv),
      features: csv.featureNames.length,
      defaults: { size: csv.rows.length, noise: 0, ...CSV_DEFAULTS },
      minRows: CSV_LIMITS.minRows,
      raw: () => csv,
    };
  }
  if (!isRegistered(ref.name)) {
    const known = Object.keys(datasets).join(", ");
    throw new Error(`unknown dataset "${ref.name}"; expected "csv" or one of ${known}`);
  }
  const spec: DatasetSpec = datasets[ref.name];
  return {
    ...spec,
    minRows: spec.minRows ?? CSV_LIMITS.minRows,
    raw: (options, random) => spec.generate(options, random),
  };
}

/** Checks that raw rows are a consistent, finite table of `features` columns, with between `minRows` and 5000 rows. */
function checkRaw(name: string, raw: RawData, features: number, minRows: number): void {
  const n = raw.rows.length;
  if (raw.targets.length !== n) throw new Error(`dataset "${name}" has ${n} rows but ${raw.targets.length} targets`);
  if (n < minRows || n > CSV_LIMITS.maxRows) {
    throw new Error(`dataset "${name}" must have between ${minRows} and ${CSV_LIMITS.maxRows} rows; got ${n}`);
  }
  if (features < 1 || raw.featureNames.length !== features) {
    throw new Error(`dataset "${name}" must name its ${features} features; got ${raw.featureNames.length}`);
  }
  for (let i = 0; i < n; i++) {
    const row = raw.rows[i]!;
    if (row.length !== features)
      throw new Error(`dataset "${name}" row ${i + 1} has ${row.length} values, not ${features}`);
    if (!row.every(Number.isFinite) || !Number.isFinite(raw.targets[i])) {
      throw new Error(`dataset "${name}" row ${i + 1} has a value that is not a finite number`);
    }
  }
}

/**
 * Splits rows into train and test: a seeded shuffle of the row indices puts the first round(n * testFraction)
 * (at least 1, at most n - 1) in the test split. Both splits keep the rows' original order.
 * A test fraction of 0 keeps every row for training, in order, and draws nothing from `random`.
 */
function splitRows(
  raw: RawData,
  features: number,
  testFraction: number,
  random: Random,
): { train: Split; test: Split | null } {
  const n = raw.rows.length;
  const nTest = testFraction === 0 ? 0 : Math.min(Math.max(Math.round(n * testFraction), 1), n - 1);
  const inTest = new Uint8Array(n);
  if (nTest > 0) {
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    random.shuffle(order);
    for (let k = 0; k < nTest; k++) inTest[order[k]!] = 1;
  }
  const train = { n: n - nTest, x: new Float64Array((n - nTest) * features), y: new Float64Array(n - nTest) };
  const test = { n: nTest, x: new Float64Array(nTest * features), y: new Float64Array(nTest) };
  let trainRow = 0;
  let testRow = 0;
  for (let i = 0; i < n; i++) {
    const target = inTest[i] === 1 ? test : train;
    const row = inTest[i] === 1 ? testRow++ : trainRow++;
    const values = raw.rows[i]!;
    for (let j = 0; j < features; j++) target.x[row * features + j] = values[j]!;
    target.y[row] = raw.targets[i]!;
  }
  return { train, test: nTest > 0 ? test : null };
}

/**
 * Per-feature mean and population standard deviation over the rows of `split`; a feature with zero spread
 * gets standard deviation 1 so that standardizing leaves it centred rather than dividing by zero.
 */
function featureStatistics(split: Split, features: number): Standardization {
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < features; j++) {
    let sum = 0;
    for (let i = 0; i < split.n; i++) sum += split.x[i * features + j]!;
    const m = sum / split.n;
    let squares = 0;
    for (let i = 0; i < split.n; i++) {
      const deviation = split.x[i * features + j]! - m;
      squares += deviation * deviation;
    }
    const s = Math.sqrt(squares / split.n);
    mean.push(m);
    std.push(s > 0 ? s : 1);
  }
  return { mean, std };
}

/** Replaces each feature x_j of `split` by (x_j - mean_j) / std_j, in place. */
function standardizeSplit(split: Split, features: number, { mean, std }: Standardization): void {
  for (let i = 0; i < split.n; i++) {
    for (let j = 0; j < features; j++) {
      const k = i * features + j;
      split.x[k] = (split.x[k]! - mean[j]!) / std[j]!;
    }
  }
}

/**
 * Builds the dataset a ref names: generates its rows with `new Random(seed)`, splits them with the same generator,
 * and, when asked, standardizes every feature with the mean and standard deviation of the training split.
 * Equal refs give bit-identical datasets. Throws an Error naming the field when the ref is not valid.
 */
export function loadDataset(ref: DatasetRef): Dataset {
  checkRef(ref);
  const resolved = resolve(ref);
  const { defaults, features } = resolved;
  const size = ref.size ?? defaults.size;
  const noise = ref.noise ?? defaults.noise;
  const testFraction = ref.testFraction ?? defaults.testFraction;
  const standardize = ref.standardize ?? defaults.standardize;

  const random = new Random(ref.seed ?? DEFAULT_DATASET_SEED);
  const raw = resolved.raw({ size, noise }, random);
  checkRaw(ref.name, raw, features, resolved.minRows);
  const { train, test } = splitRows(raw, features, testFraction, random);

  let standardization: Standardization | null = null;
  if (standardize) {
    standardization = featureStatistics(train, features);
    standardizeSplit(train, features, standardization);
    if (test) standardizeSplit(test, features, standardization);
  }
  return {
    name: ref.name,
    title: resolved.title,
    task: resolved.task,
    featureNames: [...raw.featureNames],
    targetName: raw.targetName,
    features,
    train,
    test,
    standardization,
  };
}
