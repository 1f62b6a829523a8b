import { NeurostreamError } from '../core/errors.js';

/**
 * In-place Cholesky factorisation of a symmetric positive definite n×n row-major matrix:
 * on return the lower triangle holds L with A = L·Lᵀ (the upper triangle is zeroed).
 * Returns false (leaving `a` partly overwritten) if a pivot is not positive.
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) d -= a[rj + k]! * a[rj + k]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = s / ljj;
    }
    for (let i = j + 1; i < n; i++) a[rj + i] = 0;
  }
  return true;
}

/**
 * Cholesky factor of A + δI with the smallest jitter δ = `start`·10^k (relative to the
 * mean diagonal) that succeeds; throws after `tries` attempts. Smooth kernels on fine
 * grids are numerically singular, so sampling them needs this.
 */
export function choleskyWithJitter(a: Float64Array, n: number, start = 1e-12, tries = 10): { factor: Float64Array; jitter: number } {
  let scale = 0;
  for (let i = 0; i < n; i++) scale += a[i * n + i]!;
  scale /= n;
  let rel = 0;
  for (let t = 0; t <= tries; t++) {
    const f = Float64Array.from(a);
    const jitter = rel * scale;
    for (let i = 0; i < n; i++) f[i * n + i] = f[i * n + i]! + jitter;
    if (choleskyInPlace(f, n)) return { factor: f, jitter };
    rel = rel === 0 ? start : rel * 10;
  }
  throw new NeurostreamError(`Cholesky failed even with a jitter of ${rel / 10} × the mean diagonal: the matrix is not positive semidefinite`);
}
