import { symmetricEigen } from './symmetricEigen.js';

/**
 * Symmetric inverse square root C^{−1/2} = V diag(λ^{−1/2}) Vᵀ of a symmetric positive
 * (semi)definite n×n row-major matrix, with `ridge` added to the diagonal first.
 * Eigenvalues are floored at 1e−15 of the largest so rounding cannot make them negative.
 */
export function inverseSqrtSymmetric(c: Float64Array, n: number, ridge = 0): Float64Array {
  const a = Float64Array.from(c);
  for (let i = 0; i < n; i++) a[i * n + i] = a[i * n + i]! + ridge;
  const { values, vectors } = symmetricEigen(a, n);
  const floor = Math.max(values[0]! * 1e-15, Number.MIN_VALUE);
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const s = 1 / Math.sqrt(Math.max(values[k]!, floor));
    const v = k * n;
    for (let i = 0; i < n; i++) {
      const vi = vectors[v + i]! * s;
      if (vi === 0) continue;
      const row = i * n;
      for (let j = 0; j < n; j++) out[row + j] = out[row + j]! + vi * vectors[v + j]!;
    }
  }
  return out;
}

/** Mean of the diagonal of a row-major n×n matrix (the scale a relative ridge refers to). */
export function meanDiagonal(c: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += c[i * n + i]!;
  return s / n;
}
