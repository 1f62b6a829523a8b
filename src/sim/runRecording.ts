import { checkAllocation } from '../core/memoryBudget.js';
import type { Network } from './Network.js';
import type { Population } from './Population.js';
import type { RecordedOutput } from './RunResult.js';

/** Which populations a run records: a list of names, 'all', or 'none' (the default). */
export type RecordSelection = readonly string[] | 'all' | 'none' | undefined;

/**
 * What one `run` keeps: the output of the recorded populations at every step and the
 * spike count of every spiking unit. Buffers are allocated before the loop; `record`
 * copies into them and allocates nothing.
 */
export class RunRecording {
  readonly outputs = new Map<string, RecordedOutput>();
  readonly spikeCounts = new Map<string, Uint32Array>();
  private readonly outputList: { pop: Population; data: Float32Array; width: number }[] = [];
  private readonly countList: { pop: Population; counts: Uint32Array }[] = [];

  /**
   * Nothing by default (recording is opt-in). A selection that would allocate more than the
   * memory budget (`budget`, default `memoryBudget()`) fails here with a MemoryBudgetError,
   * before allocating, saying how much and how to record less.
   */
  constructor(network: Network, populations: readonly Population[], select: RecordSelection, steps: number, batch: number, budget?: number) {
    const names = select === 'all' ? populations.map((p) => p.name) : select === 'none' || select === undefined ? [] : select;
    let bytes = 0;
    for (const name of names) bytes += network.getPopulation(name).size * batch * steps * 4;
    checkAllocation(`run.record: recording ${names.join(', ')} for ${steps} steps`, bytes, {
      budget,
      hint: "record fewer populations, run in shorter pieces, use a StateMonitor or RateMonitor with 'everySteps' and 'keep', or pass run({ memoryBudget })",
    });
    for (const name of names) {
      const pop = network.getPopulation(name);
      const width = pop.size * batch;
      const data = new Float32Array(width * steps);
      this.outputs.set(name, { data, steps, width, size: pop.size, batch });
      this.outputList.push({ pop, data, width });
    }
    for (const pop of populations) {
      if (!pop.model.spiking) continue;
      const counts = new Uint32Array(pop.size * batch);
      this.spikeCounts.set(pop.name, counts);
      this.countList.push({ pop, counts });
    }
  }

  /** Whether the run records this population's output (device backends then sync it every step). */
  records(pop: Population): boolean {
    return this.outputs.has(pop.name);
  }

  /** Keep step `s` of the run (its index within the run, not the clock's step). */
  record(s: number): void {
    for (let r = 0; r < this.outputList.length; r++) {
      const rec = this.outputList[r]!;
      rec.data.set(rec.pop.output, s * rec.width);
    }
    for (let r = 0; r < this.countList.length; r++) {
      const { pop, counts } = this.countList[r]!;
      for (let k = 0; k < pop.firedCount; k++) counts[pop.fired[k]!]!++;
    }
  }
}
