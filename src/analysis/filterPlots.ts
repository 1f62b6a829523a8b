import type { LaminaFilters } from '../circuits/drosophila/laminaFilters.js';
import { frequencyGain } from '../math/cca/filterShape.js';
import { seriesRows, type VegaLiteSpec } from './plot.js';
import type { SNRSweepPoint, SNRSwitchResult } from './snrAdaptation.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

function linePanel(title: string, rows: { series: string; x: number; y: number }[], xTitle: string, yTitle: string, extra: Record<string, unknown> = {}) {
  return {
    title,
    width: 300,
    height: 200,
    data: { values: rows },
    mark: { type: 'line', point: false },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle },
      y: { field: 'y', type: 'quantitative', title: yTitle },
      color: { field: 'series', type: 'nominal', title: null, sort: null, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 } },
    },
    ...extra,
  };
}

/** Filters against lag (impulse responses) and their gain spectra. */
export function filterPlot(f: LaminaFilters, labels: string[]): VegaLiteSpec {
  const scaled = (w: Float64Array) => {
    const big = Math.max(...w.map(Math.abs));
    return w.map((v) => v / big);
  };
  const peak = (w: Float64Array) => Math.max(...frequencyGain(w, 128));
  const gain = (w: Float64Array) => frequencyGain(w, 128).map((g) => g / peak(w));
  const omega = Array.from({ length: 128 }, (_, i) => i / 127 / 2);
  const source = labels.length === 1 ? labels[0]!.split('/').pop()! : `${labels.length} scenes`;
  return {
    $schema: SCHEMA,
    title: { text: `Lamina filters learned by past–future CCA (${source})`, subtitle: 'L3 = filter 1 (unrectified); L1 = max(0, filter 2 · p) (ON); L2 = max(0, −filter 2 · p) (OFF)' },
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    hconcat: [
      linePanel('Temporal filters (each scaled to max |w|)', seriesRows({ 'L3 (filter 1)': scaled(f.L3), 'L1 (filter 2, ON)': scaled(f.L1), 'L2 (−filter 2, OFF)': scaled(f.L1).map((v) => -v) }), 'lag (samples before now)', 'weight / max |weight|'),
      linePanel('Gain (normalised to peak)', seriesRows({ 'L3 (filter 1)': gain(f.L3), 'L1/L2 (filter 2)': gain(f.L1) }, omega), 'frequency (cycles / sample)', 'gain / peak gain'),
    ],
  } as VegaLiteSpec;
}

/** Static SNR adaptation (filter 1 at each noise level) and the dynamic re-adaptation after a switch. */
export function snrPlot(sweep: SNRSweepPoint[], switches: (SNRSwitchResult & { from: number; to: number })[], memory: number): VegaLiteSpec {
  const norm = (w: Float64Array) => {
    const big = Math.max(...w.map(Math.abs));
    return w.map((v) => v / big);
  };
  const filters = Object.fromEntries(sweep.map((p) => [`noise std ${p.noiseStd}: minority-sign share ${p.minorityShare[0]!.toFixed(2)}`, norm(p.filters[0]!)]));
  const rows: { series: string; x: number; y: number }[] = [];
  for (const s of switches) s.steps.forEach((t, i) => t >= -5 * memory && rows.push({ series: `noise std ${s.from} → ${s.to}`, x: t / memory, y: s.cosine[i]! }));
  return {
    $schema: SCHEMA,
    title: { text: 'SNR adaptation of the first past filter (rational-quadratic GP)', subtitle: `more noise → fewer lobes; after an abrupt change the forgetting rule (τ = 2(m + h) samples, m = ${memory}) re-adapts` },
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
    hconcat: [
      linePanel('Filter 1 at each noise std (scaled to max |w|)', seriesRows(filters), 'lag (samples before now)', 'weight / max |weight|'),
      {
        title: 'After a switch: cosine with the new batch filter',
        width: 300,
        height: 200,
        layer: [
          {
            data: { values: rows },
            mark: { type: 'line', point: false },
            encoding: {
              x: { field: 'x', type: 'quantitative', title: 'time since the switch (lag lengths m)' },
              y: { field: 'y', type: 'quantitative', title: 'cosine' },
              color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 400 } },
            },
          },
          { data: { values: [{ y: 0.95 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
        ],
      },
    ],
  } as VegaLiteSpec;
}
