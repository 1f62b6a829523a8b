import { SpecError, requirePositiveInt } from '../../core/errors.js';
import type { Population } from '../Population.js';
import { deprecatedRead, renamedOption } from '../../core/warnings.js';
import type { Monitor, MonitorContext } from './Monitor.js';
import { SampleBuffer } from './SampleBuffer.js';

/** Population firing rate (Hz per unit), averaged over windows of `everySteps` steps. */
export class RateMonitor implements Monitor {
  /** Steps per averaging window. */
  readonly everySteps: number;
  private buffer = new SampleBuffer(2, 1024);
  private pop: Population | null = null;
  private dt = 0;
  private windowCount = 0;
  private readonly streamCapacity: number;

  /** `everySteps`: steps per window (default 1; `every` is its deprecated name); `keep`: newest windows kept. */
  constructor(readonly target: string, options: { everySteps?: number; /** @deprecated use everySteps */ every?: number; streamCapacity?: number; keep?: number } = {}) {
    this.everySteps = requirePositiveInt('RateMonitor.everySteps', renamedOption<number>('RateMonitor', options, 'every', 'everySteps') ?? 1);
    this.streamCapacity = options.streamCapacity ?? 10_000;
    this.keep = options.keep;
  }
  private readonly keep: number | undefined;

  /** @deprecated The old name of `everySteps` (reading it warns, like passing `every`). */
  get every(): number {
    deprecatedRead('RateMonitor', 'every', 'everySteps');
    return this.everySteps;
  }

  bind(ctx: MonitorContext): void {
    if (!ctx.population.model.spiking) {
      throw new SpecError(`RateMonitor(${ctx.population.name})`, `population is not spiking (${ctx.population.model.kind})`);
    }
    this.pop = ctx.population;
    this.dt = ctx.dt;
  }

  prepare(steps: number): void {
    if (this.keep !== undefined) this.buffer.ring(this.keep);
    else if (Number.isFinite(steps)) this.buffer.reserve(Math.ceil(steps / this.everySteps) + 1);
    else this.buffer.ring(this.streamCapacity);
  }

  record(step: number): void {
    const pop = this.pop!;
    this.windowCount += pop.firedCount;
    if ((step + 1) % this.everySteps !== 0) return;
    const off = this.buffer.claim();
    this.buffer.array[off] = step;
    this.buffer.array[off + 1] = this.windowCount / (pop.size * pop.batch * this.everySteps * this.dt);
    this.windowCount = 0;
  }

  /** Rates in Hz, one per window. */
  get rates(): Float64Array {
    const n = this.buffer.length;
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) out[r] = this.buffer.get(r, 1);
    return out;
  }

  /** Mean rate over everything recorded, Hz. */
  get mean(): number {
    const r = this.rates;
    let s = 0;
    for (const x of r) s += x;
    return r.length ? s / r.length : 0;
  }

  /** Forget everything recorded so far. */
  clear(): void {
    this.buffer.clear();
    this.windowCount = 0;
  }
}
