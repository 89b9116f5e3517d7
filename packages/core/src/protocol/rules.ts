import type { RunConfig } from "../training/RunConfig.ts";
import type { Verdict } from "../training/verify.ts";
import type { Challenge } from "./challenge.ts";

/** Checks a run configuration against a challenge's rules; the reason says which rule it breaks. */
export function checkRunAgainstChallenge(config: RunConfig, challenge: Challenge): Verdict {
  if (!challenge.optimizers.includes(config.optimizer)) {
    return {
      ok: false,
      reason: `optimizer ${config.optimizer} is not allowed (allowed: ${challenge.optimizers.join(", ")})`,
    };
  }
  if (config.lr < challenge.lrMin || config.lr > challenge.lrMax) {
    return { ok: false, reason: `learning rate ${config.lr} is outside ${challenge.lrMin} .. ${challenge.lrMax}` };
  }
  if (config.epochs !== challenge.epochs) {
    return { ok: false, reason: `every run has exactly ${challenge.epochs} epochs, not ${config.epochs}` };
  }
  if (!challenge.batchSizes.includes(config.batchSize)) {
    return {
      ok: false,
      reason: `batch size ${config.batchSize} is not allowed (allowed: ${challenge.batchSizes.join(", ")})`,
    };
  }
  return { ok: true };
}
