import type { Split } from "../datasets/Dataset.ts";
import type { Model } from "../models/Model.ts";

/**
 * The closed-form least-squares optimum of a linear or polynomial regression model on `split`: the parameters p that
 * minimise the mean squared error, from the normal equations (AᵀA) p = Aᵀy, where each row of A holds the model's
 * features in parameter order (x_0 … x_{d-1}, or x¹ … x^k) followed by 1 for the bias. Solved by Gaussian elimination
 * with partial pivoting; only when AᵀA is singular is a tiny ridge (1e-12 times its mean diagonal) added.
 * `loss` is the model's own mean squared error at p. Null for models without a closed form (logistic, MLP) and for
 * an empty split.
 */
export function leastSquaresOptimum(model: Model, split: Split): { params: Float64Array; loss: number } | null {
  const spec = model.spec;
  if (spec.kind !== "linear" && spec.kind !== "polynomial") return null;
  if (split.n === 0) return null;
  const size = model.paramCount;
  const features = size - 1;
  const normal = new Float64Array(size * size);
  const rhs = new Float64Array(size);
  const rowValues = new Float64Array(size);
  for (let row = 0; row < split.n; row++) {
    if (spec.kind === "linear") {
      for (let j = 0; j < features; j++) rowValues[j] = split.x[row * features + j]!;
    } else {
      const xv = split.x[row]!;
      let power = xv;
      for (let j = 0; j < features; j++) {
        rowValues[j] = power;
        power *= xv;
      }
    }
    rowValues[features] = 1;
    const target = split.y[row]!;
    for (let i = 0; i < size; i++) {
      const vi = rowValues[i]!;
      rhs[i] = rhs[i]! + vi * target;
      for (let j = 0; j < size; j++) normal[i * size + j] = normal[i * size + j]! + vi * rowValues[j]!;
    }
  }
  let params = solve(normal, rhs, size, 0);
  if (params === null) {
    let trace = 0;
    for (let i = 0; i < size; i++) trace += normal[i * size + i]!;
    params = solve(normal, rhs, size, 1e-12 * Math.max(trace / size, 1e-300));
  }
  if (params === null) return null;
  return { params, loss: model.loss(params, split) };
}

/**
 * Solves (M + ridge I) p = v by Gaussian elimination with partial pivoting, on copies. Null when a pivot is
 * negligible (below 1e-12 of the largest entry of M), i.e. the system is singular to working precision.
 */
function solve(matrix: Float64Array, vector: Float64Array, size: number, ridge: number): Float64Array | null {
  const a = Float64Array.from(matrix);
  const b = Float64Array.from(vector);
  for (let i = 0; i < size; i++) a[i * size + i] = a[i * size + i]! + ridge;
  let scale = 0;
  for (const value of a) scale = Math.max(scale, Math.abs(value));
  const tolerance = (ridge > 0 ? 1e-15 : 1e-12) * scale;
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++) {
      if (Math.abs(a[r * size + col]!) > Math.abs(a[pivot * size + col]!)) pivot = r;
    }
    if (!(Math.abs(a[pivot * size + col]!) > tolerance)) return null;
    if (pivot !== col) {
      for (let c = 0; c < size; c++) {
        const swap = a[col * size + c]!;
        a[col * size + c] = a[pivot * size + c]!;
        a[pivot * size + c] = swap;
      }
      const swap = b[col]!;
      b[col] = b[pivot]!;
      b[pivot] = swap;
    }
    const diagonal = a[col * size + col]!;
    for (let r = col + 1; r < size; r++) {
      const factor = a[r * size + col]! / diagonal;
      if (factor === 0) continue;
      for (let c = col; c < size; c++) a[r * size + c] = a[r * size + c]! - factor * a[col * size + c]!;
      b[r] = b[r]! - factor * b[col]!;
    }
  }
  const p = new Float64Array(size);
  for (let r = size - 1; r >= 0; r--) {
    let sum = b[r]!;
    for (let c = r + 1; c < size; c++) sum -= a[r * size + c]! * p[c]!;
    p[r] = sum / a[r * size + r]!;
  }
  return p;
}
