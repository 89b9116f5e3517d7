import type { OptimizerName } from "./Optimizer.ts";

/** Checks that `value` is a finite number >= 0 (torch.optim's check for lr, momentum, weight decay, eps, ...). */
export function requireNonNegative(optimizer: OptimizerName, name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${optimizer}: invalid ${name} ${value}, expected a finite number >= 0`);
  }
  return value;
}

/** Checks that `value` lies in [0, 1) (torch.optim's check for Adam's betas). */
export function requireUnitInterval(optimizer: OptimizerName, name: string, value: number): number {
  if (!(value >= 0 && value < 1)) {
    throw new Error(`${optimizer}: invalid ${name} ${value}, expected 0 <= ${name} < 1`);
  }
  return value;
}

/** Checks that the parameter count is a non-negative integer. */
export function requireParamCount(optimizer: OptimizerName, paramCount: number): number {
  if (!Number.isInteger(paramCount) || paramCount < 0) {
    throw new Error(`${optimizer}: invalid parameter count ${paramCount}, expected an integer >= 0`);
  }
  return paramCount;
}

/**
 * Checks one step's arguments: both arrays hold `paramCount` numbers and the learning rate is a finite number >= 0.
 * Allocates nothing unless it throws.
 */
export function checkStepArguments(
  optimizer: OptimizerName,
  paramCount: number,
  params: Float64Array,
  grad: Float64Array,
  lr: number,
): void {
  if (params.length !== paramCount || grad.length !== paramCount) {
    throw new Error(
      `${optimizer}: expected ${paramCount} parameters and gradients, got ${params.length} and ${grad.length}`,
    );
  }
  if (!Number.isFinite(lr) || lr < 0) {
    throw new Error(`${optimizer}: invalid learning rate ${lr}, expected a finite number >= 0`);
  }
}
