import type { Optimizer, OptimizerOptions, OptimizerState } from "./Optimizer.ts";
import { checkStepArguments, requireNonNegative, requireParamCount } from "./hyperParameters.ts";
import { restoreState, snapshotState } from "./optimizerState.ts";

export type AdagradOptions = Pick<OptimizerOptions, "lrDecay" | "weightDecay" | "initialAccumulatorValue" | "eps">;

/** torch.optim.Adagrad's defaults. */
export const ADAGRAD_DEFAULTS = {
  lrDecay: 0,
  weightDecay: 0,
  initialAccumulatorValue: 0,
  eps: 1e-10,
} as const satisfies Required<AdagradOptions>;

/**
 * Adagrad as torch.optim.Adagrad computes it: step = step + 1, clr = lr / (1 + (step - 1) * lrDecay), and per
 * parameter g = grad + weightDecay * p, sum = sum + g * g, p = p - clr * g / (sqrt(sum) + eps).
 * `sum` starts at initialAccumulatorValue. State: the step count and "sum".
 */
export function createAdagrad(paramCount: number, options: AdagradOptions = {}): Optimizer {
  requireParamCount("adagrad", paramCount);
  const lrDecay = requireNonNegative("adagrad", "lr decay", options.lrDecay ?? ADAGRAD_DEFAULTS.lrDecay);
  const weightDecay = requireNonNegative(
    "adagrad",
    "weight decay",
    options.weightDecay ?? ADAGRAD_DEFAULTS.weightDecay,
  );
  const initialAccumulatorValue = requireNonNegative(
    "adagrad",
    "initial accumulator value",
    options.initialAccumulatorValue ?? ADAGRAD_DEFAULTS.initialAccumulatorValue,
  );
  const eps = requireNonNegative("adagrad", "eps", options.eps ?? ADAGRAD_DEFAULTS.eps);
  const sum = new Float64Array(paramCount).fill(initialAccumulatorValue);
  const buffers = { sum };
  let stepCount = 0;

  return {
    name: "adagrad",
    step(params: Float64Array, grad: Float64Array, lr: number): void {
      checkStepArguments("adagrad", paramCount, params, grad, lr);
      stepCount++;
      const clr = lr / (1 + (stepCount - 1) * lrDecay);
      for (let i = 0; i < paramCount; i++) {
        let g = grad[i]!;
        if (weightDecay !== 0) g += weightDecay * params[i]!;
        const s = sum[i]! + g * g;
        sum[i] = s;
        params[i] = params[i]! - (clr * g) / (Math.sqrt(s) + eps);
      }
    },
    getState(): OptimizerState {
      return snapshotState(stepCount, buffers);
    },
    setState(state: OptimizerState): void {
      stepCount = restoreState("adagrad", state, buffers);
    },
  };
}
