import { runConfigSchema, type RunConfig } from "./RunConfig.ts";
import { logLttb } from "../charts/lttb.ts";
import { initializationFor, type ModelSpec } from "../models/Model.ts";
import type { Problem } from "./Problem.ts";
import { replayRun, type Replay } from "./verify.ts";

/** The yardsticks a class races against: torch.optim's usual first tries, each with the class's epoch budget. */
export const REFERENCE_SETTINGS = [
  { id: "sgd", label: "SGD, lr 0.01", optimizer: "sgd", lr: 0.01, momentum: 0 },
  { id: "sgd-momentum", label: "SGD + momentum 0.9, lr 0.01", optimizer: "sgd", lr: 0.01, momentum: 0.9 },
  { id: "adam", label: "Adam, lr 0.001 (its default)", optimizer: "adam", lr: 0.001, momentum: 0 },
] as const;

export type ReferenceId = (typeof REFERENCE_SETTINGS)[number]["id"];

/** Points of each reference curve a chart receives: enough for any screen, few enough for every student. */
export const REFERENCE_CURVE_POINTS = 200;

export interface ReferenceRun {
  readonly id: ReferenceId;
  readonly label: string;
  readonly config: RunConfig;
  /** losses[i]: training loss at the start of epoch i (null where not finite); shorter when the run diverged. */
  readonly losses: (number | null)[];
  /** Training loss with the final parameters, or null where it is not finite. */
  readonly finalLoss: number | null;
  readonly divergedAt: number | null;
}

/** One reference run as the charts draw it: its finite, positive losses, downsampled on a log scale. */
export interface ReferenceCurve {
  readonly id: ReferenceId;
  readonly label: string;
  readonly epochs: readonly number[];
  readonly losses: readonly number[];
  readonly finalLoss: number | null;
  readonly divergedAt: number | null;
}

export interface ReferenceConfig {
  readonly id: ReferenceId;
  readonly label: string;
  readonly config: RunConfig;
}

/**
 * The configurations of PyTorch's defaults for a model: SGD at lr 0.01, SGD with momentum 0.9 and Adam at its
 * default lr 0.001, each for `epochs` epochs with `batchSize`, started the way the student page starts a run
 * (random weights for an MLP, zeros otherwise; seed 1), or from the challenge's `start` when it sets one.
 */
export function referenceConfigs(
  model: ModelSpec,
  epochs: number,
  batchSize: RunConfig["batchSize"],
  start?: readonly number[],
): ReferenceConfig[] {
  return REFERENCE_SETTINGS.map((setting) => ({
    id: setting.id,
    label: setting.label,
    config: runConfigSchema.parse({
      optimizer: setting.optimizer,
      lr: setting.lr,
      momentum: setting.momentum,
      epochs,
      batchSize,
      seed: 1,
      init: initializationFor(model),
      start,
    }),
  }));
}

/** A reference run read from the engine's replay of its configuration (wherever that replay ran). */
export function referenceRunOf(reference: ReferenceConfig, replay: Replay): ReferenceRun {
  return {
    id: reference.id,
    label: reference.label,
    config: reference.config,
    losses: Array.from(replay.losses, (loss) => (Number.isFinite(loss) ? loss : null)),
    finalLoss: Number.isFinite(replay.finalLoss) ? replay.finalLoss : null,
    divergedAt: replay.divergedAt,
  };
}

/**
 * The runs of PyTorch's defaults on a problem (see `referenceConfigs`), on its training rows only.
 * "Beat PyTorch's defaults" is a race every class can win.
 */
export function referenceRuns(
  problem: Problem,
  epochs: number,
  batchSize: RunConfig["batchSize"],
  start?: readonly number[],
): ReferenceRun[] {
  return referenceConfigs(problem.model.spec, epochs, batchSize, start).map((reference) =>
    referenceRunOf(reference, replayRun(problem, reference.config)),
  );
}

/** A reference run's curve for a log-scale chart: finite positive losses, at most `maxPoints` of them (LTTB). */
export function referenceCurve(run: ReferenceRun, maxPoints: number = REFERENCE_CURVE_POINTS): ReferenceCurve {
  const xs: number[] = [];
  const ys: number[] = [];
  run.losses.forEach((loss, epoch) => {
    if (loss !== null && loss > 0) {
      xs.push(epoch);
      ys.push(loss);
    }
  });
  const kept = logLttb(xs, ys, maxPoints);
  return {
    id: run.id,
    label: run.label,
    epochs: kept.xs,
    losses: kept.ys,
    finalLoss: run.finalLoss,
    divergedAt: run.divergedAt,
  };
}
