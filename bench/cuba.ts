/**
 * CUBA (Brian2's example network, 4000 LIF) on the cpu and wasm backends vs Brian2's numpy,
 * cython and cpp_standalone targets run in the same invocation: seconds per simulated
 * second, medians of `--repeats` runs, with the 1-minute load average beside each figure.
 * Ours and numpy/cython are CPU seconds of the process (process.cpuUsage, process_time), the
 * fairest figure on a shared machine; cpp_standalone is the wall time of its run loop as the
 * compiled program measures it (its process CPU time would include set-up).
 *   npx tsx bench/cuba.ts [--seconds 1] [--repeats 3] [--no-peer]
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Simulator, cubaNetwork } from '../src/index.js';
import { argFlag, argValue } from './lib/args.js';
import { findPython, report, runPython, type BenchRow } from './lib/report.js';

const seconds = Number(argValue('seconds', '1'));
const repeats = Number(argValue('repeats', '3'));
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () => loadavg()[0]!;

interface Run {
  cpu: number;
  wall: number;
  events: number;
  rate: number;
  load: number;
}

function ours(backend: string, seed: number): Run {
  const net = cubaNetwork();
  const sim = new Simulator(net, { dt: 1e-4, seed, backend });
  sim.run(null, 0.1, { record: 'none' }); // warm up on the same code path: V8's JIT and its wasm tier-up (10 steps left the first timed run ~1.7× slower)
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = sim.run(null, seconds, { record: 'none' });
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  // Events = Σ over spikes of the firing unit's out-degree.
  let events = 0;
  let spikes = 0;
  for (const proj of net.projections) {
    const syn = proj.synapses as unknown as { rowPtr: Int32Array };
    const counts = r.spikeCounts.get(proj.pre.name)!;
    for (let i = 0; i < counts.length; i++) events += counts[i]! * (syn.rowPtr[i + 1]! - syn.rowPtr[i]!);
  }
  for (const x of r.spikeCounts.values()) for (const v of x) spikes += v;
  return { cpu: (c.user + c.system) / 1e6, wall, events, rate: spikes / 4000 / seconds, load: load() };
}

interface Figure {
  perSecond: number;
  /** Median wall seconds per simulated second. */
  wallPerSecond: number;
  load: number;
  rate: number;
  events: number;
}

function summarise(runs: Run[], pick: (r: Run) => number): Figure {
  return {
    perSecond: med(runs.map(pick)) / seconds,
    wallPerSecond: med(runs.map((r) => r.wall)) / seconds,
    load: med(runs.map((r) => r.load)),
    rate: runs.reduce((s, r) => s + r.rate, 0) / runs.length,
    events: med(runs.map((r) => r.events / pick(r))),
  };
}

const figures: Record<string, Figure> = {};
for (const backend of ['cpu', 'wasm']) {
  const runs = Array.from({ length: repeats }, (_, k) => ours(backend, k + 1));
  figures[backend] = summarise(runs, (r) => r.cpu);
  console.log(`neurostream ${backend}: ${runs.map((r) => `${r.cpu.toFixed(3)} s CPU (${r.wall.toFixed(3)} wall, load ${r.load.toFixed(1)})`).join(', ')}; rate ${figures[backend]!.rate.toFixed(2)} Hz`);
}

const notes: string[] = [
  `${repeats} runs of ${seconds} s simulated at dt 0.1 ms, median; mean rate ${figures.wasm!.rate.toFixed(2)} Hz`,
  'timings under load: the 2-core machine was shared with other jobs (load = 1-minute load average, median over the runs)',
];
const python = argFlag('no-peer') ? null : findPython(['brian2']);
const peers: Record<string, Figure> = {};
if (python) {
  for (const target of ['numpy', 'cython', 'cpp_standalone']) {
    try {
      const res = runPython(python, resolve('bench/peers/brian2_cuba.py'), ['--target', target, '--seeds', Array.from({ length: repeats }, (_, k) => k + 1).join(','), '--duration', String(seconds)], target === 'numpy' ? 600_000 : 1_800_000); // compiling under load is slow
      if (res.length === 0) throw new Error('no output');
      const runs: Run[] = res.map((r) => ({ cpu: Number(r.cpu_s ?? r.wall_s), wall: Number(r.wall_s), events: Number(r.events), rate: Number(r.rate_hz), load: Number(r.load1) }));
      peers[target] = summarise(runs, target === 'cpp_standalone' ? (r) => r.wall : (r) => r.cpu);
      console.log(`Brian2 ${target}: ${runs.map((r) => `${(target === 'cpp_standalone' ? r.wall : r.cpu).toFixed(3)} s (load ${r.load.toFixed(1)})`).join(', ')}; rate ${peers[target]!.rate.toFixed(2)} Hz`);
    } catch (e) {
      notes.push(`Brian2 ${target} target did not run: ${(e as Error).message.split('\n')[0]}`);
    }
  }
} else notes.push('Brian2 not found (apt-get install python3-brian): no peer figures this run');

// cpp_standalone's figure is wall time, which a loaded machine inflates; ours is CPU time, which
// it does not: the wall-to-wall ratio from the same runs goes in the notes beside it.
const cpp = peers.cpp_standalone;
if (cpp) notes.push(`wall against wall: wasm ${figures.wasm!.wallPerSecond.toFixed(3)} s per simulated s vs cpp_standalone ${cpp.wallPerSecond.toFixed(3)}: ×${(cpp.wallPerSecond / figures.wasm!.wallPerSecond).toFixed(2)}`);

const rows: Omit<BenchRow, 'speedup'>[] = [];
const measure = (t: string) => (t === 'cpp_standalone' ? 'run-loop wall s' : 'CPU s');
for (const backend of ['wasm', 'cpu']) {
  const f = figures[backend]!;
  for (const target of ['numpy', 'cython', 'cpp_standalone']) {
    const p = peers[target];
    rows.push({
      name: `CUBA 4000 LIF, ${backend} backend, CPU s per simulated s (load ${f.load.toFixed(1)}) vs Brian2 ${target}, ${measure(target)} (load ${p ? p.load.toFixed(1) : '—'})`,
      value: f.perSecond,
      unit: 's/s',
      higherIsBetter: false,
      ...(p ? { peer: `Brian2 2.5 ${target}`, peerValue: p.perSecond } : {}),
    });
  }
}
rows.push({ name: `CUBA synaptic events per CPU second, wasm backend (load ${figures.wasm!.load.toFixed(1)})`, value: figures.wasm!.events, unit: 'events/s', higherIsBetter: true, ...(peers.numpy ? { peer: 'Brian2 numpy', peerValue: peers.numpy.events } : {}) });
report('cuba', rows, notes);
