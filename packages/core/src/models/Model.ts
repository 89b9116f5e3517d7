import type { Random } from "../random.ts";
import type { Split, Task } from "../datasets/Dataset.ts";

export const MODEL_KINDS = ["linear", "polynomial", "logistic", "mlp"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const ACTIVATIONS = ["tanh", "relu", "sigmoid"] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

export type ModelSpec =
  /** `bias: false` drops b: ŷ = w · x, the source text's one-parameter y_pred = w * x. Absent means a bias. */
  | { readonly kind: "linear"; readonly bias?: boolean }
  | { readonly kind: "polynomial"; readonly degree: number }
  | { readonly kind: "logistic" }
  | { readonly kind: "mlp"; readonly hidden: readonly number[]; readonly activation: ActivationName };

export const INITIALIZATIONS = ["zeros", "random"] as const;
export type Initialization = (typeof INITIALIZATIONS)[number];

/**
 * A pass over the rows `order[start] .. order[end - 1]` of `split` (rows start .. end - 1 when `order` is null) that
 * writes a gradient with respect to `params` into `grad`.
 */
export type RowRangePass<Result> = (
  params: Float64Array,
  split: Split,
  order: Uint32Array | null,
  start: number,
  end: number,
  grad: Float64Array,
) => Result;

/**
 * A differentiable model with its loss. Parameters are one flat Float64Array; each model documents its layout.
 * Implementations preallocate their scratch buffers in the factory so that the methods below allocate nothing.
 */
export interface Model {
  readonly spec: ModelSpec;
  /** Regression models use mean squared error, classification models binary cross-entropy. */
  readonly task: Task;
  /** Number of input features per row the model reads. */
  readonly inputs: number;
  readonly paramCount: number;
  /**
   * Mean loss over the rows `order[start] .. order[end - 1]` of `split` (rows start .. end - 1 when `order` is
   * null), and its gradient with respect to every parameter written into `grad` (overwritten, not accumulated).
   */
  readonly lossAndGradient: RowRangePass<number>;
  /**
   * The gradient `lossAndGradient` writes, without the loss value, for callers that do not use it (mini-batch
   * steps). Optional: a model without it is served by `lossAndGradient`. Must write the same bits into `grad`.
   */
  readonly gradient?: RowRangePass<void>;
  /** Mean loss over the whole split. */
  loss(params: Float64Array, split: Split): number;
  /** The model's output for one input row: a value for regression, a probability of class 1 for classification. */
  predict(params: Float64Array, row: ArrayLike<number>): number;
  /** Fills `params` with the starting point: all zeros, or small seeded random values (Xavier-style for the MLP). */
  initialize(params: Float64Array, init: Initialization, random: Random): void;
}

/** The initialization every run of a model starts from: a network started at all zeros never breaks its symmetry. */
export function initializationFor(model: ModelSpec): Initialization {
  return model.kind === "mlp" ? "random" : "zeros";
}

/** Draws params[from], …, params[from + count - 1], in that order, from U(-bound, bound). */
export function fillUniform(params: Float64Array, from: number, count: number, bound: number, random: Random): void {
  for (let p = from; p < from + count; p++) params[p] = (2 * random.next() - 1) * bound;
}

/**
 * The start of a model that is one linear layer on `fanIn` features (linear, polynomial and logistic regression):
 * all zeros, or, as torch's `nn.Linear` starts, every one of its `paramCount` parameters (weights and bias) drawn
 * from U(-1/√fanIn, 1/√fanIn).
 */
export function initializeLinearLayer(
  params: Float64Array,
  paramCount: number,
  fanIn: number,
  init: Initialization,
  random: Random,
): void {
  if (init === "zeros") params.fill(0);
  else fillUniform(params, 0, paramCount, 1 / Math.sqrt(fanIn), random);
}
