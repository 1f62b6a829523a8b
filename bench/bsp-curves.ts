/**
 * Test-accuracy curves of the committed BSP runs side by side (docs/img/bsp-m2-gating.svg).
 *
 *   npx tsx bench/bsp-curves.ts
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeSvg } from '../src/analysis/plot.js';
import { accuracyPlot } from '../src/analysis/accuracyPlot.js';

const runs: [string, string][] = [
  ['paper’s BSP (ungated)', 'bench/results/bsp-m2-dense.json'],
  ['hidden layers gated by the forward gain', 'bench/results/bsp-m2-dense-gated.json'],
];
const series: Record<string, number[]> = {};
let epochs: number[] = [];
for (const [label, path] of runs) {
  if (!existsSync(path)) continue;
  const run = JSON.parse(readFileSync(path, 'utf8')) as { history: { epoch: number; testAccuracy: number }[] };
  series[label] = run.history.map((h) => 100 * h.testAccuracy);
  if (run.history.length > epochs.length) epochs = run.history.map((h) => h.epoch);
}
// Shorter runs are padded with NaN (vega-lite drops them).
for (const k of Object.keys(series)) while (series[k]!.length < epochs.length) series[k]!.push(Number.NaN);
await writeSvg('docs/img/bsp-m2-gating.svg', accuracyPlot('BSP method 2 {784, 300, 300, 10} on MNIST: test accuracy', series, epochs));
console.log('docs/img/bsp-m2-gating.svg', series);
