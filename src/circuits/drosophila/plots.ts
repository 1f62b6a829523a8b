import { linePlot, type VegaLiteSpec } from '../../analysis/plot.js';
import type { SubtypeTuningPoint } from './evaluate.js';
import type { DrosophilaCircuit } from './circuit.js';
import type { InputDecomposition } from './measure.js';
import { CHANNELS, SUBTYPES, laminaInput, type Subtype } from './subtypes.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** The lamina's two learned temporal filters against lag (lag 0 = newest sample). */
export function laminaFiltersPlot(circuit: DrosophilaCircuit, dt: number): VegaLiteSpec {
  const m = circuit.settings.memory;
  const f = circuit.laminaModel.parameters.filters;
  const lagMs = Array.from({ length: m }, (_, l) => l * dt * 1000);
  return linePlot({
    title: 'Lamina filters learned by past–future CCA',
    series: { 'filter 1 → L3 (low-pass)': f.subarray(0, m), 'filter 2 → L1 (ON) / L2 (OFF)': f.subarray(m, 2 * m) },
    x: lagMs,
    xTitle: 'lag (ms into the past)',
    yTitle: 'weight',
  });
}

/** The second canonical filter of each detector: weight per input channel (lag 0, or summed over lags). */
export function detectorWeightsPlot(circuit: DrosophilaCircuit): VegaLiteSpec {
  const rows: { subtype: string; channel: string; weight: number }[] = [];
  for (const s of SUBTYPES) {
    rows.push(...detectorWeights(circuit, s).map((w, c) => ({ subtype: s, channel: channelLabel(s, c), pathway: CHANNELS[c]!.startsWith('L3') ? 'L3' : laminaInput(s), weight: w })));
  }
  return {
    $schema: SCHEMA,
    title: 'T4/T5 spatial weights (component 2 summed over lags, normalised by Σ|w|)',
    data: { values: rows },
    facet: { column: { field: 'subtype', type: 'nominal', title: null } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 150,
      height: 180,
      mark: 'bar',
      encoding: {
        x: { field: 'channel', type: 'nominal', sort: null, title: null },
        y: { field: 'weight', type: 'quantitative' },
        color: { field: 'pathway', type: 'nominal', title: 'input' },
      },
    },
  } as VegaLiteSpec;
}

/** Component-2 weights per channel (summed over lags), normalised by Σ|w|. */
export function detectorWeights(circuit: DrosophilaCircuit, subtype: Subtype): number[] {
  const model = circuit.detectorModels[subtype];
  const m = model.memory;
  const width = CHANNELS.length * m;
  const f = model.parameters.filters.subarray(width, 2 * width);
  const w = CHANNELS.map((_, c) => {
    let s = 0;
    for (let l = 0; l < m; l++) s += f[c * m + l]!;
    return s;
  });
  const total = w.reduce((a, x) => a + Math.abs(x), 0) || 1;
  return w.map((x) => x / total);
}

export function channelLabel(subtype: Subtype, c: number): string {
  return CHANNELS[c]!.replace('Lx', laminaInput(subtype)).replace(/([lcr])$/, ' $1');
}

/** DSI per subtype, with and without the threshold. */
export function dsiPlot(rows: { subtype: Subtype; variant: string; dsi: number }[], title: string): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    title,
    width: 320,
    height: 200,
    data: { values: rows },
    mark: 'bar',
    encoding: {
      x: { field: 'subtype', type: 'nominal', title: null },
      xOffset: { field: 'variant' },
      y: { field: 'dsi', type: 'quantitative', title: 'DSI (+1 direction positive)', scale: { domain: [-1, 1] } },
      color: { field: 'variant', type: 'nominal', title: null, legend: { labelLimit: 400 } },
    },
  } as VegaLiteSpec;
}

/** DSI or preferred-direction response of each subtype against temporal frequency (log axis), one wavelength. */
export function tuningPlot(points: readonly SubtypeTuningPoint[], wavelength: number, what: 'dsi' | 'response'): VegaLiteSpec {
  const own = points.filter((p) => p.wavelength === wavelength);
  const series: Record<string, number[]> = {};
  const value = (p: SubtypeTuningPoint) => (what === 'dsi' ? p.selectivity.dsi : Math.max(p.selectivity.responses.positive, p.selectivity.responses.negative));
  for (const s of SUBTYPES) series[s] = own.filter((p) => p.subtype === s).map(value);
  return linePlot({
    title: `${what === 'dsi' ? 'DSI' : 'Preferred-direction response'} vs temporal frequency (λ = ${wavelength} receptors)`,
    series,
    x: own.filter((p) => p.subtype === SUBTYPES[0]).map((p) => p.temporalFrequency),
    xTitle: 'temporal frequency (Hz)',
    yTitle: what === 'dsi' ? 'DSI' : 'mean response',
    xScale: 'log',
  });
}

/** The paper's Fig. 5C: weighted inputs of one detector over time, preferred vs null direction. */
export function decompositionPlot(d: InputDecomposition, subtype: Subtype, dt: number, steps: number): VegaLiteSpec {
  const rows: { direction: string; channel: string; t: number; value: number }[] = [];
  for (const [direction, data, total] of [
    ['preferred (+1)', d.positive, d.total.positive],
    ['null (−1)', d.negative, d.total.negative],
  ] as const) {
    const n = Math.min(steps, total.length);
    const start = total.length - n;
    for (let t = start; t < total.length; t++) {
      d.channels.forEach((c, k) => rows.push({ direction, channel: c, t: (t - start) * dt * 1000, value: data[k]![t]! }));
      rows.push({ direction, channel: 'sum (z2)', t: (t - start) * dt * 1000, value: total[t]! });
    }
  }
  return {
    $schema: SCHEMA,
    title: `${subtype} inputs weighted by its filter (cf. the ReSU paper's Fig. 5C)`,
    data: { values: rows },
    facet: { row: { field: 'direction', type: 'nominal', title: null } },
    spec: {
      width: 480,
      height: 150,
      mark: 'line',
      encoding: {
        x: { field: 't', type: 'quantitative', title: 'time (ms)' },
        y: { field: 'value', type: 'quantitative', title: 'weighted input' },
        color: { field: 'channel', type: 'nominal', title: null, legend: { labelLimit: 400 } },
        strokeDash: { condition: { test: "datum.channel === 'sum (z2)'", value: [4, 2] }, value: [1, 0] },
      },
    },
  } as VegaLiteSpec;
}
