import { isUnit } from 'mathjs';
import { SpecError, requireFinite } from '../../core/errors.js';
import { toSI, type QuantityInput } from '../../core/quantity.js';

/**
 * The Wuxing ring's equations and parameters (Jiang & Fu 2025). Forward ring, state i with
 * predecessor i−1 and the element two back i−2 (indices mod 5):
 *   dE_i/dt = k1_i·E_{i−1} − k2_i·E_i − k3_i·E_i·E_{i−2} (+ input on one state).
 */

/** The five elements on the ring, in order: E0..E4 = J, S, M, H, T. */
export const WUXING_STATES = ['J', 'S', 'M', 'H', 'T'] as const;

/** How a Wuxing cell integrates over a step: fourth-order Runge–Kutta or Euler. */
export type WuxingIntegrator = 'rk4' | 'euler';
/** A Wuxing cell's equations as written ('forward') or with the ring's direction reversed (BSP's backward chain). */
export type WuxingDirection = 'forward' | 'reversed';

/**
 * A rate constant of the ring (dimension 1/time: a bare number is per second of simulated time,
 * `'2 Hz'` and `'2 / s'` read the same): one value for every cell and state, five (one per state,
 * k·1 … k·5), or size × 5 (cell-major).
 */
export type WuxingParameter = QuantityInput | ArrayLike<number> | readonly QuantityInput[];

/** Fixed point of a cell whose parameters are equal per state: B0 = (k1 − k2)/k3 (the paper's Eq. 15). */
export function wuxingFixedPoint(k1: number, k2: number, k3: number): number {
  return (k1 - k2) / k3;
}

/** A `WuxingParameter` as size × 5 values (cell-major), naming `field` when it has the wrong length. */
export function expandParameter(field: string, p: WuxingParameter, size: number): Float32Array {
  const out = new Float32Array(size * 5);
  // A rate constant: per second of simulated time (the simulator's dt), so '2 Hz' and '2 / s' read as 2.
  const rate = (f: string, v: unknown): number => toSI(f, v, 'frequency');
  if (typeof p === 'number' || typeof p === 'string' || isUnit(p)) {
    out.fill(rate(field, p));
    return out;
  }
  const a = p as ArrayLike<unknown>;
  if (a.length === 5) {
    const five = Array.from({ length: 5 }, (_, s) => rate(`${field}[${s}]`, a[s]));
    for (let u = 0; u < size; u++) for (let s = 0; s < 5; s++) out[u * 5 + s] = five[s]!;
    return out;
  }
  if (a.length === size * 5) {
    for (let k = 0; k < out.length; k++) out[k] = rate(`${field}[${k}]`, a[k]);
    return out;
  }
  throw new SpecError(field, `expected a number, 5 values (one per state) or size × 5 = ${size * 5} values, got ${a.length}`);
}

/** A ring index 0..4, naming `field` otherwise. */
export function ringIndex(field: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 4) throw new SpecError(field, `must be a ring index 0..4 (J, S, M, H, T), got ${v}`);
  return v;
}

/**
 * The reversed ring is the forward ring read backwards: with F_j = E_{−j} (indices mod 5),
 * dF_j/dt = k1_{1−j}·F_{j−1} − k2_{−j}·F_j − k3_{2−j}·F_j·F_{j−2}, the forward form with
 * permuted parameters. So one kernel integrates both; these maps say where F_j lives.
 */
const MIRROR = [0, 4, 3, 2, 1] as const;
/** Forward form's k1, k2, k3 of state j, as indices into the cell's own K1, K2, K3 (per direction). */
const PARAM_INDEX: Record<WuxingDirection, readonly (readonly number[])[]> = {
  forward: [
    [0, 1, 2, 3, 4],
    [0, 1, 2, 3, 4],
    [0, 1, 2, 3, 4],
  ],
  reversed: [
    [1, 0, 4, 3, 2],
    [0, 4, 3, 2, 1],
    [2, 1, 0, 4, 3],
  ],
};

/**
 * Where a cell's forward form lives (what `step` integrates, and what a device kernel needs
 * to integrate the same ring): the state names of F0..F4, the forward-form positions of the
 * input and output states, and for each of K1, K2, K3 which of the cell's five values is the
 * forward form's k of state j.
 */
export interface WuxingForwardForm {
  readonly stateOrder: readonly string[];
  readonly jIn: number;
  readonly jOut: number;
  readonly paramIndex: readonly [readonly number[], readonly number[], readonly number[]];
}

/** The forward form of a cell with this direction and these input and output states. */
export function wuxingForwardForm(direction: WuxingDirection, inputState: number, outputState: number): WuxingForwardForm {
  const mirror = direction === 'reversed';
  return {
    stateOrder: [0, 1, 2, 3, 4].map((j) => WUXING_STATES[mirror ? MIRROR[j]! : j]!),
    jIn: mirror ? MIRROR[inputState]! : inputState,
    jOut: mirror ? MIRROR[outputState]! : outputState,
    paramIndex: PARAM_INDEX[direction] as [readonly number[], readonly number[], readonly number[]],
  };
}

/**
 * Jacobian of one cell at state e into `A` (5×5 row-major). Forward: ∂f_i/∂E_{i−1} = k1_i,
 * ∂f_i/∂E_i = −k2_i − k3_i·E_{i−2}, ∂f_i/∂E_{i−2} = −k3_i·E_i; reversed likewise with i+1, i+2.
 */
export function wuxingJacobian(direction: WuxingDirection, e: ArrayLike<number>, p: ArrayLike<number>, A: Float64Array): void {
  A.fill(0);
  for (let i = 0; i < 5; i++) {
    if (direction === 'forward') {
      const a = (i + 4) % 5;
      const c = (i + 3) % 5;
      A[i * 5 + a] = A[i * 5 + a]! + p[i]!;
      A[i * 5 + i] = A[i * 5 + i]! - p[5 + i]! - p[10 + i]! * e[c]!;
      A[i * 5 + c] = A[i * 5 + c]! - p[10 + i]! * e[i]!;
    } else {
      const a = (i + 1) % 5;
      const c = (i + 2) % 5;
      A[i * 5 + a] = A[i * 5 + a]! + p[a]!;
      A[i * 5 + i] = A[i * 5 + i]! - p[5 + i]! - p[10 + c]! * e[c]!;
      A[i * 5 + c] = A[i * 5 + c]! - p[10 + c]! * e[i]!;
    }
  }
}

/**
 * True when every derivative of the forward form vanishes at the uniform state r (parameters
 * p = [k1 ×5, k2 ×5, k3 ×5]): a cell there with no input stays exactly there.
 */
export function ringStillAt(p: ArrayLike<number>, r: number): boolean {
  for (let j = 0; j < 5; j++) if (p[j]! * r - p[5 + j]! * r - p[10 + j]! * r * r !== 0) return false;
  return true;
}

/**
 * `ringStillAt` for the float32 step (`arithmetic: 'float32'`): every operation rounded to
 * float32, in the step's order; and r not below the floor `lo`, so that integrating a copy at r
 * with no input gives exactly what skipping it gives (the wasm kernel integrates every copy).
 */
export function ringStillAt32(p: ArrayLike<number>, r: number, lo: number): boolean {
  if (r < Math.fround(lo)) return false;
  const f = Math.fround;
  for (let j = 0; j < 5; j++) if (f(f(f(p[j]! * r) - f(p[5 + j]! * r)) - f(f(p[10 + j]! * r) * r)) !== 0) return false;
  return true;
}
