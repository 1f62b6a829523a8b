import type { Population } from './Population.js';

/**
 * Exponential traces of one population's activity, one array per time constant,
 * shared by every rule that asks for that time constant. Spikes add 1; graded outputs
 * are low-passed with unit gain.
 */
export class TraceSet {
  private readonly taus: number[] = [];
  private readonly arrays: Float32Array[] = [];
  private decays: Float64Array = new Float64Array(0);

  constructor(private readonly pop: Population) {}

  /** The trace with time constant tau (seconds), created on first request. */
  get(tau: number): Float32Array {
    const k = this.taus.indexOf(tau);
    if (k >= 0) return this.arrays[k]!;
    this.taus.push(tau);
    const a = new Float32Array(this.pop.size * this.pop.batch);
    this.arrays.push(a);
    return a;
  }

  get empty(): boolean {
    return this.taus.length === 0;
  }

  prepare(dt: number): void {
    this.decays = Float64Array.from(this.taus, (t) => Math.exp(-dt / t));
  }

  /** Decay every trace by one step (before the rules run). */
  decay(): void {
    for (let k = 0; k < this.arrays.length; k++) {
      const a = this.arrays[k]!;
      const d = this.decays[k]!;
      for (let i = 0; i < a.length; i++) a[i] = a[i]! * d;
    }
  }

  /** Add this step's activity (after the rules ran). */
  add(): void {
    const pop = this.pop;
    if (pop.model.spiking) {
      const n = pop.firedCount;
      const fired = pop.fired;
      for (let k = 0; k < this.arrays.length; k++) {
        const a = this.arrays[k]!;
        for (let s = 0; s < n; s++) a[fired[s]!] = a[fired[s]!]! + 1;
      }
    } else {
      const x = pop.output;
      for (let k = 0; k < this.arrays.length; k++) {
        const a = this.arrays[k]!;
        const g = 1 - this.decays[k]!;
        for (let i = 0; i < a.length; i++) a[i] = a[i]! + g * x[i]!;
      }
    }
  }

  reset(): void {
    for (const a of this.arrays) a.fill(0);
  }

  /** The traces in request order (the simulator's own arrays: copy to keep). */
  get values(): readonly Float32Array[] {
    return this.arrays;
  }
}
