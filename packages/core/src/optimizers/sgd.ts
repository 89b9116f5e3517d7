import type { Optimizer, OptimizerOptions, OptimizerState } from "./Optimizer.ts";
import { checkStepArguments, requireNonNegative, requireParamCount } from "./hyperParameters.ts";
import { restoreState, snapshotState } from "./optimizerState.ts";

export type SgdOptions = Pick<OptimizerOptions, "momentum" | "dampening" | "nesterov" | "weightDecay">;

/** torch.optim.SGD's defaults. */
export const SGD_DEFAULTS = {
  momentum: 0,
  dampening: 0,
  nesterov: false,
  weightDecay: 0,
} as const satisfies Required<SgdOptions>;

/**
 * Stochastic gradient descent as torch.optim.SGD computes it, per parameter:
 * g = grad + weightDecay * p; with momentum, buf = g on the first step and buf = momentum * buf + (1 - dampening) * g
 * after, then g = nesterov ? g + momentum * buf : buf; finally p = p - lr * g.
 * Nesterov needs momentum > 0 and dampening 0. State: the step count and, with momentum, "momentumBuffer".
 */
export function createSgd(paramCount: number, options: SgdOptions = {}): Optimizer {
  requireParamCount("sgd", paramCount);
  const momentum = requireNonNegative("sgd", "momentum", options.momentum ?? SGD_DEFAULTS.momentum);
  const dampening = options.dampening ?? SGD_DEFAULTS.dampening;
  if (!Number.isFinite(dampening)) throw new Error(`sgd: invalid dampening ${dampening}`);
  const nesterov = options.nesterov ?? SGD_DEFAULTS.nesterov;
  const weightDecay = requireNonNegative("sgd", "weight decay", options.weightDecay ?? SGD_DEFAULTS.weightDecay);
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new Error("sgd: Nesterov momentum requires a momentum and zero dampening");
  }
  const oneMinusDampening = 1 - dampening;
  const momentumBuffer = new Float64Array(momentum !== 0 ? paramCount : 0);
  const buffers: Record<string, Float64Array> = momentum !== 0 ? { momentumBuffer } : {};
  let stepCount = 0;

  return {
    name: "sgd",
    step(params: Float64Array, grad: Float64Array, lr: number): void {
      checkStepArguments("sgd", paramCount, params, grad, lr);
      const first = stepCount === 0;
      for (let i = 0; i < paramCount; i++) {
        let g = grad[i]!;
        if (weightDecay !== 0) g += weightDecay * params[i]!;
        if (momentum !== 0) {
          const buf = first ? g : momentum * momentumBuffer[i]! + oneMinusDampening * g;
          momentumBuffer[i] = buf;
          g = nesterov ? g + momentum * buf : buf;
        }
        params[i] = params[i]! - lr * g;
      }
      stepCount++;
    },
    getState(): OptimizerState {
      return snapshotState(stepCount, buffers);
    },
    setState(state: OptimizerState): void {
      stepCount = restoreState("sgd", state, buffers);
    },
  };
}
