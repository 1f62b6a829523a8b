import type { Monitor, MonitorContext } from './Monitor.js';
import type { Population } from '../Population.js';

/**
 * Sums a population's output over the steps while it is open and gives the window mean
 * per unit and batch element (BSP's readout: the mean deviation of the output cells).
 */
export class WindowMeanMonitor implements Monitor {
  private pop: Population | null = null;
  private sum = new Float64Array(0);
  private steps = 0;
  private open = false;

  constructor(readonly target: string) {}

  bind(ctx: MonitorContext): void {
    this.pop = ctx.population;
    this.sum = new Float64Array(ctx.population.size * ctx.batch);
  }

  prepare(): void {}

  /** Start a new window. */
  start(): void {
    this.sum.fill(0);
    this.steps = 0;
    this.open = true;
  }

  /** Stop adding steps (the window mean stays readable). */
  stop(): void {
    this.open = false;
  }

  record(): void {
    if (!this.open) return;
    const x = this.pop!.output;
    const s = this.sum;
    for (let k = 0; k < s.length; k++) s[k] = s[k]! + x[k]!;
    this.steps++;
  }

  /** The window mean into `out` (size × batch). */
  mean(out: Float32Array | Float64Array): void {
    const inv = this.steps > 0 ? 1 / this.steps : 0;
    for (let k = 0; k < this.sum.length; k++) out[k] = this.sum[k]! * inv;
  }
}
