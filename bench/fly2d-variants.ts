/**
 * Variants of the 2-D fly recipe, each trained on the bundled training images and measured on
 * the held-out ones exactly as `neurostream fly2d` measures the default (the rows of
 * docs/fly.md's "Variants tried" table). One variant per run:
 *   npx tsx bench/fly2d-variants.ts <name> '<circuit options JSON>' ['<training options JSON>']
 * e.g. npx tsx bench/fly2d-variants.ts slow-arm-5 '{"slowArmDelaySteps":[5]}'
 * Prints one summary line and appends the full figures to bench/results/fly2d-variants.jsonl.
 * With no arguments (as `npm run bench` runs it) it measures the default recipe and writes a bench
 * report, bench/results/fly2d-variants.json, instead: the variant rows are not re-appended.
 */
import { appendFileSync } from 'node:fs';
import { report } from './lib/report.js';
import { evaluate2d, HELD_OUT_2D } from '../src/cli/commands/fly2d.js';
import { DrosophilaMotion2d } from '../src/circuits/drosophila2d/DrosophilaMotion2d.js';
import { SUBTYPES_2D } from '../src/circuits/drosophila2d/subtypes2d.js';
import { bundledImages } from '../src/data/bundledImages.js';
import { loadPng } from '../src/data/png.js';
import { contrastImage } from '../src/stimuli/hexSceneMotion.js';

const named = process.argv.length > 2;
const [name = 'default', circuitJson = '{}', trainJson = '{}'] = process.argv.slice(2);
const circuitOptions = JSON.parse(circuitJson) as Record<string, unknown>;
const trainOptions = JSON.parse(trainJson) as Record<string, unknown>;
const isHeld = (p: string) => HELD_OUT_2D.some((h) => p.endsWith(`/${h}`));
const load = (p: string) => contrastImage(loadPng(p), {}, p.split('/').pop()!);
const train = bundledImages().filter((p) => !isHeld(p)).map(load);
const test = bundledImages().filter(isHeld).map(load);

