// The builder's form state and how it becomes a challenge. The form keeps friendly units (minutes, a model kind
// with its options side by side); `toChallenge` turns it into the wire's ChallengeInput, which challengeSchema checks.
import {
  datasets,
  inferTask,
  modelParamCount,
  parameterNames,
  STEP_PARAMS_WRITTEN_OUT,
  type ActivationName,
  type ChallengeInput,
  type DatasetRef,
  type DatasetName,
  type LeaderboardMode,
  type OptimizerName,
  type RawData,
  type ScoringSplit,
  type Task,
} from "@downhill/core";

export type ModelKindChoice = "linear" | "polynomial" | "logistic" | "mlp";
export type BatchChoice = number | "full";

export interface BuilderState {
  readonly title: string;
  /** The instructor typed the title: it no longer follows the dataset. */
  readonly titleTyped: boolean;
  readonly dataset: DatasetName | "csv";
  readonly size: number;
  readonly noise: number;
  readonly testFraction: number;
  readonly standardize: boolean;
  readonly csv: RawData | null;
  readonly model: ModelKindChoice;
  /** The linear model's bias b; without it the model is the source text's y = w x. */
  readonly bias: boolean;
  /**
   * Where every run starts (the worked example's w = 1), or null for the model's own start. A value the
   * instructor has emptied is NaN, which challengeIssues reports beside the field.
   */
  readonly start: readonly number[] | null;
  readonly degree: number;
  readonly hidden: readonly number[];
  readonly activation: ActivationName;
  readonly optimizers: readonly OptimizerName[];
  readonly lrMin: number;
  readonly lrMax: number;
  readonly epochs: number;
  readonly batchSizes: readonly BatchChoice[];
  readonly attempts: number;
  readonly timeLimitMinutes: number;
  readonly scoring: ScoringSplit;
  /** What students see of the ranking (the host sees everything). */
  readonly leaderboard: LeaderboardMode;
}

/** The batch sizes an instructor can allow: the full batch, single examples, and a few mini-batches. */
export const BATCH_CHOICES: readonly BatchChoice[] = ["full", 1, 4, 8, 16, 32, 64, 128];

/** The task and feature count of the dataset the form names, or null for a CSV not yet parsed. */
export function datasetShape(state: Pick<BuilderState, "dataset" | "csv">): { task: Task; features: number } | null {
  if (state.dataset === "csv") {
    return state.csv ? { task: inferTask(state.csv), features: state.csv.featureNames.length } : null;
  }
  const spec = datasets[state.dataset];
  return { task: spec.task, features: spec.features };
}

/** The models that fit a dataset: regression gets linear, polynomial (one feature only) and MLP; classification gets logistic and MLP. */
export function modelsFor(shape: { task: Task; features: number } | null): ModelKindChoice[] {
  if (!shape) return ["linear", "polynomial", "logistic", "mlp"];
  if (shape.task === "classification") return ["logistic", "mlp"];
  return shape.features === 1 ? ["linear", "polynomial", "mlp"] : ["linear", "mlp"];
}

/** The title a dataset gives a challenge the instructor has not named: the dataset's own, or the CSV's target. */
export function datasetTitle(dataset: DatasetName | "csv", csv: RawData | null): string {
  if (dataset !== "csv") return datasets[dataset].title;
  return csv ? `Predicting ${csv.targetName}` : "Your own data";
}

/** The form with the title the instructor typed; an emptied title follows the dataset again from the next choice. */
export function withTitle(state: BuilderState, title: string): BuilderState {
  return { ...state, title, titleTyped: title.trim() !== "" };
}

/** The form with another model kind or bias: a start chosen for the previous model no longer fits, so it goes. */
export function withModel(state: BuilderState, model: ModelKindChoice, bias: boolean): BuilderState {
  return { ...state, model, bias, start: model === state.model && bias === state.bias ? state.start : null };
}

/** The form after choosing another dataset: its defaults, a model that fits it, and its title unless one was typed. */
export function withDataset(state: BuilderState, dataset: DatasetName | "csv", csv: RawData | null): BuilderState {
  const next = {
    ...state,
    dataset,
    csv,
    start: null,
    title: state.titleTyped ? state.title : datasetTitle(dataset, csv),
  };
  const defaults =
    dataset === "csv"
      ? { size: csv?.rows.length ?? 0, noise: 0, testFraction: 0.2, standardize: true }
      : datasets[dataset].defaults;
  const allowed = modelsFor(datasetShape(next));
  const model = allowed.includes(state.model) ? state.model : allowed[0]!;
  const testFraction = defaults.testFraction;
  return {
    ...next,
    size: defaults.size,
    noise: defaults.noise,
    testFraction,
    standardize: defaults.standardize,
    model,
    scoring: testFraction > 0 ? state.scoring : "train",
  };
}

/** The dataset ref the form describes: size and noise only where the dataset is generated; never training rows. */
/** The fields of the form that choose the data. */
export type DatasetFields = Pick<BuilderState, "dataset" | "size" | "noise" | "testFraction" | "standardize" | "csv">;

export function toDatasetRef(state: DatasetFields): Omit<DatasetRef, "rows"> {
  const adjustable = state.dataset === "csv" ? { size: false, noise: false } : datasets[state.dataset].adjustable;
  return {
    name: state.dataset,
    ...(adjustable.size ? { size: state.size } : {}),
    ...(adjustable.noise ? { noise: state.noise } : {}),
    testFraction: state.testFraction,
    standardize: state.standardize,
    ...(state.dataset === "csv" && state.csv ? { csv: state.csv } : {}),
  };
}

