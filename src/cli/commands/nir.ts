import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { SpecError } from '../../core/errors.js';
import { toSI } from '../../core/quantity.js';
import { readNpy } from '../../data/npy.js';
import { readNir } from '../../nir/reader.js';
import { writeNir } from '../../nir/writer.js';
import { nirToNetwork } from '../../nir/toNetwork.js';
import { networkToNir } from '../../nir/fromNetwork.js';
import { runNirGraph } from '../../nir/runGraph.js';
import { flattenGraph } from '../../nir/flatten.js';
import { inferShapes } from '../../nir/shapes.js';
import { atomicWriteFile } from '../../sim/serialize.js';
import { loadNetwork } from '../../sim/saveNetwork.js';
import { Network } from '../../sim/Network.js';
import { source } from '../../neurons/source.js';
import { lif } from '../../neurons/lif.js';
import { dense } from '../../synapses/dense.js';

/** Built-in networks `nir export --builtin` can write (`--network` takes a file written by `saveNetwork`). */
const BUILTIN: Record<string, { describe: string; build: () => Network }> = {
  'lif-task': {
    describe: "the NIR paper's single-LIF task: input → weight 1 → LIF (τ 2.5 ms, threshold 0.1)",
    build: () => {
      const net = new Network();
      net.population('input', 1, source());
      net.population('lif', 1, lif({ tau: 0.0025, vThresh: 0.1, vReset: 0, R: 1 }));
      net.connect('input', 'lif', dense({ weights: [1] }));
      return net;
    },
  },
};

/** Rows of numbers from a CSV (no header; commas, semicolons or whitespace) or a 1-D/2-D .npy file. */
export function readInputRows(path: string, columns?: readonly number[]): Float64Array[] {
  let rows: Float64Array[];
  if (path.endsWith('.npy')) {
    const a = readNpy(readFileSync(path), path);
    if (a.shape.length > 2) throw new SpecError('nir run --input', `${path} has shape (${a.shape.join(', ')}); give steps × inputs`);
    const w = a.shape.length === 2 ? a.shape[1]! : 1;
    rows = Array.from({ length: a.shape[0] ?? 1 }, (_, t) => a.data.slice(t * w, (t + 1) * w));
  } else {
    rows = readFileSync(path, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).map((l, t) => {
      const cells = l.split(/[,;\s]+/).map(Number);
      const bad = cells.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) throw new SpecError(`nir run --input ${path}`, `line ${t + 1}, column ${bad + 1} is not a number`);
      return Float64Array.from(cells);
    });
  }
  if (!columns) return rows;
  return rows.map((r, t) => Float64Array.from(columns, (c) => {
    if (c >= r.length) throw new SpecError('nir run --columns', `row ${t + 1} has ${r.length} columns, column ${c} asked for`);
    return r[c]!;
  }));
}

function summary(data: Float64Array): string {
  if (data.length <= 4) return `[${Array.from(data, (x) => +x.toPrecision(6)).join(', ')}]`;
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of data) {
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  return lo === hi ? `all ${+lo.toPrecision(6)}` : `${+lo.toPrecision(4)} … ${+hi.toPrecision(4)}`;
}

