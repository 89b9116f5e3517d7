import { z } from "zod";
import { DATASET_NAMES, datasets } from "../datasets/registry.ts";
import { modelParamCount } from "../models/createModel.ts";
import { ACTIVATIONS } from "../models/Model.ts";
import { OPTIMIZER_NAMES } from "../optimizers/Optimizer.ts";
import { RUN_LIMITS, startSchema } from "../training/RunConfig.ts";
import { SCHEDULE_KINDS } from "../training/schedules.ts";
import { CSV_LIMITS } from "../datasets/parseCsv.ts";

const columnName = z.string().trim().min(1).max(40);

/** Parsed rows of an instructor's CSV, carried inside the challenge so every browser builds the same dataset. */
export const rawDataSchema = z
  .object({
    featureNames: z.array(columnName).min(1).max(CSV_LIMITS.maxFeatures),
    targetName: columnName,
    rows: z
      .array(z.array(z.number()).min(1).max(CSV_LIMITS.maxFeatures))
      .min(CSV_LIMITS.minRows)
      .max(CSV_LIMITS.maxRows),
    targets: z.array(z.number()).min(CSV_LIMITS.minRows).max(CSV_LIMITS.maxRows),
  })
  .refine((data) => data.rows.length === data.targets.length, { message: "rows and targets differ in length" })
  .refine((data) => data.rows.every((row) => row.length === data.featureNames.length), {
    message: "every row needs one value per feature",
  });

/**
 * Training rows already split off and standardized (see `TrainingRows`): what the server hands students in place
 * of the dataset's recipe. A challenge may also name such rows itself; they have no test split.
 */
export const trainingRowsSchema = z
  .object({
    title: z.string().trim().min(1).max(80),
    task: z.enum(["regression", "classification"]),
    featureNames: z.array(columnName).min(1).max(CSV_LIMITS.maxFeatures),
    targetName: columnName,
    rows: z.array(z.array(z.number()).min(1).max(CSV_LIMITS.maxFeatures)).min(1).max(CSV_LIMITS.maxRows),
    targets: z.array(z.number()).min(1).max(CSV_LIMITS.maxRows),
  })
  .refine((data) => data.rows.length === data.targets.length, { message: "rows and targets differ in length" })
  .refine((data) => data.rows.every((row) => row.length === data.featureNames.length), {
    message: "every row needs one value per feature",
  });
export type TrainingRowsData = z.infer<typeof trainingRowsSchema>;

const datasetRefObjectSchema = z.object({
  name: z.enum([...DATASET_NAMES, "csv", "rows"]),
  /** Up to 2^53 - 1: a server-drawn secret seed uses every bit (see `Random`). */
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  size: z.number().int().min(4).max(5_000).optional(),
  noise: z.number().min(0).max(10).optional(),
  testFraction: z.number().min(0).max(0.9).optional(),
  standardize: z.boolean().optional(),
  csv: rawDataSchema.optional(),
  rows: trainingRowsSchema.optional(),
});

/** A dataset ref, or just a built-in dataset's name. */
export const datasetRefSchema = z
  .union([z.enum(DATASET_NAMES).transform((name) => ({ name })), datasetRefObjectSchema])
  .refine((ref) => (ref.name === "csv") === ("csv" in ref && ref.csv !== undefined), {
    message: 'a "csv" dataset carries its rows in csv, and only it does',
  })
  .refine((ref) => (ref.name === "rows") === ("rows" in ref && ref.rows !== undefined), {
    message: 'a "rows" dataset carries its training rows in rows, and only it does',
  });

export const modelSpecSchema = z.union([
  z.enum(["linear", "logistic"]).transform((kind) => ({ kind })),
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("linear"), bias: z.boolean().optional() }),
    z.object({ kind: z.literal("polynomial"), degree: z.number().int().min(1).max(8) }),
    z.object({ kind: z.literal("logistic") }),
    z.object({
      kind: z.literal("mlp"),
      hidden: z.array(z.number().int().min(1).max(16)).min(1).max(4),
      activation: z.enum(ACTIVATIONS),
    }),
  ]),
]);

export const batchSizeSchema = z.union([z.literal("full"), z.number().int().min(1).max(RUN_LIMITS.maxBatchSize)]);

export const SCORING_SPLITS = ["train", "test"] as const;

