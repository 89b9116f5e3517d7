import type { Optimizer, OptimizerOptions, OptimizerState } from "./Optimizer.ts";
import { checkStepArguments, requireNonNegative, requireParamCount } from "./hyperParameters.ts";
import { lerp } from "./lerp.ts";
import { restoreState, snapshotState } from "./optimizerState.ts";

export type RmspropOptions = Pick<OptimizerOptions, "alpha" | "eps" | "weightDecay" | "momentum" | "centered">;

/** torch.optim.RMSprop's defaults. */
export const RMSPROP_DEFAULTS = {
  alpha: 0.99,
  eps: 1e-8,
  weightDecay: 0,
  momentum: 0,
  centered: false,
} as const satisfies Required<RmspropOptions>;

/**
 * RMSprop as torch.optim.RMSprop computes it, per parameter: g = grad + weightDecay * p,
 * sq = alpha * sq + (1 - alpha) * g * g; centered: gAvg = lerp(gAvg, g, 1 - alpha) and
 * avg = sqrt(sq - gAvg * gAvg) + eps, otherwise avg = sqrt(sq) + eps; with momentum buf = momentum * buf + g / avg
 * and p = p - lr * buf, otherwise p = p - lr * g / avg.
 * State: the step count, "squareAvg", and "gradAvg" when centered, "momentumBuffer" with momentum.
 */
export function createRmsprop(paramCount: number, options: RmspropOptions = {}): Optimizer {
  requireParamCount("rmsprop", paramCount);
  const alpha = requireNonNegative("rmsprop", "alpha", options.alpha ?? RMSPROP_DEFAULTS.alpha);
  const eps = requireNonNegative("rmsprop", "eps", options.eps ?? RMSPROP_DEFAULTS.eps);
  const weightDecay = requireNonNegative(
    "rmsprop",
    "weight decay",
    options.weightDecay ?? RMSPROP_DEFAULTS.weightDecay,
  );
  const momentum = requireNonNegative("rmsprop", "momentum", options.momentum ?? RMSPROP_DEFAULTS.momentum);
  const centered = options.centered ?? RMSPROP_DEFAULTS.centered;
  const oneMinusAlpha = 1 - alpha;
  const squareAvg = new Float64Array(paramCount);
  const gradAvg = new Float64Array(centered ? paramCount : 0);
  const momentumBuffer = new Float64Array(momentum > 0 ? paramCount : 0);
  const buffers: Record<string, Float64Array> = { squareAvg };
  if (centered) buffers.gradAvg = gradAvg;
  if (momentum > 0) buffers.momentumBuffer = momentumBuffer;
  let stepCount = 0;

  return {
    name: "rmsprop",
    step(params: Float64Array, grad: Float64Array, lr: number): void {
      checkStepArguments("rmsprop", paramCount, params, grad, lr);
      stepCount++;
      for (let i = 0; i < paramCount; i++) {
        let g = grad[i]!;
        if (weightDecay !== 0) g += weightDecay * params[i]!;
        const sq = squareAvg[i]! * alpha + oneMinusAlpha * g * g;
        squareAvg[i] = sq;
        let avg: number;
        if (centered) {
          const ga = lerp(gradAvg[i]!, g, oneMinusAlpha);
          gradAvg[i] = ga;
          avg = Math.sqrt(sq - ga * ga) + eps;
        } else {
          avg = Math.sqrt(sq) + eps;
        }
        if (momentum > 0) {
          const buf = momentumBuffer[i]! * momentum + g / avg;
          momentumBuffer[i] = buf;
          params[i] = params[i]! - lr * buf;
        } else {
          params[i] = params[i]! - (lr * g) / avg;
        }
      }
    },
    getState(): OptimizerState {
      return snapshotState(stepCount, buffers);
    },
    setState(state: OptimizerState): void {
      stepCount = restoreState("rmsprop", state, buffers);
    },
  };
}
