/**
 * Natural-scene decoding of a saved 2-D model with several population read-outs (the plain
 * vector sum of the eight subtypes, each subtype weighted by 1 / its response spread or its
 * threshold on the training motion, T4 or T5 alone), on the held-out photographs:
 *   npx tsx bench/fly2d-decoding.ts [model.json]
 * Prints one line per read-out and writes bench/results/fly2d-decoding.json.
 */
import { writeFileSync } from 'node:fs';
import { HELD_OUT_2D } from '../src/cli/commands/fly2d.js';
import { DrosophilaMotion2d } from '../src/circuits/drosophila2d/DrosophilaMotion2d.js';
import { SUBTYPES_2D, type Subtype2d } from '../src/circuits/drosophila2d/subtypes2d.js';
import { bundledImages } from '../src/data/bundledImages.js';
import { loadPng } from '../src/data/png.js';
import { contrastImage } from '../src/stimuli/hexSceneMotion.js';

const path = process.argv[2] ?? 'models/drosophila-motion-2d.json';
const fly = (await DrosophilaMotion2d.load(path)).withRadius(6);
const test = bundledImages().filter((p) => HELD_OUT_2D.some((h) => p.endsWith(`/${h}`))).map((p) => contrastImage(loadPng(p), {}, p.split('/').pop()!));
const trained = fly.training?.detectors;
if (!trained) throw new Error(`${path} holds no training report (responseStd, threshold)`);
const by = (f: (s: Subtype2d) => number) => Object.fromEntries(SUBTYPES_2D.map((s) => [s, f(s)])) as Record<Subtype2d, number>;
const readOuts: [string, Record<Subtype2d, number> | undefined][] = [
  ['vector sum', undefined],
  ['each subtype / its response std on the training motion', by((s) => 1 / trained[s].responseStd)],
  ['each subtype / its threshold', by((s) => 1 / trained[s].threshold)],
  ['T4 only', by((s) => (s.startsWith('T4') ? 1 : 0))],
  ['T5 only', by((s) => (s.startsWith('T5') ? 1 : 0))],
];
const results = readOuts.map(([name, weights]) => {
  const r = fly.sceneDecoding(test, weights ? { weights } : {});
  const row = { name, correct: r.correct, correctBySpeed: r.correctBySpeed, speeds: r.speeds, trials: r.trials };
  console.log(`${name}: ${(100 * r.correct).toFixed(1)} % (by speed ${r.correctBySpeed.map((x) => Math.round(100 * x)).join('/')})`);
  return row;
});
writeFileSync('bench/results/fly2d-decoding.json', `${JSON.stringify({ model: path, images: test.map((t) => t.label), results }, null, 2)}\n`);
