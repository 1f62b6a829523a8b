import { Simulator } from '../sim/Simulator.js';
import { StateMonitor } from '../sim/monitors/StateMonitor.js';
import { SpecError } from '../core/errors.js';
import type { NirImport } from './toNetwork.js';

/** Options of `runNirGraph`. */
export interface NirRunOptions {
  /** Simulation step in seconds. */
  dt: number;
  /** NIR node names (dotted inside subgraphs) whose state to record besides the Outputs. */
  record?: readonly string[];
  /** Variable to record of each `record` node (default: its output, v for neurons). */
  variable?: string;
}

/** What `runNirGraph` returns: one row of values per step. */
export interface NirRunTable {
  /** Column names: `<node>[<unit>]` for each Output unit, then `<node>.<variable>[<unit>]`. */
  readonly columns: readonly string[];
  /** One row per step. */
  readonly rows: readonly Float64Array[];
}

/**
 * Drive an imported graph's single Input with one row of values per step and tabulate what
 * its Output nodes receive each step (spikes as 0/1, graded values as they are), plus the
 * state of the nodes asked for.
 */
export function runNirGraph(imp: NirImport, input: readonly ArrayLike<number>[], options: NirRunOptions): NirRunTable {
  if (imp.inputs.length !== 1) throw new SpecError('nir run', `the graph has ${imp.inputs.length} Input nodes; one is supported`);
  const src = imp.inputs[0]!;
  const width = imp.network.getPopulation(src).size;
  input.forEach((row, t) => {
    if (row.length !== width) throw new SpecError(`nir run input row ${t + 1}`, `has ${row.length} values, the Input node '${src}' takes ${width}`);
  });
  const sim = new Simulator(imp.network, { dt: options.dt });
  const monitors: { name: string; mon: StateMonitor; size: number }[] = [];
  for (const out of imp.outputs) monitors.push({ name: out, mon: sim.add(new StateMonitor(out, 'x')), size: imp.network.getPopulation(out).size });
  for (const node of options.record ?? []) {
    const pop = imp.populations.get(node);
    if (pop === undefined) throw new SpecError('nir run --record', `no node '${node}' (have: ${[...imp.populations.keys()].join(', ')})`);
    const p = imp.network.getPopulation(pop);
    const variable = options.variable ?? p.model.output;
    monitors.push({ name: `${node}.${variable}`, mon: sim.add(new StateMonitor(pop, variable)), size: p.size });
  }
  sim.runSteps({ [src]: (step: number, _dt: number, out: Float32Array) => { const row = input[step]!; for (let k = 0; k < out.length; k++) out[k] = row[k]!; } }, input.length, { record: 'none' });
  const columns = monitors.flatMap((m) => Array.from({ length: m.size }, (_, k) => `${m.name}[${k}]`));
  const traces = monitors.flatMap((m) => Array.from({ length: m.size }, (_, k) => m.mon.trace(k)));
  const rows = input.map((_, t) => Float64Array.from(traces, (tr) => tr[t]!));
  return { columns, rows };
}
