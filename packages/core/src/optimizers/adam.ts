import type { Optimizer, OptimizerOptions, OptimizerState } from "./Optimizer.ts";
import { checkStepArguments, requireNonNegative, requireParamCount, requireUnitInterval } from "./hyperParameters.ts";
import { powInt } from "../math/portable.ts";
import { lerp } from "./lerp.ts";
import { restoreState, snapshotState } from "./optimizerState.ts";

export type AdamOptions = Pick<OptimizerOptions, "beta1" | "beta2" | "eps" | "weightDecay">;

/** torch.optim.Adam's defaults (weight decay is L2 added to the gradient, not AdamW's decoupled decay). */
export const ADAM_DEFAULTS = {
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0,
} as const satisfies Required<AdamOptions>;

/**
 * Adam as torch.optim.Adam computes it: step = step + 1, bc1 = 1 - beta1^step, bc2 = 1 - beta2^step, and per
 * parameter g = grad + weightDecay * p, m = lerp(m, g, 1 - beta1), v = beta2 * v + (1 - beta2) * g * g,
 * p = p - (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps). State: the step count, "expAvg" (m) and "expAvgSq" (v).
 */
export function createAdam(paramCount: number, options: AdamOptions = {}): Optimizer {
  requireParamCount("adam", paramCount);
  const beta1 = requireUnitInterval("adam", "beta1", options.beta1 ?? ADAM_DEFAULTS.beta1);
  const beta2 = requireUnitInterval("adam", "beta2", options.beta2 ?? ADAM_DEFAULTS.beta2);
  const eps = requireNonNegative("adam", "eps", options.eps ?? ADAM_DEFAULTS.eps);
  const weightDecay = requireNonNegative("adam", "weight decay", options.weightDecay ?? ADAM_DEFAULTS.weightDecay);
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const expAvg = new Float64Array(paramCount);
  const expAvgSq = new Float64Array(paramCount);
  const buffers = { expAvg, expAvgSq };
  let stepCount = 0;

  return {
    name: "adam",
    step(params: Float64Array, grad: Float64Array, lr: number): void {
      checkStepArguments("adam", paramCount, params, grad, lr);
      stepCount++;
      const biasCorrection1 = 1 - powInt(beta1, stepCount);
      const biasCorrection2 = 1 - powInt(beta2, stepCount);
      const stepSize = lr / biasCorrection1;
      const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
      for (let i = 0; i < paramCount; i++) {
        let g = grad[i]!;
        if (weightDecay !== 0) g += weightDecay * params[i]!;
        const m = lerp(expAvg[i]!, g, oneMinusBeta1);
        expAvg[i] = m;
        const v = expAvgSq[i]! * beta2 + oneMinusBeta2 * g * g;
        expAvgSq[i] = v;
        const denom = Math.sqrt(v) / biasCorrection2Sqrt + eps;
        params[i] = params[i]! - (stepSize * m) / denom;
      }
    },
    getState(): OptimizerState {
      return snapshotState(stepCount, buffers);
    },
    setState(state: OptimizerState): void {
      stepCount = restoreState("adam", state, buffers);
    },
  };
}
