import type { Split } from "../datasets/Dataset.ts";
import { normalEquations, solveNormalEquations, type RowFeatures } from "../math/normalEquations.ts";
import type { RowRangePass } from "./Model.ts";

/** A model's own row-by-row mean loss over every row of `split`, its gradient written into `grad`. */
export type RowPass = (params: Float64Array, split: Split, grad: Float64Array) => number;

/**
 * The full-batch mean squared error of a model linear in its parameters w (size of them), evaluated in O(size²)
 * rather than O(n · size). With φ_r = [features of row r, 1] and A the n × size matrix of rows φ_r,
 * L(w) = mean (φ_rᵀw - y_r)² is a quadratic in w, so around an anchor v and with δ = w - v, exactly
 *
 *   L(w) = L(v) + ∇L(v)·δ + δᵀGδ,   ∇L(w) = ∇L(v) + 2Gδ,   G = AᵀA / n.
 *
 * The anchor is the least-squares optimum (0 where the normal equations cannot be solved), and L(v), ∇L(v) come from
 * the row pass itself. There ∇L(v) ≈ 0 and L(v) is the floor, so near the optimum the loss is the floor plus a
 * non-negative δᵀGδ that is formed from δ directly, not as the difference of large terms (which the expansion
 * y² - 2wᵀAᵀy/n + wᵀGw around 0 would be): it stays accurate down to the floor.
 *
 * `evaluate` writes into `grad` and `result[0]` and returns true, or returns false (writing nothing) when the split
 * has fewer than 4 · size rows, where the caller's row pass is about as cheap, or when any of G, v, L(v), ∇L(v) is
 * not finite (data whose squares overflow, or NaN), where only the row pass gives the row-by-row answer. The form of
 * a split is built on its first use (one O(n · size²) pass, as for the least-squares optimum) and kept as long as
 * the split object lives: a split's rows must not change after it has been trained on.
 */
export interface FullBatchQuadratic {
  evaluate(params: Float64Array, split: Split, grad: Float64Array, result: Float64Array): boolean;
}

/**
 * Builds the evaluator for a model with `size` parameters (the last one the bias, unless `bias` is false), whose
 * rows have the given features, and whose own row pass gives L(v) and ∇L(v) at the anchor.
 */
export function createFullBatchQuadratic(
  size: number,
  features: RowFeatures,
  rowPass: RowPass,
  bias = true,
): FullBatchQuadratic {
  // The form costs about size² multiply-adds, the row pass about 2 n · size: measured, they cross near n = size.
  // Below 4 size rows the row pass is kept: it costs at most ~100 ns more there, and it leaves the textbook's five
  // points exactly as a hand calculation gives them (mean y² = 44 at w = 0, where the form gives 44 + 1 ulp).
  const minRows = 4 * size;
  /** Each split's form: G (size², row-major), then v, then ∇L(v) (size each), then L(v); null: the row pass. */
  const forms = new WeakMap<Split, Float64Array | null>();
  let lastSplit: Split | null = null;
  let lastForm: Float64Array | null = null;
  const delta = new Float64Array(size);
  const anchorAt = size * size;
  const gradientAt = anchorAt + size;
  const lossAt = gradientAt + size;

  /** The split's form, or null where any of it is not finite (data that overflow x², or are not numbers). */
  function build(split: Split): Float64Array | null {
    const form = new Float64Array(lossAt + 1);
    const equations = normalEquations(split, size, features, bias);
    for (let i = 0; i < anchorAt; i++) form[i] = equations.matrix[i]! / split.n;
    const anchor = form.subarray(anchorAt, gradientAt);
    const solved = solveNormalEquations(equations, size);
    if (solved !== null) anchor.set(solved);
    form[lossAt] = rowPass(anchor, split, form.subarray(gradientAt, lossAt));
    return form.every(Number.isFinite) ? form : null;
  }

  function formOf(split: Split): Float64Array | null {
    let form = forms.get(split);
    if (form === undefined) {
      form = build(split);
      forms.set(split, form);
    }
    return form;
  }

  return {
    evaluate(params, split, grad, result) {
      if (split.n < minRows) return false;
      if (split !== lastSplit) {
        lastForm = formOf(split);
        lastSplit = split;
      }
      const form = lastForm;
      if (form === null) return false;
      for (let i = 0; i < size; i++) delta[i] = params[i]! - form[anchorAt + i]!;
      let linear = 0;
      let quadratic = 0;
      for (let i = 0; i < size; i++) {
        const row = i * size;
        let gDelta = 0;
        for (let j = 0; j < size; j++) gDelta += form[row + j]! * delta[j]!;
        const anchorGradient = form[gradientAt + i]!;
        grad[i] = anchorGradient + 2 * gDelta;
        linear += anchorGradient * delta[i]!;
        quadratic += delta[i]! * gDelta;
      }
      result[0] = form[lossAt]! + linear + quadratic;
      return true;
    },
  };
}

/**
 * A model's sums over the rows order[start] .. order[end - 1] of `split` (rows start .. end - 1 when `order` is
 * null; end > start): Σ (ŷ - y)² written into sums[0], and Σ d (ŷ - y)² / d params added into `grad`, which arrives
 * zeroed.
 */
export type SquaredErrorSums = (
  params: Float64Array,
  split: Split,
  order: Uint32Array | null,
  start: number,
  end: number,
  grad: Float64Array,
  sums: Float64Array,
) => void;

/**
 * The `lossAndGradient` of a regression model linear in its `size` parameters (linear and polynomial regression):
 * the mean squared error over the rows and its gradient, from the quadratic form over a whole split where
 * `createFullBatchQuadratic` serves it, else the model's row sums divided by the number of rows.
 */
export function quadraticLossAndGradient(
  size: number,
  features: RowFeatures,
  sumRows: SquaredErrorSums,
  bias = true,
): RowRangePass<number> {
  /** result[0]: the loss of the last evaluation (a slot rather than a return value, so it crosses calls unboxed). */
  const result = new Float64Array(1);
  /** The row sums as means: the gradient into grad, the loss into result[0]. */
  const rowMeans: RowRangePass<void> = (params, split, order, start, end, grad) => {
    grad.fill(0);
    result[0] = 0;
    if (end <= start) return;
    sumRows(params, split, order, start, end, grad, result);
    // The 1/m of the mean, applied once. (Doubling is exact, so the models' sums of 2 (ŷ - y) x are bit for bit
    // twice the sums of (ŷ - y) x, and scaling them by 1/m gives what scaling those by 2/m gave.)
    const scale = 1 / (end - start);
    for (let p = 0; p < size; p++) grad[p] = grad[p]! * scale;
    result[0] = result[0] / (end - start);
  };

  const quadratic = createFullBatchQuadratic(
    size,
    features,
    (params, split, grad) => {
      rowMeans(params, split, null, 0, split.n, grad);
      return result[0]!;
    },
    bias,
  );

  // Small enough for the engine to inline into the caller, so that the loss is not boxed on every call.
  return (params, split, order, start, end, grad) => {
    const full = order === null && start === 0 && end === split.n;
    if (!full || !quadratic.evaluate(params, split, grad, result)) rowMeans(params, split, order, start, end, grad);
    return result[0]!;
  };
}
