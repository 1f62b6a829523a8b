import { wuxingFixedPoint, wuxingJacobian, type WuxingDirection } from './ring.js';

/** The `gain` variable is clipped to this multiple of the cell's gain at rest. */
export const GAIN_CLIP = 4;

/**
 * Steady-state small-signal gain from a constant input at state `inp` to state `out`:
 * −(A⁻¹)[out][inp], by Gaussian elimination with partial pivoting on the scratch `A`
 * (overwritten) and `x`. Returns 0 for a singular Jacobian.
 */
export function steadyGain(A: Float64Array, x: Float64Array, inp: number, out: number): number {
  for (let i = 0; i < 5; i++) x[i] = i === inp ? -1 : 0;
  for (let c = 0; c < 5; c++) {
    let piv = c;
    let best = Math.abs(A[c * 5 + c]!);
    for (let r = c + 1; r < 5; r++) {
      const v = Math.abs(A[r * 5 + c]!);
      if (v > best) {
        best = v;
        piv = r;
      }
    }
    if (best < 1e-12) return 0;
    if (piv !== c) {
      for (let k = 0; k < 5; k++) {
        const t = A[c * 5 + k]!;
        A[c * 5 + k] = A[piv * 5 + k]!;
        A[piv * 5 + k] = t;
      }
      const t = x[c]!;
      x[c] = x[piv]!;
      x[piv] = t;
    }
    const d = A[c * 5 + c]!;
    for (let r = c + 1; r < 5; r++) {
      const f = A[r * 5 + c]! / d;
      if (f === 0) continue;
      for (let k = c; k < 5; k++) A[r * 5 + k] = A[r * 5 + k]! - f * A[c * 5 + k]!;
      x[r] = x[r]! - f * x[c]!;
    }
  }
  for (let r = 4; r >= 0; r--) {
    let s = x[r]!;
    for (let k = r + 1; k < 5; k++) s -= A[r * 5 + k]! * x[k]!;
    x[r] = s / A[r * 5 + r]!;
  }
  return x[out]!;
}

/**
 * Steady-state small-signal gain dD/du of a cell at rest (equal parameters per state), the
 * value the `gain` variable starts from: a gate fed by `gain / wuxingRestGain(...)` is 1 at rest.
 */
export function wuxingRestGain(k1: number, k2: number, k3: number, direction: WuxingDirection = 'forward'): number {
  const b0 = wuxingFixedPoint(k1, k2, k3);
  const p = new Float64Array(15);
  p.fill(k1, 0, 5);
  p.fill(k2, 5, 10);
  p.fill(k3, 10, 15);
  const A = new Float64Array(25);
  wuxingJacobian(direction, new Float64Array(5).fill(b0), p, A);
  return direction === 'forward' ? steadyGain(A, new Float64Array(5), 0, 1) : steadyGain(A, new Float64Array(5), 1, 0);
}