/** A model as the challenge's input spells it out (never the shorthand name). */
type ModelInput = Extract<NonNullable<ChallengeInput["model"]>, object>;

/** The model the form describes. */
export function modelSpecOf(state: BuilderState): ModelInput {
  switch (state.model) {
    case "polynomial":
      return { kind: "polynomial", degree: state.degree };
    case "mlp":
      return { kind: "mlp", hidden: [...state.hidden], activation: state.activation };
    case "linear":
      return state.bias ? { kind: "linear" } : { kind: "linear", bias: false };
    case "logistic":
      return { kind: "logistic" };
  }
}

/**
 * The names of the parameters an instructor may type a start for: the model's, when it has no more than the step
 * arithmetic writes out one by one (a start matters most for stepping through it); else null.
 */
export function startableParameters(state: BuilderState): readonly string[] | null {
  const shape = datasetShape(state);
  if (!shape) return null;
  const spec = modelSpecOf(state);
  const count = modelParamCount(spec, shape.features);
  return count <= STEP_PARAMS_WRITTEN_OUT ? parameterNames(spec, shape.features, count) : null;
}

/** The challenge the form describes, before validation. */
export function toChallenge(state: BuilderState): ChallengeInput {
  const model = modelSpecOf(state);
  const ref = toDatasetRef(state);
  const csv = ref.csv;
  return {
    title: state.title,
    dataset: {
      ...ref,
      name: state.dataset,
      csv: csv
        ? {
            featureNames: [...csv.featureNames],
            targetName: csv.targetName,
            rows: csv.rows.map((row) => [...row]),
            targets: [...csv.targets],
          }
        : undefined,
    },
    model,
    optimizers: [...state.optimizers],
    lrMin: state.lrMin,
    lrMax: state.lrMax,
    epochs: state.epochs,
    batchSizes: [...state.batchSizes],
    attempts: state.attempts,
    timeLimitSeconds: Math.round(state.timeLimitMinutes * 60),
    scoring: state.testFraction > 0 ? state.scoring : "train",
    leaderboard: state.leaderboard,
    ...(state.start ? { start: [...state.start] } : {}),
  };
}

const base: BuilderState = {
  title: "Race to the bottom",
  titleTyped: false,
  dataset: "seed-line",
  ...datasets["seed-line"].defaults,
  csv: null,
  model: "linear",
  bias: true,
  start: null,
  degree: 2,
  hidden: [8, 8],
  activation: "tanh",
  optimizers: ["sgd"],
  lrMin: 1e-6,
  lrMax: 10,
  epochs: 1000,
  batchSizes: ["full"],
  attempts: 5,
  timeLimitMinutes: 10,
  scoring: "train",
  leaderboard: { mode: "full" },
};

export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly blurb: string;
  readonly state: BuilderState;
}

export const PRESETS: readonly Preset[] = [
  {
    id: "textbook-line",
    label: "The textbook line",
    blurb: "y = 2x from five points, plain SGD, full batch: the lesson's NumPy loop. Find where lr diverges.",
    state: { ...base, title: "The textbook line" },
  },
  {
    id: "worked-example",
    label: "Worked example from the text",
    blurb: "One point, x = 2 and y = 10, for y = w x from w = 1 at lr 0.1: step once to see gradient -32 and w = 4.2.",
    state: {
      ...base,
      title: "The worked example",
      dataset: "worked-example",
      ...datasets["worked-example"].defaults,
      bias: false,
      start: [1],
      lrMin: 0.1,
      lrMax: 1,
      epochs: 20,
    },
  },
  {
    id: "noisy-line",
    label: "Noisy line with mini-batches",
    blurb: "Fifty noisy points on y = 2x + 1; every optimizer and batch size, so noise in the gradient shows.",
    state: {
      ...base,
      title: "Noisy line with mini-batches",
      dataset: "line",
      ...datasets.line.defaults,
      optimizers: ["sgd", "adagrad", "rmsprop", "adam"],
      lrMin: 1e-4,
      lrMax: 1,
      epochs: 200,
      batchSizes: ["full", 1, 8, 16],
    },
  },
  {
    id: "moons-mlp",
    label: "Moons with an MLP",
    blurb: "Two interleaved moons need a curved boundary: an 8-8 tanh network, scored on a hidden test split.",
    state: {
      ...base,
      title: "Moons with an MLP",
      dataset: "moons",
      ...datasets.moons.defaults,
      model: "mlp",
      hidden: [8, 8],
      activation: "tanh",
      optimizers: ["sgd", "adagrad", "rmsprop", "adam"],
      lrMin: 1e-4,
      lrMax: 1,
      epochs: 300,
      batchSizes: ["full", 16, 32],
      scoring: "test",
    },
  },
  {
    id: "cars",
    label: "Cars: horsepower vs mpg",
    blurb: "Real 1970s cars. The relation bends: a degree-2 polynomial on standardized horsepower.",
    state: {
      ...base,
      title: "Cars: horsepower vs mpg",
      dataset: "cars",
      ...datasets.cars.defaults,
      model: "polynomial",
      degree: 2,
      optimizers: ["sgd", "adam"],
      lrMin: 1e-4,
      lrMax: 10,
      epochs: 300,
      batchSizes: ["full", 32],
      scoring: "test",
    },
  },
];

export const INITIAL_STATE: BuilderState = PRESETS[0]!.state;
