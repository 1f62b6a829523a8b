import { SpecError } from '../core/errors.js';

/** One population's recorded output: `steps` rows of `width` values (width = size × batch). */
export interface RecordedOutput {
  /** The recorded values, row by row: step-major, `width` floats per step. */
  readonly data: Float32Array;
  /** Rows: the steps recorded. */
  readonly steps: number;
  /** Values per row: `size × batch`, sample-major. */
  readonly width: number;
  /** Units in the population. */
  readonly size: number;
  /** Samples simulated together. */
  readonly batch: number;
}

/** What `Simulator.run` returns: recorded outputs and spike counts of the run. */
export class RunResult {
  constructor(
    /** Time step of the run, in seconds. */
    readonly dt: number,
    /** First step of the run (the simulator's step counter before it). */
    readonly startStep: number,
    /** Steps the run took. */
    readonly steps: number,
    private readonly outputs: ReadonlyMap<string, RecordedOutput>,
    /** Spikes per unit (flat index) during the run, for spiking populations. */
    readonly spikeCounts: ReadonlyMap<string, Uint32Array>,
    private readonly sizes: ReadonlyMap<string, number>,
  ) {}

  /** Duration of the run in seconds. */
  get duration(): number {
    return this.steps * this.dt;
  }

  /** Names of the populations whose outputs were recorded. */
  get recorded(): string[] {
    return [...this.outputs.keys()];
  }

  /** The recorded output of a population (throws, naming the fix, if it was not recorded). */
  output(population: string): RecordedOutput {
    const o = this.outputs.get(population);
    if (!o) {
      throw new SpecError(
        `RunResult.output('${population}')`,
        this.sizes.has(population)
          ? `not recorded; pass { record: ['${population}'] } to run()`
          : `no population of that name (have: ${[...this.sizes.keys()].join(', ')})`,
      );
    }
    return o;
  }

  /** The time series of one unit (flat index) of a recorded population. */
  unit(population: string, unit: number): Float32Array {
    const o = this.output(population);
    if (unit < 0 || unit >= o.width) throw new SpecError(`RunResult.unit('${population}')`, `unit ${unit} outside [0, ${o.width})`);
    const out = new Float32Array(o.steps);
    for (let t = 0; t < o.steps; t++) out[t] = o.data[t * o.width + unit]!;
    return out;
  }

  /** Mean firing rate of a spiking population over the run, Hz per unit. */
  meanRate(population: string): number {
    const c = this.spikeCounts.get(population);
    if (!c) throw new SpecError(`RunResult.meanRate('${population}')`, 'not a spiking population of this network');
    let total = 0;
    for (const x of c) total += x;
    return total / (c.length * this.duration);
  }
}
