// The one place where a run configuration meets a challenge's rules: the builder's challenge, the student page's
// form and the server's run:start all answer with this check, so they cannot disagree.
import { initializationFor } from "../models/Model.ts";
import { MOMENTUM_OPTIMIZERS } from "../optimizers/Optimizer.ts";
import type { RunConfig } from "../training/RunConfig.ts";
import { learningRateAt } from "../training/schedules.ts";
import type { Verdict } from "../training/verify.ts";
import type { Challenge } from "./challenge.ts";

/**
 * Slack for the rounding of a schedule's closed form (cosine's minLr + (lr - minLr) * ... may land an ulp beside
 * the bound it approaches). Far below any step a student could exploit.
 */
const LR_ROUNDING = 1e-12;

/**
 * Checks a run configuration against a challenge's rules; the reason says which rule it breaks. Every field binds:
 * the learning rate of every epoch under the schedule lies in lrMin .. lrMax, the schedule and Nesterov momentum
 * only if the challenge allows them, momentum only for optimizers that read it, the model's own initialization and
 * the challenge's starting parameters, if it sets them.
 */
export function checkRunAgainstChallenge(config: RunConfig, challenge: Challenge): Verdict {
  if (!challenge.optimizers.includes(config.optimizer)) {
    return {
      ok: false,
      reason: `optimizer ${config.optimizer} is not allowed (allowed: ${challenge.optimizers.join(", ")})`,
    };
  }
  if (!challenge.schedules.includes(config.schedule.kind)) {
    return {
      ok: false,
      reason: `the ${config.schedule.kind} schedule is not allowed (allowed: ${challenge.schedules.join(", ")})`,
    };
  }
  const lrVerdict = checkEveryEpochLr(config, challenge);
  if (!lrVerdict.ok) return lrVerdict;
  if (config.epochs !== challenge.epochs) {
    return { ok: false, reason: `every run has exactly ${challenge.epochs} epochs, not ${config.epochs}` };
  }
  if (!challenge.batchSizes.includes(config.batchSize)) {
    return {
      ok: false,
      reason: `batch size ${config.batchSize} is not allowed (allowed: ${challenge.batchSizes.join(", ")})`,
    };
  }
  if (config.momentum !== 0 && !MOMENTUM_OPTIMIZERS.includes(config.optimizer)) {
    return {
      ok: false,
      reason: `${config.optimizer} takes no momentum (only ${MOMENTUM_OPTIMIZERS.join(" and ")} do); send momentum 0`,
    };
  }
  if (config.nesterov && !challenge.nesterov) {
    return { ok: false, reason: "Nesterov momentum is not allowed in this challenge" };
  }
  if (!sameStart(config.start, challenge.start)) {
    const expected = challenge.start ? `[${challenge.start.join(", ")}]` : "the model's own initialization";
    return { ok: false, reason: `every run of this challenge starts from ${expected}` };
  }
  const init = initializationFor(challenge.model);
  if (config.init !== init) {
    return { ok: false, reason: `every run of this model starts from ${init} parameters, not ${config.init}` };
  }
  return { ok: true };
}

/**
 * The learning rate of each epoch, as the schedule gives it over the epoch budget, must lie in lrMin .. lrMax: the
 * chosen rate exactly, the scheduled ones up to rounding.
 */
function checkEveryEpochLr(config: RunConfig, challenge: Challenge): Verdict {
  const range = `${challenge.lrMin} .. ${challenge.lrMax}`;
  if (config.lr < challenge.lrMin || config.lr > challenge.lrMax) {
    return { ok: false, reason: `learning rate ${config.lr} is outside ${range}` };
  }
  if (config.schedule.kind === "constant") return { ok: true };
  const low = challenge.lrMin * (1 - LR_ROUNDING);
  const high = challenge.lrMax * (1 + LR_ROUNDING);
  for (let epoch = 1; epoch < config.epochs; epoch++) {
    const lr = learningRateAt(config.schedule, config.lr, epoch, config.epochs);
    if (!(lr >= low && lr <= high)) {
      return {
        ok: false,
        reason: `the ${config.schedule.kind} schedule sets the learning rate of epoch ${epoch} to ${lr}, outside ${range}`,
      };
    }
  }
  return { ok: true };
}

/** Both absent, or the same values in the same order. */
function sameStart(run: readonly number[] | undefined, challenge: readonly number[] | undefined): boolean {
  if (run === undefined || challenge === undefined) return run === challenge;
  return run.length === challenge.length && run.every((value, i) => Object.is(value, challenge[i]));
}
