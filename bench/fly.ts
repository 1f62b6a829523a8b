/**
 * The fly motion pathway: simulation speed (64-pixel row, all subtypes), the main job's
 * wall time, and the held-out experiments of the Drosophila issue (leave one image out,
 * dead leaves only: grating DSI on wavelengths not used for tuning, DSI on scans of the
 * left-out image at several speeds), for the reference recipe and the lagged detectors.
 *   npx tsx bench/fly.ts [--quick]   @slow (about 10 minutes on 2 cores)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DrosophilaMotion, SUBTYPES, Simulator, contrastScene, deadLeaves, evaluateFly, gratings, type Scene } from '../src/index.js';
import { bundledImages } from '../src/data/bundledImages.js';
import { atomicWriteFile, loadScene } from '../src/node.js';
import { report, type BenchRow } from './lib/report.js';

const quick = process.argv.includes('--quick');
const rows: Omit<BenchRow, 'speedup'>[] = [];
const notes: string[] = [];

// 1. Simulation speed: a trained 64-pixel circuit watching a grating, learning off.
{
  const scenes = bundledImages().map((p) => loadScene(p));
  const fly = new DrosophilaMotion({ pixels: 64 }).train(scenes.slice(0, 2), { steps: 600, rows: 8 });
  for (const batch of [1, 16]) {
    const sim = new Simulator(fly.network, { dt: fly.dt, batch, checkFinite: 0 });
    const stim = gratings({ wavelength: 4, temporalFrequency: 4 });
    sim.run(stim, 1, { record: 'none', learn: false });
    const t0 = performance.now();
    const seconds = 20;
    sim.run(stim, seconds, { record: 'none', learn: false });
    const wall = (performance.now() - t0) / 1000;
    rows.push({ name: `fly circuit, 64 pixels, all subtypes, batch ${batch}: simulated s per wall s (× batch)`, value: (seconds * batch) / wall, unit: '× real time', higherIsBetter: true });
  }
}

// 2. The main job, as a user runs it (built CLI).
if (!quick) {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'fly-job-'));
  const t0 = performance.now();
  execFileSync('node', ['dist/cli/main.js', 'fly', '--quiet', '--out', dir, '--model', join(dir, 'model.json')], { stdio: 'ignore' });
  rows.push({ name: 'neurostream fly (npm start): train, save, test both variants, plots', value: (performance.now() - t0) / 1000, unit: 's wall', higherIsBetter: false });
}

// 3. Held out.
const images = bundledImages();
const all: Scene[] = images.map((p) => loadScene(p));
const leaves = [1, 2, 3, 4].map((seed) => contrastScene(deadLeaves({ seed, width: 512, height: 256 }), {}, `dead-leaves-${seed}`));
const experiments: { name: string; train: Scene[]; test: Scene }[] = [
  ...(quick ? all.slice(0, 1) : all).map((s, k) => ({ name: `without ${s.label.split('/').pop()}`, train: all.filter((_, j) => j !== k), test: s })),
  { name: 'dead leaves only', train: leaves, test: all[0]! },
];
const results: unknown[] = [];
for (const ex of experiments) {
  for (const detectorMemory of [1, 5]) {
    const fly = new DrosophilaMotion({ detectorMemory }).train(ex.train, { steps: quick ? 800 : 2000 });
    const ev = evaluateFly(fly, { wavelengths: [4, 6, 8], scene: ex.test, sceneSpeeds: [0.5, 1, 2, 4] });
    // Wavelengths 6 and 8 are read at the temporal frequency chosen at λ = 4: nothing is tuned on them.
    const untuned = Object.fromEntries(SUBTYPES.map((s) => [s, [6, 8].map((w) => ev.tuning.find((p) => p.subtype === s && p.wavelength === w && p.temporalFrequency === ev.subtypes[s].bestFrequency)!.selectivity.dsi)]));
    const line = SUBTYPES.map((s) => `${s} ${ev.subtypes[s].dsi.toFixed(2)} [λ6/8 ${untuned[s]!.map((x) => x.toFixed(2)).join('/')}] scene ${ev.subtypes[s].scene.map((x) => x.toFixed(2)).join('/')}`).join(' | ');
    console.log(`${ex.name}, ${detectorMemory} lag(s): ${line}`);
    results.push({ experiment: ex.name, detectorMemory, test: ex.test.label, subtypes: ev.subtypes, untunedWavelengths: untuned, sceneSpeeds: ev.sceneSpeeds });
    const minUntuned = Math.min(...SUBTYPES.map((s) => Math.min(...untuned[s]!.map((x) => x * (s.endsWith('a') ? 1 : -1)))));
    const sceneMean = SUBTYPES.reduce((a, s) => a + Math.abs(ev.subtypes[s].scene[1]!), 0) / 4;
    rows.push({ name: `${ex.name}, ${detectorMemory} lag(s): smallest signed DSI at λ 6 and 8`, value: minUntuned, unit: 'DSI', higherIsBetter: true });
    rows.push({ name: `${ex.name}, ${detectorMemory} lag(s): mean |DSI| on the held-out scan at 1 px/step`, value: sceneMean, unit: 'DSI', higherIsBetter: true, note: 'numpy reference recipe: ≈ 0.02–0.06' });
  }
}
notes.push('DSI signed so that +1-direction preference is positive for "a" subtypes; for "b" subtypes the sign is flipped before taking the minimum');
notes.push('per-subtype details of every held-out run: bench/results/fly-heldout.json');
atomicWriteFile('bench/results/fly-heldout.json', `${JSON.stringify({ command: 'npx tsx bench/fly.ts', results }, null, 1)}\n`);
report('fly', rows, notes);
