export const OPTIMIZER_NAMES = ["sgd", "adagrad", "rmsprop", "adam"] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** The optimizers that read a momentum (torch's sgd and rmsprop); the others ignore it. */
export const MOMENTUM_OPTIMIZERS: readonly OptimizerName[] = ["sgd", "rmsprop"];

/**
 * Hyper-parameters beyond the learning rate, with torch.optim's names and defaults. Each optimizer reads the
 * ones it knows: sgd (momentum 0, dampening 0, nesterov false), adagrad (lrDecay 0, initialAccumulatorValue 0,
 * eps 1e-10), rmsprop (alpha 0.99, eps 1e-8, momentum 0, centered false), adam (beta1 0.9, beta2 0.999, eps 1e-8).
 * weightDecay is 0 for all.
 */
export interface OptimizerOptions {
  readonly momentum?: number;
  readonly dampening?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
  readonly lrDecay?: number;
  readonly initialAccumulatorValue?: number;
  readonly alpha?: number;
  readonly centered?: boolean;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
}

/** An optimizer's complete state, JSON-serialisable, so a run can be checkpointed and resumed exactly. */
export interface OptimizerState {
  readonly step: number;
  /** Named per-parameter buffers (for example "expAvg", "expAvgSq"), each of length paramCount. */
  readonly buffers: Readonly<Record<string, readonly number[]>>;
}

/** Updates parameters in place from their gradient, exactly as torch.optim's single-tensor implementation. */
export interface Optimizer {
  readonly name: OptimizerName;
  /** One update with learning rate `lr`; allocates nothing. */
  step(params: Float64Array, grad: Float64Array, lr: number): void;
  getState(): OptimizerState;
  setState(state: OptimizerState): void;
}
