import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DrosophilaMotion, FileFormatError, SUBTYPES, deadLeaves, contrastScene, type Scene } from '../../src/index.js';
import { loadScene } from '../../src/node.js';
import { bundledImages } from '../../src/data/bundledImages.js';

// A small but complete training run: every bundled image, the reference recipe
// (lamina m = h = 50; T4/T5 on the six channels at t, future at t + 5; 13 px spacing).
const TRAIN = { steps: 900, rows: 16, seed: 1 };
const PIXELS = 8;
let scenes: Scene[];
let fly: DrosophilaMotion;

/** DSI of every subtype at the best of a few temporal frequencies (λ = 4 receptors). */
function bestDsi(f: DrosophilaMotion, wavelength = 4, frequencies = [8, 12, 16]) {
  const runs = frequencies.map((tf) => ({ tf, r: f.gratingSelectivity({ wavelength, temporalFrequency: tf }) }));
  return Object.fromEntries(
    SUBTYPES.map((s) => {
      const best = runs.reduce((a, b) => (Math.abs(b.r[s].dsi) > Math.abs(a.r[s].dsi) ? b : a));
      return [s, { dsi: best.r[s].dsi, tf: best.tf }];
    }),
  ) as Record<(typeof SUBTYPES)[number], { dsi: number; tf: number }>;
}

function withoutThreshold<T>(f: DrosophilaMotion, run: () => T): T {
  const t = SUBTYPES.map((s) => f.circuit.detectorModels[s].parameters.threshold);
  const saved = t.map((a) => a[0]!);
  t.forEach((a) => (a[0] = 0));
  try {
    return run();
  } finally {
    t.forEach((a, k) => (a[0] = saved[k]!));
  }
}

beforeAll(() => {
  scenes = bundledImages().map((p) => loadScene(p));
  fly = new DrosophilaMotion({ pixels: PIXELS }).train(scenes, TRAIN);
});

describe('drosophilaMotion: trained by simulating it on natural scenes', () => {
  it('learns a low-pass L3 filter and a derivative-like L1/L2 filter', () => {
    const [r1, r2] = fly.training!.lamina.zeroFrequencyRatio;
    expect(r1).toBeGreaterThanOrEqual(0.4);
    expect(r2).toBeLessThanOrEqual(0.1);
  });

  it('T4a/T5a prefer +1, T4b/T5b prefer −1 with |DSI| ≥ 0.3 (threshold from training statistics)', () => {
    const d = bestDsi(fly);
    expect(d.T4a.dsi).toBeGreaterThanOrEqual(0.3);
    expect(d.T5a.dsi).toBeGreaterThanOrEqual(0.3);
    expect(d.T4b.dsi).toBeLessThanOrEqual(-0.3);
    expect(d.T5b.dsi).toBeLessThanOrEqual(-0.3);
  });

  it('keeps the sign with |DSI| ≥ 0.1 without any threshold', () => {
    const d = withoutThreshold(fly, () => bestDsi(fly));
    expect(d.T4a.dsi).toBeGreaterThanOrEqual(0.1);
    expect(d.T5a.dsi).toBeGreaterThanOrEqual(0.1);
    expect(d.T4b.dsi).toBeLessThanOrEqual(-0.1);
    expect(d.T5b.dsi).toBeLessThanOrEqual(-0.1);
  });

  it('splits ON and OFF: ON edges drive T4 more than T5, OFF edges T5 more than T4', () => {
    const e = fly.edgeResponses(20);
    for (const [t4, t5] of [['T4a', 'T5a'], ['T4b', 'T5b']] as const) {
      expect(e.on[t4]).toBeGreaterThan(e.on[t5]);
      expect(e.off[t5]).toBeGreaterThan(e.off[t4]);
    }
  });

  it('saves and loads to identical responses; a corrupted file names the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fly-'));
    const path = join(dir, 'drosophila-motion.json');
    await fly.save(path);
    const back = await DrosophilaMotion.load(path);
    const a = fly.gratingSelectivity({ wavelength: 4, temporalFrequency: 8 });
    const b = back.gratingSelectivity({ wavelength: 4, temporalFrequency: 8 });
    for (const s of SUBTYPES) expect(b[s].responses).toEqual(a[s].responses);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    json.detectors.T4a.filters = json.detectors.T4a.filters.slice(0, 12);
    writeFileSync(path, JSON.stringify(json));
    await expect(DrosophilaMotion.load(path)).rejects.toThrow(FileFormatError);
    await expect(DrosophilaMotion.load(path)).rejects.toThrow(/detectors\.T4a\.filters/);
    json.settings.pixels = 'many';
    writeFileSync(path, JSON.stringify(json));
    await expect(DrosophilaMotion.load(path)).rejects.toThrow(/field settings\.pixels/);
    writeFileSync(path, '{"format": "neurostream/drosophila-motion",');
    await expect(DrosophilaMotion.load(path)).rejects.toThrow(/JSON/);
  });

  it('is deterministic: the same seed learns the same filters', () => {
    const again = new DrosophilaMotion({ pixels: PIXELS }).train(scenes.slice(0, 2), { ...TRAIN, steps: 400 });
    const twice = new DrosophilaMotion({ pixels: PIXELS }).train(scenes.slice(0, 2), { ...TRAIN, steps: 400 });
    expect(Array.from(twice.circuit.detectorModels.T4a.parameters.filters)).toEqual(Array.from(again.circuit.detectorModels.T4a.parameters.filters));
  });
});

describe('drosophilaMotion: held out', () => {
  it('trained without one image, and on dead leaves only, every subtype keeps its sign with |DSI| ≥ 0.2 on wavelengths not used to tune anything', () => {
    const leaves = [1, 2, 3].map((seed) => contrastScene(deadLeaves({ seed, width: 512, height: 128 }), {}, `dead leaves ${seed}`));
    for (const training of [scenes.slice(1), leaves]) {
      const f = new DrosophilaMotion({ pixels: PIXELS }).train(training, TRAIN);
      const tf = bestDsi(f);
      // One run per (wavelength, frequency) serves every subtype tested at it: a run measures all four.
      const runs = new Map<string, ReturnType<typeof f.gratingSelectivity>>();
      const grating = (wavelength: number, temporalFrequency: number) => {
        const key = `${wavelength}/${temporalFrequency}`;
        if (!runs.has(key)) runs.set(key, f.gratingSelectivity({ wavelength, temporalFrequency }));
        return runs.get(key)!;
      };
      for (const wavelength of [6, 8]) {
        for (const s of SUBTYPES) {
          const r = grating(wavelength, tf[s].tf)[s];
          expect(Math.sign(r.dsi)).toBe(s.endsWith('a') ? 1 : -1);
          expect(Math.abs(r.dsi)).toBeGreaterThanOrEqual(0.2);
        }
      }
    }
  });
});
