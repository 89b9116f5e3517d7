/** Sweeps of the cyclic Jacobi method before giving up; a matrix of the engine's sizes (≤ 9) needs fewer than 10. */
const MAX_SWEEPS = 50;

/**
 * The eigenvalues of a real symmetric size × size matrix (row-major), in ascending order, by the cyclic Jacobi
 * method: plane rotations that zero one off-diagonal entry at a time until the off-diagonal part vanishes. It uses
 * only +, ×, ÷ and √, which IEEE arithmetic rounds the same everywhere, so every browser gets the same numbers.
 */
export function symmetricEigenvalues(matrix: Float64Array, size: number): Float64Array {
  const a = Float64Array.from(matrix);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < size; p++)
      for (let q = p + 1; q < size; q++) offDiagonal += a[p * size + q]! * a[p * size + q]!;
    if (offDiagonal === 0) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q]!;
        if (apq === 0) continue;
        // The rotation angle φ with tan 2φ = 2 a_pq / (a_qq - a_pp), through t = tan φ of the smaller root.
        const theta = (a[q * size + q]! - a[p * size + p]!) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p]!;
          const akq = a[k * size + q]!;
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k]!;
          const aqk = a[q * size + k]!;
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
      }
    }
  }
  const eigenvalues = new Float64Array(size);
  for (let i = 0; i < size; i++) eigenvalues[i] = a[i * size + i]!;
  return eigenvalues.sort();
}
