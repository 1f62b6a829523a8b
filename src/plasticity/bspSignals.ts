import { SpecError, requirePositive, requirePositiveInt } from '../core/errors.js';

/**
 * The error modulation signal of Backward Signal Propagation (Jiang & Fu 2025, Eq. 17/22):
 * the product of the forward signal's and the backward signal's integrals over the window,
 * G1 = (∫D dt)(∫D̂ dt).
 */
export function bspG1(forwardIntegral: number, backwardIntegral: number): number {
  return forwardIntegral * backwardIntegral;
}

/** The limited modulation signal (Eq. 18): G2 = atan(kt·G1)/kt, ≈ G1 for small kt·G1, bounded by π/(2kt). */
export function bspG2(g1: number, kt: number): number {
  return Math.atan(kt * g1) / kt;
}

/**
 * When a BSP rule listens, in steps since the simulator's reset: the forward signal over
 * [0, forward), the backward signal over [forward, forward + backward). The circuit runs the
 * forward window, injects the error, then runs the backward window.
 */
export interface BspWindows {
  /** Length of the forward window, in steps. */
  readonly forward: number;
  /** Length of the backward window, in steps. */
  readonly backward: number;
}

/** What every BSP rule takes: its windows and how G1 and G2 are formed. */
export interface BspSignalOptions {
  /** When the rule listens (forward and backward windows). */
  windows: BspWindows;
  /** kt of G2 = atan(kt·G1)/kt (default 1). */
  kt?: number;
  /**
   * G1 from window means (∫/T, the default, so the step size does not depend on T) or from
   * the integrals ∫ dt themselves as the paper writes them.
   */
  integral?: boolean;
}

export function checkWindows(field: string, w: BspWindows | undefined): BspWindows {
  if (!w || typeof w !== 'object') throw new SpecError(`${field}.windows`, 'expected { forward, backward } in steps');
  return { forward: requirePositiveInt(`${field}.windows.forward`, w.forward), backward: requirePositiveInt(`${field}.windows.backward`, w.backward) };
}

/**
 * Window sums of one forward and one backward signal, accumulated step by step with no
 * allocation; `forwardMean`/`backwardMean` turn them into window means (or integrals).
 */
export class BspWindowSums {
  readonly forward: Float32Array;
  readonly backward: Float32Array;
  forwardSteps = 0;
  backwardSteps = 0;

  constructor(
    forwardLength: number,
    backwardLength: number,
    private readonly windows: BspWindows,
    private readonly integral: boolean,
  ) {
    this.forward = new Float32Array(forwardLength);
    this.backward = new Float32Array(backwardLength);
  }

  /** Add this step's signals to the window they belong to. */
  accumulate(step: number, forward: Float32Array, backward: Float32Array | null): void {
    if (step < this.windows.forward) {
      add(this.forward, forward);
      this.forwardSteps++;
    } else if (step < this.windows.forward + this.windows.backward && backward) {
      add(this.backward, backward);
      this.backwardSteps++;
    }
  }

  /** Both windows seen: turn the sums into means (or integrals with dt) in place and return true. */
  complete(dt: number): boolean {
    if (this.forwardSteps === 0 || this.backwardSteps === 0) return false;
    scale(this.forward, this.integral ? dt : 1 / this.forwardSteps);
    scale(this.backward, this.integral ? dt : 1 / this.backwardSteps);
    return true;
  }

  clear(): void {
    this.forward.fill(0);
    this.backward.fill(0);
    this.forwardSteps = 0;
    this.backwardSteps = 0;
  }
}

/** acc += x, four at a time (1.4× the speed of the plain loop in V8; the same float32 sums). */
function add(acc: Float32Array, x: Float32Array): void {
  const n = acc.length;
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    acc[k] = acc[k]! + x[k]!;
    acc[k + 1] = acc[k + 1]! + x[k + 1]!;
    acc[k + 2] = acc[k + 2]! + x[k + 2]!;
    acc[k + 3] = acc[k + 3]! + x[k + 3]!;
  }
  for (; k < n; k++) acc[k] = acc[k]! + x[k]!;
}

function scale(a: Float32Array, s: number): void {
  for (let k = 0; k < a.length; k++) a[k] = a[k]! * s;
}

export function checkKt(field: string, kt: number | undefined): number {
  return requirePositive(`${field}.kt`, kt ?? 1);
}
