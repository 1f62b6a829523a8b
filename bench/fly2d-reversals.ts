/**
 * Where a saved 2-D model's scene selectivity changes sign: each subtype's
 * (R(θ) − R(θ+180°)) / (R(θ) + R(θ+180°)) at its cardinal θ, per held-out photograph and for all
 * together, at the slowest and fastest test speeds, for trials of 1 s from 2 places per image (the
 * measure `fly2d` reports) and 3 s (to tell a short trial's sample of the image from a lasting
 * preference), and 1 s and 3 s from 8 places (more of each image):
 *   npx tsx bench/fly2d-reversals.ts [model.json]
 * Prints one line per image and trial and writes bench/results/fly2d-reversals.json: bench rows
 * (all images together, per subtype, speed and trial) and every line's figures under `perImage`.
 */
import { HELD_OUT_2D } from '../src/cli/commands/fly2d.js';
import { DrosophilaMotion2d } from '../src/circuits/drosophila2d/DrosophilaMotion2d.js';
import { SUBTYPES_2D } from '../src/circuits/drosophila2d/subtypes2d.js';
import { bundledImages } from '../src/data/bundledImages.js';
import { loadPng } from '../src/data/png.js';
import { atomicWriteFile } from '../src/sim/serialize.js';
import { contrastImage } from '../src/stimuli/hexSceneMotion.js';
import { machineDescription, type BenchRow } from './lib/report.js';

const path = process.argv[2] ?? 'models/drosophila-motion-2d.json';
const fly = (await DrosophilaMotion2d.load(path)).withRadius(6);
const test = bundledImages().filter((p) => HELD_OUT_2D.some((h) => p.endsWith(`/${h}`))).map((p) => contrastImage(loadPng(p), {}, p.split('/').pop()!));
const speeds = [5, 10, 100];
const trials = [
  { seconds: 1, starts: 2 },
  { seconds: 3, starts: 2 },
  { seconds: 1, starts: 8 },
  { seconds: 3, starts: 8 },
];
const f = (x: number) => x.toFixed(2);
const perImage = [];
const rows: BenchRow[] = [];
const c0 = process.cpuUsage();
for (const images of [...test.map((t) => [t]), test]) {
  for (const { seconds, starts } of trials) {
    const r = fly.sceneDecoding(images, { speeds, seconds, starts });
    const row = { images: images.map((i) => i.label), seconds, starts, speeds, correctBySpeed: r.correctBySpeed, selectivityBySpeed: r.selectivityBySpeed };
    console.log(`${row.images.join('+')} ${seconds} s × ${starts} places: correct ${r.correctBySpeed.map(f).join('/')} | ${Object.entries(r.selectivityBySpeed).map(([s, v]) => `${s} ${v.map(f).join(' ')}`).join(' | ')}`);
    perImage.push(row);
    if (images.length === test.length) {
      const trial = `${seconds} s trials from ${starts} places per image`;
      for (const s of SUBTYPES_2D) {
        speeds.forEach((v, k) => rows.push({ name: `${s} scene selectivity at ${v}°/s, ${trial}`, value: r.selectivityBySpeed[s][k]!, unit: '(pd − nd)/(pd + nd)', higherIsBetter: true }));
      }
      speeds.forEach((v, k) => rows.push({ name: `decoded within ±45° at ${v}°/s, ${trial}`, value: 100 * r.correctBySpeed[k]!, unit: '%', higherIsBetter: true }));
    }
  }
}
const cpu = process.cpuUsage(c0);
const out = {
  benchmark: 'fly2d-reversals',
  command: `npx tsx bench/fly2d-reversals.ts ${process.argv.slice(2).join(' ')}`.trim(),
  date: new Date().toISOString(),
  machine: machineDescription(),
  rows,
  notes: [
    `model ${path} on an eye of radius 6; held out ${test.map((t) => t.label).join(', ')}; 12 directions; the 1 s × 2 places trial is the measure fly2d reports`,
    `goal (issue 18): no subtype's selectivity below 0 at any speed 5–100°/s; ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU s`,
  ],
  model: path,
  perImage,
};
atomicWriteFile('bench/results/fly2d-reversals.json', `${JSON.stringify(out, null, 2)}\n`);
