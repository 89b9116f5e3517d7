import { z } from "zod";
import { OPTIMIZER_NAMES } from "../optimizers/Optimizer.ts";
import { INITIALIZATIONS } from "../models/Model.ts";

/** Upper bounds that keep one run cheap enough to replay on the server. */
export const RUN_LIMITS = {
  maxEpochs: 10_000,
  maxBatchSize: 5_000,
  maxLearningRate: 100,
} as const;

/** Starting parameter values: a handful, as a hand-worked example has; larger models start from `init`. */
export const startSchema = z.array(z.number().finite().min(-1e6).max(1e6)).min(1).max(16);

export const scheduleSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("constant") }),
  z.object({
    kind: z.literal("step"),
    stepSize: z.number().int().min(1).max(RUN_LIMITS.maxEpochs),
    gamma: z.number().gt(0).max(1),
  }),
  z.object({ kind: z.literal("exponential"), gamma: z.number().gt(0).max(1) }),
  z.object({ kind: z.literal("cosine"), minLr: z.number().min(0).max(RUN_LIMITS.maxLearningRate) }),
]);

/** Everything that determines one descent, given the problem (dataset and model). */
export const runConfigSchema = z
  .object({
    optimizer: z.enum(OPTIMIZER_NAMES),
    lr: z.number().gt(0).max(RUN_LIMITS.maxLearningRate),
    epochs: z.number().int().min(1).max(RUN_LIMITS.maxEpochs),
    /** "full" is batch gradient descent, 1 is stochastic, anything between is mini-batch. */
    batchSize: z.union([z.literal("full"), z.number().int().min(1).max(RUN_LIMITS.maxBatchSize)]),
    /** Used by sgd and rmsprop; torch's default is 0. */
    momentum: z.number().min(0).max(0.999).default(0),
    nesterov: z.boolean().default(false),
    schedule: scheduleSchema.default({ kind: "constant" }),
    seed: z.number().int().min(0).max(2_147_483_647).default(1),
    init: z.enum(INITIALIZATIONS).default("zeros"),
    /** Starting parameters in the model's layout, replacing `init`'s (the source text's w = 1). */
    start: startSchema.optional(),
  })
  .refine((config) => !config.nesterov || (config.optimizer === "sgd" && config.momentum > 0), {
    message: "Nesterov momentum needs the sgd optimizer and a momentum above 0",
    path: ["nesterov"],
  });

export type RunConfig = z.infer<typeof runConfigSchema>;
/** A run configuration as a client may send it: defaults not yet applied. */
export type RunConfigInput = z.input<typeof runConfigSchema>;