/** `neurostream nir info | run | export`: inspect, run and write NIR graphs. */
export function registerNir(program: Command): void {
  const nir = program.command('nir').description('NIR graphs (.nir): inspect, run, export');
  nir
    .command('info')
    .description('print a .nir file: version, nodes (type, shapes, parameters), edges')
    .argument('<file>', '.nir file')
    .action(async (file: string) => {
      const doc = await readNir(readFileSync(file), { file });
      const flat = flattenGraph(doc.graph, file);
      const shapes = inferShapes(flat, file);
      console.log(`${file}: NIR ${doc.version}, ${flat.nodes.size} nodes, ${flat.edges.length} edges`);
      for (const [name, n] of flat.nodes) {
        const s = shapes.get(name)!;
        console.log(`  ${name}: ${n.type}  [${s.input.join(', ')}] → [${s.output.join(', ')}]`);
        for (const [f, t] of Object.entries(n.params)) console.log(`    ${f} (${t.shape.join('×') || 'scalar'}): ${summary(t.data)}`);
        for (const [k, v] of Object.entries(n.metadata)) if (k.startsWith('neurostream.')) console.log(`    note ${k}: ${typeof v === 'string' ? v : summary(v.data)}`);
      }
      console.log('edges:');
      for (const [a, b] of flat.edges) console.log(`  ${a} -> ${b}`);
    });
  nir
    .command('run')
    .description('run a .nir file on input rows (one per step) and write its Output nodes per step as CSV')
    .argument('<file>', '.nir file')
    .requiredOption('--input <file>', 'input values: CSV (one row per step) or .npy (steps × inputs)')
    .option('--columns <list>', 'use these 0-based input columns (e.g. 0 for the first)')
    .option('--dt <step>', "simulation step, with a unit ('0.1 ms') or in seconds", '0.1 ms')
    .option('--reset <convention>', "LIF/IF/CubaLIF reset: 'exact' (at the crossing inside the step) or 'step'", 'exact')
    .option('--record <nodes>', 'also record these nodes (comma-separated NIR names): v for neurons')
    .option('--out <file>', 'CSV to write (default: standard output)')
    .action(async (file: string, opts: { input: string; columns?: string; dt: string; reset: string; record?: string; out?: string }) => {
      const dt = toSI('nir run --dt', opts.dt, 'time');
      if (opts.reset !== 'exact' && opts.reset !== 'step') throw new SpecError('nir run --reset', `expected 'exact' or 'step', got '${opts.reset}'`);
      const columns = opts.columns?.split(',').map((c) => {
        const k = Number(c);
        if (!Number.isInteger(k) || k < 0) throw new SpecError('nir run --columns', `'${c}' is not a column index`);
        return k;
      });
      const doc = await readNir(readFileSync(file), { file });
      const imp = nirToNetwork(doc.graph, { dt, reset: opts.reset, file });
      const table = runNirGraph(imp, readInputRows(opts.input, columns), { dt, record: opts.record?.split(',').filter((s) => s) });
      const csv = `${['t', ...table.columns].join(',')}\n${table.rows.map((r, t) => [((t + 1) * dt).toPrecision(10), ...Array.from(r, (x) => String(x))].join(',')).join('\n')}\n`;
      if (opts.out) {
        atomicWriteFile(opts.out, csv);
        console.error(`${table.rows.length} steps of ${dt} s → ${opts.out} (${table.columns.length} columns)`);
      } else process.stdout.write(csv);
    });
  nir
    .command('export')
    .description(`write a saved network (saveNetwork's file) or a built-in one (${Object.keys(BUILTIN).join(', ')}) as a .nir file`)
    .option('--network <file>', 'a network file written by saveNetwork (format neurostream.network)')
    .option('--builtin <name>', `network to export: ${Object.entries(BUILTIN).map(([k, v]) => `${k} (${v.describe})`).join('; ')}`)
    .requiredOption('--out <file>', '.nir file to write')
    .option('--dt <step>', "simulation step for projection delays, with a unit ('0.1 ms')", '0.1 ms')
    .option('--custom', 'write units without a NIR node (ReSU, Wuxing, FF) as marked custom nodes', false)
    .action(async (opts: { network?: string; builtin?: string; out: string; dt: string; custom: boolean }) => {
      if ((opts.network === undefined) === (opts.builtin === undefined)) {
        throw new SpecError('nir export', 'give exactly one of --network <file> and --builtin <name>');
      }
      let net: Network;
      if (opts.network !== undefined) net = loadNetwork(opts.network).network;
      else {
        const entry = BUILTIN[opts.builtin!];
        if (!entry) throw new SpecError('nir export --builtin', `'${opts.builtin}' is not a built-in network (have: ${Object.keys(BUILTIN).join(', ')})`);
        net = entry.build();
      }
      const graph = networkToNir(net, { dt: opts.dt, custom: opts.custom });
      atomicWriteFile(opts.out, await writeNir(graph, { file: opts.out }));
      console.log(`${opts.out}: ${Object.keys(graph.nodes).length} nodes, ${graph.edges.length} edges`);
    });
}
