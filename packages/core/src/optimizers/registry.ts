import type { Optimizer, OptimizerName, OptimizerOptions } from "./Optimizer.ts";
import { ADAGRAD_DEFAULTS, createAdagrad } from "./adagrad.ts";
import { ADAM_DEFAULTS, createAdam } from "./adam.ts";
import { RMSPROP_DEFAULTS, createRmsprop } from "./rmsprop.ts";
import { SGD_DEFAULTS, createSgd } from "./sgd.ts";

export type OptimizerFactory = (paramCount: number, options?: OptimizerOptions) => Optimizer;

/** Every optimizer by name; the names are the wire enum OPTIMIZER_NAMES. */
export const optimizers = {
  sgd: createSgd,
  adagrad: createAdagrad,
  rmsprop: createRmsprop,
  adam: createAdam,
} as const satisfies Record<OptimizerName, OptimizerFactory>;

/** Each optimizer's hyper-parameter defaults beyond the learning rate, as torch.optim sets them. */
export const OPTIMIZER_DEFAULTS = {
  sgd: SGD_DEFAULTS,
  adagrad: ADAGRAD_DEFAULTS,
  rmsprop: RMSPROP_DEFAULTS,
  adam: ADAM_DEFAULTS,
} as const satisfies Record<OptimizerName, object>;

/** torch.optim's default learning rate for each optimizer. */
export const DEFAULT_LEARNING_RATES = {
  sgd: 1e-3,
  adagrad: 1e-2,
  rmsprop: 1e-2,
  adam: 1e-3,
} as const satisfies Record<OptimizerName, number>;

/** A fresh optimizer `name` for `paramCount` parameters; options it does not know are ignored. */
export function createOptimizer(name: OptimizerName, paramCount: number, options: OptimizerOptions = {}): Optimizer {
  return optimizers[name](paramCount, options);
}
