/**
 * Where a saved 2-D model's scene selectivity changes sign: each subtype's
 * (R(θ) − R(θ+180°)) / (R(θ) + R(θ+180°)) at its cardinal θ, per held-out photograph and for all
 * together, at the slowest and fastest test speeds, for trials of 1 s (the measure `fly2d` reports)
 * and 3 s (to tell a short trial's sample of the image from a lasting preference):
 *   npx tsx bench/fly2d-reversals.ts [model.json]
 * Prints one line per image and trial length and writes bench/results/fly2d-reversals.json.
 */
import { writeFileSync } from 'node:fs';
import { HELD_OUT_2D } from '../src/cli/commands/fly2d.js';
import { DrosophilaMotion2d } from '../src/circuits/drosophila2d/DrosophilaMotion2d.js';
import { bundledImages } from '../src/data/bundledImages.js';
import { loadPng } from '../src/data/png.js';
import { contrastImage } from '../src/stimuli/hexSceneMotion.js';

const path = process.argv[2] ?? 'models/drosophila-motion-2d.json';
const fly = (await DrosophilaMotion2d.load(path)).withRadius(6);
const test = bundledImages().filter((p) => HELD_OUT_2D.some((h) => p.endsWith(`/${h}`))).map((p) => contrastImage(loadPng(p), {}, p.split('/').pop()!));
const speeds = [5, 10, 100];
const f = (x: number) => x.toFixed(2);
const rows = [];
for (const images of [...test.map((t) => [t]), test]) {
  for (const seconds of [1, 3]) {
    const r = fly.sceneDecoding(images, { speeds, seconds });
    const row = { images: images.map((i) => i.label), seconds, speeds, correctBySpeed: r.correctBySpeed, selectivityBySpeed: r.selectivityBySpeed };
    console.log(`${row.images.join('+')} ${seconds} s: correct ${r.correctBySpeed.map(f).join('/')} | ${Object.entries(r.selectivityBySpeed).map(([s, v]) => `${s} ${v.map(f).join(' ')}`).join(' | ')}`);
    rows.push(row);
  }
}
writeFileSync('bench/results/fly2d-reversals.json', `${JSON.stringify({ model: path, rows }, null, 2)}\n`);
