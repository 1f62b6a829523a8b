import { SpecError, requirePositiveInt } from '../../core/errors.js';
import { deprecatedRead, renamedOption } from '../../core/warnings.js';
import type { Monitor, MonitorContext } from './Monitor.js';
import { SampleBuffer } from './SampleBuffer.js';

/** Options of `new StateMonitor`. */
export interface StateMonitorOptions {
  /** Keep only the newest `keep` records, in runs and streams alike (a fixed memory budget). */
  keep?: number;
  /** Flat unit indices (`b * size + i`) to record; default all units. */
  units?: ArrayLike<number>;
  /** Record every n-th step (decimation, default 1). */
  everySteps?: number;
  /** @deprecated The old name of `everySteps` (warns). */
  every?: number;
  /** Samples kept while streaming (newest first out), default 10,000. */
  streamCapacity?: number;
}

/** Records one state variable of chosen units every n steps, like Brian2's StateMonitor. */
export class StateMonitor implements Monitor {
  /** Steps between records (decimation). */
  readonly everySteps: number;
  private buffer: SampleBuffer | null = null;
  private units: Int32Array = new Int32Array(0);
  private source: Float32Array = new Float32Array(0);
  private stepsCol = 0;
  private dt = 0;

  constructor(
    readonly target: string,
    /** The state variable recorded. */
    readonly variable: string,
    private readonly options: StateMonitorOptions = {},
  ) {
    this.everySteps = requirePositiveInt('StateMonitor.everySteps', renamedOption<number>('StateMonitor', options, 'every', 'everySteps') ?? 1);
  }

  /** @deprecated The old name of `everySteps` (reading it warns, like passing `every`). */
  get every(): number {
    deprecatedRead('StateMonitor', 'every', 'everySteps');
    return this.everySteps;
  }

  bind(ctx: MonitorContext): void {
    const pop = ctx.population;
    const src = pop.state[this.variable];
    if (!src) {
      throw new SpecError(`StateMonitor(${pop.name}).variable`, `'${this.variable}' is not a variable of ${pop.model.kind} (${pop.model.variables.join(', ')})`);
    }
    this.source = src;
    const n = src.length;
    const units = this.options.units ?? Array.from({ length: n }, (_, i) => i);
    this.units = Int32Array.from(units as ArrayLike<number>);
    this.units.forEach((u, k) => {
      if (!Number.isInteger(u) || u < 0 || u >= n) throw new SpecError(`StateMonitor(${pop.name}).units[${k}]`, `unit ${u} outside [0, ${n})`);
    });
    this.stepsCol = this.units.length;
    this.buffer ??= new SampleBuffer(this.units.length + 1, 16);
    this.dt = ctx.dt;
  }

  prepare(steps: number): void {
    if (!this.buffer) throw new SpecError('StateMonitor', 'add the monitor to a simulator before running');
    if (this.options.keep !== undefined) this.buffer.ring(this.options.keep);
    else if (Number.isFinite(steps)) this.buffer.reserve(Math.ceil(steps / this.everySteps));
    else this.buffer.ring(this.options.streamCapacity ?? 10_000);
  }

  record(step: number): void {
    if (step % this.everySteps !== 0) return;
    const buf = this.buffer!;
    const off = buf.claim();
    const a = buf.array;
    const units = this.units;
    const src = this.source;
    for (let k = 0; k < units.length; k++) a[off + k] = src[units[k]!]!;
    a[off + this.stepsCol] = step;
  }

  /** Number of samples recorded (kept). */
  get length(): number {
    return this.buffer?.length ?? 0;
  }

  /** Times (s, end of step) of the samples. */
  get times(): Float64Array {
    const n = this.length;
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) out[r] = (this.buffer!.get(r, this.stepsCol) + 1) * this.dt;
    return out;
  }

  /** The trace of the k-th recorded unit (k indexes `units`, not the population). */
  trace(k = 0): Float64Array {
    const n = this.length;
    const out = new Float64Array(n);
    for (let r = 0; r < n; r++) out[r] = this.buffer!.get(r, k);
    return out;
  }

  /** Forget everything recorded so far. */
  clear(): void {
    this.buffer?.clear();
  }
}