const c0 = process.cpuUsage();
const fly = new DrosophilaMotion2d({ radius: 3, ...circuitOptions }).train(train, { steps: 300, batch: 16, seed: 1, ...trainOptions });
const c1 = process.cpuUsage(c0);
// FLY2D_SAVE=<path> also keeps the trained model for a closer look (filters, correlations).
if (process.env.FLY2D_SAVE) await fly.save(process.env.FLY2D_SAVE);
const r = evaluate2d(fly.withRadius(6), test);
const cpu = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
const offBy = (pd: number, card: number) => Math.abs(((pd - card + 540) % 360) - 180);
const per = SUBTYPES_2D.map((s) => r.subtypes[s]!);
const reversals = SUBTYPES_2D.filter((s) => r.subtypes[s]!.sceneSelectivityBySpeed.some((x) => x < 0)).map((s) => `${s} ${Math.min(...r.subtypes[s]!.sceneSelectivityBySpeed).toFixed(2)}`);
// The sign measure (`sceneSelectivity2d`: 16 places × 3 s, 48 pairs a speed), with its 90 % interval.
const signReversals = SUBTYPES_2D.flatMap((s) => {
  const e = r.subtypes[s]!;
  return e.sceneSignBySpeed.flatMap((x, i) => (x < 0 ? [`${s} ${x.toFixed(2)} [${e.sceneSignLow[i]!.toFixed(2)}, ${e.sceneSignHigh[i]!.toFixed(2)}] at ${r.sceneSign.speeds[i]}°/s`] : []));
});
const summary = {
  name,
  circuitOptions,
  trainOptions,
  gratingDsi: range(per.map((e) => e.grating.dsi)),
  gratingPdOff: Math.max(...per.map((e) => offBy(e.grating.pd, e.cardinal))),
  gratingTwoDirection: range(per.map((e) => e.grating.twoDirection)),
  edgeDsi: range(per.map((e) => e.edge.dsi)),
  edgePdOff: Math.max(...per.map((e) => offBy(e.edge.pd, e.cardinal))),
  polarityRatioMin: Math.min(...per.map((e) => e.polarityRatio)),
  tfOptima: SUBTYPES_2D.map((s) => r.subtypes[s]!.tfOptimum).join('/'),
  decoding: r.scenes.correct,
  decodingBySpeed: r.scenes.correctBySpeed.map((x) => Math.round(100 * x)).join('/'),
  reversals: reversals.join(', ') || 'none',
  signReversals: signReversals.join(', ') || 'none',
  chosenComponents: SUBTYPES_2D.map((s) => fly.circuit.detectorRules[s].lastFit?.chosen[0] ?? '?').join('/'),
  trainCpuS: +cpu(c1).toFixed(1),
  evalCpuS: +(cpu(process.cpuUsage(c0)) - cpu(c1)).toFixed(1),
};
console.log(JSON.stringify(summary));
if (!named) {
  const min = (xs: number[]) => Math.min(...xs);
  const selectivity = SUBTYPES_2D.flatMap((s) => r.subtypes[s]!.sceneSelectivityBySpeed);
  const what = 'default 2-D recipe trained on radius 3, measured on radius 6 (held-out images)';
  report('fly2d-variants', [
    { name: `${what}: natural-scene decoding, 5–100°/s (goal ≥ 80 %)`, value: 100 * r.scenes.correct, unit: '%', higherIsBetter: true, note: `by speed ${summary.decodingBySpeed} %` },
    { name: `${what}: lowest grating vector DSI of the eight (goal ≥ 0.3)`, value: min(per.map((e) => e.grating.dsi)), unit: 'DSI', higherIsBetter: true },
    { name: `${what}: lowest edge vector DSI of the eight (goal ≥ 0.3)`, value: min(per.map((e) => e.edge.dsi)), unit: 'DSI', higherIsBetter: true },
    { name: `${what}: largest PD offset, gratings and edges (goal ≤ 20°)`, value: Math.max(summary.gratingPdOff, summary.edgePdOff), unit: '°', higherIsBetter: false },
    { name: `${what}: lowest own/other edge polarity ratio (goal ≥ 3)`, value: summary.polarityRatioMin, unit: '×', higherIsBetter: true, ...(summary.polarityRatioMin === Infinity ? { note: 'every subtype silent to the other polarity (JSON writes ∞ as null)' } : {}) },
    { name: `${what}: lowest TF optimum at λ 46° (goal 0.5–3 Hz)`, value: min(SUBTYPES_2D.map((s) => r.subtypes[s]!.tfOptimum)), unit: 'Hz', higherIsBetter: true, note: `per subtype ${summary.tfOptima} Hz` },
    { name: `${what}: lowest scene selectivity over subtypes and speeds, decoding trials (1 s × 2 places; goal ≥ 0)`, value: min(selectivity), unit: '(pd − nd)/(pd + nd)', higherIsBetter: true, note: `below 0: ${summary.reversals}` },
    { name: `${what}: lowest scene selectivity over subtypes and speeds, sign measure (3 s × 16 places; goal ≥ 0)`, value: min(SUBTYPES_2D.flatMap((s) => r.subtypes[s]!.sceneSignBySpeed)), unit: '(pd − nd)/(pd + nd)', higherIsBetter: true, note: `below 0 (90 % interval): ${summary.signReversals}` },
  ], [`training ${summary.trainCpuS} CPU s, measures ${summary.evalCpuS} CPU s; named variants append to bench/results/fly2d-variants.jsonl instead`]);
  process.exit(0);
}
appendFileSync('bench/results/fly2d-variants.jsonl', `${JSON.stringify({ ...summary, tf: r.temporal, sceneSelectivity: Object.fromEntries(SUBTYPES_2D.map((s) => [s, r.subtypes[s]!.sceneSelectivityBySpeed])), sceneSign: Object.fromEntries(SUBTYPES_2D.map((s) => { const e = r.subtypes[s]!; return [s, { index: e.sceneSignBySpeed, low: e.sceneSignLow, high: e.sceneSignHigh }]; })), perSubtype: Object.fromEntries(SUBTYPES_2D.map((s) => { const e = r.subtypes[s]!; return [s, { gratingDsi: e.grating.dsi, gratingPd: e.grating.pd, edgeDsi: e.edge.dsi, edgePd: e.edge.pd, polarityRatio: e.polarityRatio }]; })) })}\n`);
