import { SpecError } from '../../core/errors.js';
import type { Population } from '../Population.js';
import type { Monitor, MonitorContext } from './Monitor.js';
import { SampleBuffer } from './SampleBuffer.js';

/** Options of `new SpikeMonitor`. */
export interface SpikeMonitorOptions {
  /** Keep only the newest `keep` records, in runs and streams alike (a fixed memory budget). */
  keep?: number;
  /** Spikes to reserve room for before a run, per unit per second (default 50 Hz). */
  expectedRate?: number;
  /** Spikes kept while streaming (default 100,000). */
  streamCapacity?: number;
}

/** Records (step, unit) of every spike of a population, like Brian2's SpikeMonitor. */
export class SpikeMonitor implements Monitor {
  private buffer = new SampleBuffer(2, 1024);
  private pop: Population | null = null;
  private dt = 0;

  constructor(readonly target: string, private readonly options: SpikeMonitorOptions = {}) {}

  bind(ctx: MonitorContext): void {
    if (!ctx.population.model.spiking) {
      throw new SpecError(`SpikeMonitor(${ctx.population.name})`, `population is not spiking (${ctx.population.model.kind})`);
    }
    this.pop = ctx.population;
    this.dt = ctx.dt;
  }

  prepare(steps: number): void {
    const pop = this.pop!;
    if (this.options.keep !== undefined) this.buffer.ring(this.options.keep);
    else if (Number.isFinite(steps)) {
      const expected = (this.options.expectedRate ?? 50) * pop.size * pop.batch * steps * this.dt;
      this.buffer.reserve(Math.ceil(expected) + 16);
    } else this.buffer.ring(this.options.streamCapacity ?? 100_000);
  }

  record(step: number): void {
    const pop = this.pop!;
    const n = pop.firedCount;
    if (n === 0) return;
    const fired = pop.fired;
    const buf = this.buffer;
    for (let s = 0; s < n; s++) {
      const off = buf.claim();
      buf.array[off] = step;
      buf.array[off + 1] = fired[s]!;
    }
  }

  /** Spikes recorded (and kept) so far. */
  get count(): number {
    return this.buffer.length;
  }

  /** Spike steps and units as parallel arrays. */
  get spikes(): {
    /** The step of each spike. */
    steps: Int32Array;
    /** The unit of each spike (flat index `b * size + i`). */
    units: Int32Array;
    /** The time of each spike, in seconds (step × dt). */
    times: Float64Array;
  } {
    const n = this.count;
    const steps = new Int32Array(n);
    const units = new Int32Array(n);
    const times = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      steps[r] = this.buffer.get(r, 0);
      units[r] = this.buffer.get(r, 1);
      times[r] = steps[r]! * this.dt;
    }
    return { steps, units, times };
  }

  /** Spike steps of one flat unit index. */
  trainOf(unit: number): Int32Array {
    const { steps, units } = this.spikes;
    return steps.filter((_, k) => units[k] === unit);
  }

  /** Forget everything recorded so far. */
  clear(): void {
    this.buffer.clear();
  }
}