/** The most entries a "top" leaderboard shows students (the board everyone sees holds at most ten). */
export const LEADERBOARD_TOP_MAX = 10;

/**
 * What students see of the class's ranking. `full`: the board (the best ten) and the class chart's curves, with
 * names. `top`: only the best `size` entries, the curves of those students, and each student's own rank.
 * `percentile`: no one else's entry, curve or loss, only the student's own `topPercent`. The host and the review
 * page always see everything.
 */
export const leaderboardModeSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("full") }),
  z.object({ mode: z.literal("top"), size: z.number().int().min(1).max(LEADERBOARD_TOP_MAX) }),
  z.object({ mode: z.literal("percentile") }),
]);
export type LeaderboardMode = z.infer<typeof leaderboardModeSchema>;
export type ScoringSplit = (typeof SCORING_SPLITS)[number];

/**
 * The rules of a session's challenge. Every field but the dataset has a default, so
 * `{ dataset: "seed-line", model: "linear" }` is a whole challenge.
 */
export const challengeSchema = z
  .object({
    title: z.string().trim().min(1).max(80).default("Race to the bottom"),
    dataset: datasetRefSchema,
    model: modelSpecSchema.default({ kind: "linear" }),
    optimizers: z
      .array(z.enum(OPTIMIZER_NAMES))
      .min(1)
      .max(OPTIMIZER_NAMES.length)
      .default([...OPTIMIZER_NAMES]),
    /** Inclusive learning-rate range; the student page shows it on a log scale. */
    lrMin: z.number().gt(0).max(RUN_LIMITS.maxLearningRate).default(1e-6),
    lrMax: z.number().gt(0).max(RUN_LIMITS.maxLearningRate).default(10),
    /** The epoch budget: every run has exactly this many epochs, so the race is compute-fair. */
    epochs: z.number().int().min(1).max(RUN_LIMITS.maxEpochs).default(200),
    batchSizes: z.array(batchSizeSchema).min(1).max(8).default(["full"]),
    /** Runs each student may start. */
    attempts: z.number().int().min(1).max(100).default(5),
    timeLimitSeconds: z
      .number()
      .int()
      .min(30)
      .max(4 * 3600)
      .default(600),
    /** "test" ranks the final leaderboard on a hidden test split, revealed only at the end. */
    scoring: z.enum(SCORING_SPLITS).default("train"),
    /**
     * Learning-rate schedules a run may use. The student page offers only the constant one, so it is always
     * allowed; whatever the schedule, the learning rate of every epoch stays within lrMin .. lrMax.
     */
    schedules: z
      .array(z.enum(SCHEDULE_KINDS))
      .min(1)
      .max(SCHEDULE_KINDS.length)
      .default(["constant"])
      .refine((kinds) => kinds.includes("constant"), { message: "the constant schedule is always allowed" }),
    /** Whether sgd runs may use Nesterov momentum; the student page does not offer it. */
    nesterov: z.boolean().default(false),
    /** What students see of the ranking; see `leaderboardModeSchema`. */
    leaderboard: leaderboardModeSchema.default({ mode: "full" }),
    /** Where every run starts, in the model's parameter layout (the worked example's w = 1); else from zeros. */
    start: startSchema.optional(),
  })
  .refine((challenge) => challenge.lrMin <= challenge.lrMax, {
    message: "lrMin must not exceed lrMax",
    path: ["lrMin"],
  })
  .superRefine((challenge, context) => {
    if (!challenge.start) return;
    const features = datasetFeatures(challenge.dataset);
    if (features === null) return;
    const count = modelParamCount(challenge.model, features);
    if (challenge.start.length === count) return;
    context.addIssue({
      code: "custom",
      path: ["start"],
      message: `give one starting value per parameter: this model has ${count}, the start gives ${challenge.start.length}`,
    });
  });

/** Input features of the data a dataset ref names: its own rows' columns, or the built-in dataset's. */
function datasetFeatures(ref: z.infer<typeof datasetRefSchema>): number | null {
  if ("csv" in ref && ref.csv) return ref.csv.featureNames.length;
  if ("rows" in ref && ref.rows) return ref.rows.featureNames.length;
  return ref.name === "csv" || ref.name === "rows" ? null : datasets[ref.name].features;
}

export type Challenge = z.infer<typeof challengeSchema>;
export type ChallengeInput = z.input<typeof challengeSchema>;
