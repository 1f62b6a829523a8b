import type { Monitor, MonitorContext } from '../../sim/monitors/Monitor.js';

/**
 * Sums a population's output per unit and batch copy from step `from` on, allocating
 * nothing while it records: enough for mean responses and per-column vectors without
 * keeping whole traces of large eyes.
 */
export class MeanOutputMonitor implements Monitor {
  sums = new Float64Array(0);
  steps = 0;
  private output: Float32Array = new Float32Array(0);
  private size = 0;
  private batch = 0;

  constructor(
    readonly target: string,
    private readonly from = 0,
  ) {}

  bind(ctx: MonitorContext): void {
    this.output = ctx.population.output;
    this.size = ctx.population.size;
    this.batch = ctx.batch;
    this.sums = new Float64Array(this.size * this.batch);
    this.steps = 0;
  }

  prepare(): void {}

  record(step: number): void {
    if (step < this.from) return;
    this.steps++;
    const out = this.output;
    const sums = this.sums;
    for (let i = 0; i < sums.length; i++) sums[i]! += out[i]!;
  }

  /** Mean over units and recorded steps of batch copy b. */
  mean(b: number): number {
    let s = 0;
    for (let u = 0; u < this.size; u++) s += this.sums[b * this.size + u]!;
    return this.steps > 0 ? s / (this.size * this.steps) : 0;
  }

  /** Mean over recorded steps of unit u in batch copy b. */
  unitMean(u: number, b = 0): number {
    return this.steps > 0 ? this.sums[b * this.size + u]! / this.steps : 0;
  }
}
