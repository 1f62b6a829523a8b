/**
 * CUBA (Brian2's example network) in neurostream vs Brian2 run in the same process tree:
 * wall time per simulated second, synaptic events per second, and the ratio.
 *   npx tsx bench/cuba.ts [--seconds 1] [--repeats 3] [--no-peer]
 */
import { resolve } from 'node:path';
import { Simulator, cubaNetwork } from '../src/index.js';
import { findPython, report, runPython, type BenchRow } from './lib/report.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1]! : dflt;
};
const seconds = Number(opt('seconds', '1'));
const repeats = Number(opt('repeats', '3'));

function ours(seed: number): { wall: number; events: number; rate: number; synapses: number } {
  const net = cubaNetwork({ seed });
  const sim = new Simulator(net, { dt: 1e-4, seed });
  sim.run(null, 0.001, { record: 'none' }); // warm up the JIT on the same code path
  const t0 = performance.now();
  const r = sim.run(null, seconds, { record: 'none' });
  const wall = (performance.now() - t0) / 1000;
  // Events = Σ over spikes of the firing unit's out-degree.
  let events = 0;
  let spikes = 0;
  for (const proj of net.projections) {
    const syn = proj.synapses as unknown as { rowPtr: Int32Array };
    const counts = r.spikeCounts.get(proj.pre.name)!;
    for (let i = 0; i < counts.length; i++) events += counts[i]! * (syn.rowPtr[i + 1]! - syn.rowPtr[i]!);
  }
  for (const c of r.spikeCounts.values()) for (const x of c) spikes += x;
  const synapses = net.projections.reduce((s, p) => s + p.weights.length, 0);
  return { wall, events, rate: spikes / 4000 / seconds, synapses };
}

const runs = Array.from({ length: repeats }, (_, k) => ours(k + 1));
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const wall = med(runs.map((r) => r.wall)) / seconds;
const eventsPerS = med(runs.map((r) => r.events / r.wall));
const rate = runs.reduce((s, r) => s + r.rate, 0) / runs.length;
console.log(`neurostream: ${runs.map((r) => r.wall.toFixed(3)).join(', ')} s wall for ${seconds} s; rate ${rate.toFixed(2)} Hz; ${runs[0]!.synapses} synapses`);

const rows: Omit<BenchRow, 'speedup'>[] = [];
const notes: string[] = [`${repeats} runs of ${seconds} s simulated at dt 0.1 ms, median; mean rate ${rate.toFixed(2)} Hz`];
const python = args.includes('--no-peer') ? null : findPython(['brian2']);
const peers: Record<string, { wall: number; events: number; rate: number }> = {};
if (python) {
  for (const target of ['numpy', 'cython']) {
    try {
      const res = runPython(python, resolve('bench/peers/brian2_cuba.py'), ['--target', target, '--seeds', Array.from({ length: repeats }, (_, k) => k + 1).join(','), '--duration', String(seconds)]);
      if (res.length === 0) throw new Error('no output');
      const w = med(res.map((r) => Number(r.wall_s)));
      peers[target] = { wall: w / seconds, events: med(res.map((r) => Number(r.events) / Number(r.wall_s))), rate: res.reduce((s, r) => s + Number(r.rate_hz), 0) / res.length };
      console.log(`Brian2 ${target}: ${res.map((r) => Number(r.wall_s).toFixed(3)).join(', ')} s wall; rate ${peers[target]!.rate.toFixed(2)} Hz`);
    } catch (e) {
      notes.push(`Brian2 ${target} target did not run: ${(e as Error).message.split('\n')[0]}`);
    }
  }
} else notes.push('Brian2 not found (apt-get install python3-brian): no peer figures this run');

for (const target of ['numpy', 'cython']) {
  const p = peers[target];
  rows.push({ name: `CUBA 4000 LIF, wall per simulated second (vs Brian2 ${target})`, value: wall, unit: 's/s', higherIsBetter: false, ...(p ? { peer: `Brian2 2.5 ${target}`, peerValue: p.wall } : {}) });
}
rows.push({ name: 'CUBA synaptic events per wall second', value: eventsPerS, unit: 'events/s', higherIsBetter: true, ...(peers.numpy ? { peer: 'Brian2 numpy', peerValue: peers.numpy.events } : {}) });
report('cuba', rows, notes);
