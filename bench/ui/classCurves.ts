// The descents the simulated class streams: a spread of learning rates per optimizer, from too small to move
// much to too large (SGD above ~0.15 explodes on the noisy line), so that the host sees a U in the scatter, a band
// that narrows, and diverged runs. Each is descended once with the shared engine, so every run verifies.
import { challengeSchema, createProblem, runConfigSchema, type ChallengeInput } from "@downhill/core";
import { descend, type HonestCurve } from "../load/curves.ts";

/** Learning rates tried per optimizer, log-spaced over [from, to]. */
const SPREAD = { sgd: { from: 1e-3, to: 0.4 }, adam: { from: 1e-3, to: 2 } } as const;
const RATES_PER_OPTIMIZER = 24;

/** One honest curve per (optimizer, learning rate) of the spread that the challenge allows. */
export function classCurves(challengeInput: ChallengeInput): HonestCurve[] {
  const challenge = challengeSchema.parse(challengeInput);
  const problem = createProblem({ dataset: challenge.dataset, model: challenge.model });
  const curves: HonestCurve[] = [];
  for (const optimizer of challenge.optimizers) {
    const { from, to } = optimizer in SPREAD ? SPREAD[optimizer as keyof typeof SPREAD] : SPREAD.adam;
    for (let i = 0; i < RATES_PER_OPTIMIZER; i++) {
      const lr = Number((from * (to / from) ** (i / (RATES_PER_OPTIMIZER - 1))).toPrecision(3));
      if (lr < challenge.lrMin || lr > challenge.lrMax) continue;
      const config = runConfigSchema.parse({ optimizer, lr, epochs: challenge.epochs, batchSize: "full" });
      curves.push(descend(problem, config));
    }
  }
  // Interleave optimizers, so neighbouring students (and each student's successive runs) differ.
  return curves.sort((a, b) => a.config.lr - b.config.lr);
}
