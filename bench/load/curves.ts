// The honest descents the simulated students stream: a handful of run configurations, each descended once with
// the shared engine, so that every batch and every final parameter vector passes the server's verification.
import {
  challengeSchema,
  createProblem,
  runConfigSchema,
  Trainer,
  type ChallengeInput,
  type Problem,
  type RunConfig,
} from "@downhill/core";

export interface HonestCurve {
  readonly config: RunConfig;
  /** losses[i]: training loss at the start of epoch i, null where not finite (as the wire carries it). */
  readonly losses: readonly (number | null)[];
  readonly params: readonly number[];
}

/** Learning rates per optimizer that descend the noisy line without diverging. */
const LEARNING_RATES = { sgd: [0.01, 0.03, 0.1], adam: [0.01, 0.05, 0.2] } as const;

/** Descends every (optimizer, learning rate) pair the challenge allows, once each. */
export function honestCurves(challengeInput: ChallengeInput): HonestCurve[] {
  const challenge = challengeSchema.parse(challengeInput);
  const problem = createProblem({ dataset: challenge.dataset, model: challenge.model });
  const batchSize = challenge.batchSizes[0]!;
  const curves: HonestCurve[] = [];
  for (const optimizer of challenge.optimizers) {
    const rates: readonly number[] = optimizer in LEARNING_RATES ? LEARNING_RATES[optimizer as "sgd" | "adam"] : [0.01];
    for (const lr of rates) {
      if (lr < challenge.lrMin || lr > challenge.lrMax) continue;
      const config = runConfigSchema.parse({ optimizer, lr, epochs: challenge.epochs, batchSize });
      curves.push(descend(problem, config));
    }
  }
  if (curves.length === 0) throw new Error("no run configuration fits the challenge");
  return curves;
}

/** Runs one configuration to its end and keeps what a student would send. */
export function descend(problem: Problem, config: RunConfig): HonestCurve {
  const trainer = new Trainer(problem, config);
  trainer.runToEnd();
  return { config, losses: trainer.recordedLosses(), params: Array.from(trainer.params) };
}

/** A key that names a configuration, to find its curve again from a stored run. */
export function configKey(config: Pick<RunConfig, "optimizer" | "lr" | "batchSize" | "epochs">): string {
  return `${config.optimizer}/${config.lr}/${config.batchSize}/${config.epochs}`;
}
