import type { WindowSumKernel } from '../math/productKernels.js';
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

/** Where window sums live and how they are added: a rule view's `floats` and `kernels.windowSum`. */
export interface WindowSumBackend {
  floats(length: number): Float32Array;
  readonly kernels: { readonly windowSum: WindowSumKernel };
}

/**
 * Window sums of one forward and one backward signal, accumulated step by step with no
 * allocation (in the view's own arrays, by its `windowSum` kernel: four values an instruction
 * on wasm, the same float32 sums everywhere); `forwardMean`/`backwardMean` turn them into
 * window means (or integrals).
 */
export class BspWindowSums {
  readonly forward: Float32Array;
  readonly backward: Float32Array;
  forwardSteps = 0;
  backwardSteps = 0;
  private readonly add: WindowSumKernel;

  constructor(
    forwardLength: number,
    backwardLength: number,
    private readonly windows: BspWindows,
    private readonly integral: boolean,
    view: WindowSumBackend,
  ) {
    this.forward = view.floats(forwardLength);
    this.backward = view.floats(backwardLength);
    this.add = view.kernels.windowSum;
  }

  /** Add this step's signals to the window they belong to. */
  accumulate(step: number, forward: Float32Array, backward: Float32Array | null): void {
    if (step < this.windows.forward) {
      this.add(this.forward, forward);
      this.forwardSteps++;
    } else if (step < this.windows.forward + this.windows.backward && backward) {
      this.add(this.backward, backward);
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

function scale(a: Float32Array, s: number): void {
  for (let k = 0; k < a.length; k++) a[k] = a[k]! * s;
}

export function checkKt(field: string, kt: number | undefined): number {
  return requirePositive(`${field}.kt`, kt ?? 1);
}
