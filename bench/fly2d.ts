/**
 * The 2-D fly motion pathway's speed on flyvis's eye (radius 15: 721 columns, 631 detector
 * units × 8 subtypes), trained filters from models/drosophila-motion-2d.json, a held-out
 * photograph moving across it: simulated seconds per CPU second (and per wall second,
 * noisy on a shared machine). Goal (issue 18): ≥ 10× real time on the cpu backend.
 *   npx tsx bench/fly2d.ts [--quick]
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DrosophilaMotion2d } from '../src/circuits/drosophila2d/DrosophilaMotion2d.js';
import { bundledImages } from '../src/data/bundledImages.js';
import { loadPng } from '../src/data/png.js';
import { Simulator } from '../src/sim/Simulator.js';
import { contrastImage, hexSceneMotion } from '../src/stimuli/hexSceneMotion.js';
import { report, type BenchRow } from './lib/report.js';

export async function fly2dSpeed(quick: boolean): Promise<Omit<BenchRow, 'speedup'>[]> {
  const rows: Omit<BenchRow, 'speedup'>[] = [];
  const fly = (await DrosophilaMotion2d.load('models/drosophila-motion-2d.json')).withRadius(15);
  const eye = fly.circuit.eye;
  const image = contrastImage(loadPng(bundledImages().find((p) => p.endsWith('camera.png'))!), {}, 'camera.png');
  for (const batch of [1, 4]) {
    const sim = new Simulator(fly.network, { dt: fly.dt, batch, checkFinite: 0 });
    const stim = hexSceneMotion(image, { eye, speedDeg: 50, direction: Array.from({ length: batch }, (_, b) => 90 * b) });
    sim.run(stim, 1, { record: 'none', learn: false });
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const seconds = quick ? 5 : 20;
    sim.run(stim, seconds, { record: 'none', learn: false });
    const cpu = process.cpuUsage(c0);
    const wall = (performance.now() - t0) / 1000;
    // The machine's load beside the figure: CPU seconds also stretch on a crowded machine.
    const what = `2-D fly circuit, radius 15 (${eye.size} columns, ${fly.circuit.units.length} units × 8 subtypes), dt ${fly.dt * 1000} ms, batch ${batch} (load ${loadavg()[0]!.toFixed(1)})`;
    rows.push({ name: `${what}: simulated s per CPU s (× batch)`, value: (seconds * batch) / ((cpu.user + cpu.system) / 1e6), unit: '× real time (CPU)', higherIsBetter: true });
    rows.push({ name: `${what}: simulated s per wall s (× batch)`, value: (seconds * batch) / wall, unit: '× real time (wall)', higherIsBetter: true, note: 'wall time is noisy on a shared machine' });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  report('fly2d', await fly2dSpeed(process.argv.includes('--quick')), ['goal: ≥ 10× real time on the cpu backend (issue 18)']);
}
