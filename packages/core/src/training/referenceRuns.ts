import { runConfigSchema, type RunConfig } from "./RunConfig.ts";
import { initializationFor } from "../models/Model.ts";
import type { Problem } from "./Problem.ts";
import { Trainer } from "./Trainer.ts";

/** The yardsticks a class races against: torch.optim's usual first tries, each with the class's epoch budget. */
export const REFERENCE_SETTINGS = [
  { id: "sgd", label: "SGD, lr 0.01", optimizer: "sgd", lr: 0.01, momentum: 0 },
  { id: "sgd-momentum", label: "SGD + momentum 0.9, lr 0.01", optimizer: "sgd", lr: 0.01, momentum: 0.9 },
  { id: "adam", label: "Adam, lr 0.001 (its default)", optimizer: "adam", lr: 0.001, momentum: 0 },
] as const;

export type ReferenceId = (typeof REFERENCE_SETTINGS)[number]["id"];

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

/**
 * The runs of PyTorch's defaults on a problem: SGD at lr 0.01, SGD with momentum 0.9 and Adam at its default
 * lr 0.001, each for `epochs` epochs with `batchSize`, started the way the student page starts a run (random
 * weights for an MLP, zeros otherwise; seed 1). "Beat PyTorch's defaults" is a race every class can win.
 */
export function referenceRuns(problem: Problem, epochs: number, batchSize: RunConfig["batchSize"]): ReferenceRun[] {
  return REFERENCE_SETTINGS.map((setting) => {
    const config = runConfigSchema.parse({
      optimizer: setting.optimizer,
      lr: setting.lr,
      momentum: setting.momentum,
      epochs,
      batchSize,
      seed: 1,
      init: initializationFor(problem.model.spec),
    });
    const trainer = new Trainer(problem, config);
    trainer.runToEnd();
    const finalLoss = trainer.currentLoss();
    return {
      id: setting.id,
      label: setting.label,
      config,
      losses: trainer.recordedLosses(),
      finalLoss: Number.isFinite(finalLoss) ? finalLoss : null,
      divergedAt: trainer.divergedAt,
    };
  });
}
