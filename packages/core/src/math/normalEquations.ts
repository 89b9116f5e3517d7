import type { Split } from "../datasets/Dataset.ts";

/**
 * Writes the features φ(row) that a model linear in its parameters multiplies by its weights, in parameter order
 * and without the bias's constant 1, into `out[0 .. out.length - 2]` (out.length is the parameter count), or into
 * the whole of `out` for a model without a bias.
 */
export type RowFeatures = (split: Split, row: number, out: Float64Array) => void;

/** The normal equations AᵀA p = Aᵀy of least squares, as sums over the rows (not means). */
export interface NormalEquations {
  /** AᵀA, size × size, row-major. */
  readonly matrix: Float64Array;
  /** Aᵀy. */
  readonly rhs: Float64Array;
}

/** AᵀA and Aᵀy where row r of A is [φ(r), 1] (size entries; φ(r) alone without a bias) and y the split's targets. */
export function normalEquations(split: Split, size: number, features: RowFeatures, bias = true): NormalEquations {
  const matrix = new Float64Array(size * size);
  const rhs = new Float64Array(size);
  const rowValues = new Float64Array(size);
  for (let row = 0; row < split.n; row++) {
    features(split, row, rowValues);
    if (bias) rowValues[size - 1] = 1;
    const target = split.y[row]!;
    for (let i = 0; i < size; i++) {
      const vi = rowValues[i]!;
      rhs[i] = rhs[i]! + vi * target;
      for (let j = 0; j < size; j++) matrix[i * size + j] = matrix[i * size + j]! + vi * rowValues[j]!;
    }
  }
  return { matrix, rhs };
}

/**
 * The solution p of AᵀA p = Aᵀy, by Gaussian elimination with partial pivoting; only when AᵀA is singular is a tiny
 * ridge (1e-12 times its mean diagonal) added. Null when even that fails (non-finite data).
 */
export function solveNormalEquations({ matrix, rhs }: NormalEquations, size: number): Float64Array | null {
  const exact = solve(matrix, rhs, size, 0);
  if (exact !== null) return exact;
  let trace = 0;
  for (let i = 0; i < size; i++) trace += matrix[i * size + i]!;
  return solve(matrix, rhs, size, 1e-12 * Math.max(trace / size, 1e-300));
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
