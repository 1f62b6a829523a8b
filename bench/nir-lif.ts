/**
 * The NIR paper's single-LIF task: lif_norse.nir imported and driven with lif_exact.csv's input
 * at dt = 0.1 ms, against the exact event-driven solution. Prints, for ours (both reset
 * conventions) and every platform CSV in the data folder: RMS voltage error, spike count, and
 * spike-time differences (ours: times located inside the step, against the paper's exact
 * solver run here; platforms: their CSVs give steps only, so step × dt against the exact step).
 * Accuracy, not speed: the ratio column is the best platform's RMS over ours.
 *   npx tsx bench/nir-lif.ts [--data ../shared/data/nir]
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readNir } from '../src/nir/reader.js';
import { nirToNetwork } from '../src/nir/toNetwork.js';
import { Simulator } from '../src/sim/Simulator.js';
import { StateMonitor } from '../src/sim/monitors/StateMonitor.js';
import { argValue } from './lib/args.js';
import { findPython, report, runPython, type BenchRow } from './lib/report.js';

const data = resolve(argValue('data', ['../shared/data/nir', '../../shared/data/nir'].find((d) => existsSync(`${d}/lif_norse.csv`)) ?? 'test/fixtures/nir'));
const DT = 1e-4;
const csv = (f: string) => readFileSync(resolve(data, f), 'utf8').trim().split('\n').map((l) => l.split(',').map(Number));
const exact = csv('lif_exact.csv');
const exactSteps = exact.flatMap((r, i) => (r[2] === 1 ? [i] : []));
const rms = (v: ArrayLike<number>) => Math.sqrt(exact.reduce((s, r, i) => s + (v[i]! - r[1]!) ** 2, 0) / exact.length);

async function ours(reset: 'exact' | 'step') {
  const doc = await readNir(readFileSync(resolve(data, 'lif_norse.nir')), { file: 'lif_norse.nir' });
  const imp = nirToNetwork(doc.graph, { reset });
  const sim = new Simulator(imp.network, { dt: DT });
  const pop = imp.populations.get('1')!;
  const v = sim.add(new StateMonitor(pop, 'v'));
  const tf = sim.add(new StateMonitor(pop, 'tf'));
  const c0 = process.cpuUsage();
  sim.runSteps({ [imp.inputs[0]!]: (s: number, _dt: number, out: Float32Array) => { out[0] = exact[s]![0]!; } }, exact.length);
  const cpu = process.cpuUsage(c0);
  const t = tf.trace(0);
  const spikes = Array.from(t).flatMap((x, i) => (x >= 0 ? [i * DT + x] : []));
  return { rms: rms(v.trace(0)), spikes, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const exactTimes = (() => {
  const py = findPython(['numpy']);
  if (!py || !existsSync(resolve(data, 'lif_exact_sim.py'))) return null;
  return runPython(py, 'bench/peers/nir_lif_exact_spikes.py', [data])[0]!.spikes as number[];
})();

const rows: Omit<BenchRow, 'speedup'>[] = [];
const notes: string[] = [`data: ${data}; exact spikes at steps ${exactSteps.join(', ')}`];
const platforms = ['norse', 'rockpool', 'nengo', 'snntorch', 'spinnaker2'].filter((p) => existsSync(resolve(data, `lif_${p}.csv`)));
const platform = platforms.map((p) => {
  const d = csv(`lif_${p}.csv`);
  const steps = d.flatMap((r, i) => (r[2] === 1 ? [i] : []));
  const worst = steps.length === exactSteps.length ? Math.max(...steps.map((s, k) => Math.abs(s - exactSteps[k]!) * DT)) : Number.NaN;
  return { p, rms: rms(d.map((r) => r[1]!)), count: steps.length, worst };
});
if (platform.length === 0) throw new Error(`no platform CSVs (lif_<platform>.csv) in ${data}; pass --data <folder>`);
const best = platform.reduce((a, b) => (b.rms < a.rms ? b : a));
for (const reset of ['exact', 'step'] as const) {
  const r = await ours(reset);
  const dtimes = exactTimes && r.spikes.length === exactTimes.length ? Math.max(...r.spikes.map((t, k) => Math.abs(t - exactTimes[k]!))) : Number.NaN;
  rows.push({ name: `ours (reset '${reset}'): RMS error vs lif_exact`, value: r.rms, unit: 'V', higherIsBetter: false, peer: `${best.p} (best platform)`, peerValue: best.rms,
    note: `${r.spikes.length}/${exactSteps.length} spikes, worst spike-time difference ${Number.isNaN(dtimes) ? 'n/a' : `${dtimes.toExponential(2)} s`}, ${r.cpuMs.toFixed(1)} ms CPU` });
}
for (const q of platform) {
  rows.push({ name: `${q.p}: RMS error vs lif_exact`, value: q.rms, unit: 'V', higherIsBetter: false,
    note: `${q.count}/${exactSteps.length} spikes, worst spike-step difference ${Number.isNaN(q.worst) ? 'n/a (count differs)' : `${q.worst.toExponential(2)} s`}` });
}
if (exactTimes) notes.push(`exact spike times (paper's solver): ${exactTimes.map((t) => t.toFixed(9)).join(', ')} s`);
report('nir-lif', rows, notes);
