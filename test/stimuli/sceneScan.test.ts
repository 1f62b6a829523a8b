import { describe, expect, it } from '@jest/globals';
import { Network, SpecError, Simulator, contrastScene, deadLeaves, sampleRow, sceneScan, scanSeries, source, type GrayImage, type Scene } from '../../src/index.js';

/** A scene whose row y holds x + 100·y (no blur, no contrast transform), to read positions back. */
function ramp(width: number, height: number): Scene {
  const rows = new Float64Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rows[y * width + x] = x + 100 * y;
  return { width, height, rows, label: 'ramp' };
}

function frames(stim: ReturnType<typeof sceneScan>, steps: number, width: number, batch = 1): Float32Array[] {
  return Array.from({ length: steps }, (_, s) => {
    const out = new Float32Array(width * batch);
    stim.frame(s, 1, out, width, batch);
    return out;
  });
}

describe('contrast scenes', () => {
  it('z-scores every row of contrast and blurs with the acceptance Gaussian', () => {
    const img: GrayImage = { width: 64, height: 4, data: Float64Array.from({ length: 256 }, (_, k) => 0.2 + 0.6 * ((k % 64) >= 32 ? 1 : 0)) };
    const sharp = contrastScene(img, { blur: 0 });
    const soft = contrastScene(img, { blur: 3 });
    for (const sc of [sharp, soft]) {
      const row = sc.rows.subarray(64, 128);
      const mean = row.reduce((s, v) => s + v, 0) / 64;
      const sd = Math.sqrt(row.reduce((s, v) => s + (v - mean) ** 2, 0) / 64);
      expect(mean).toBeCloseTo(0, 10);
      expect(sd).toBeCloseTo(1, 10);
    }
    // The edge between pixels 31 and 32: a jump without blur, a ramp with it.
    expect(sharp.rows[32]! - sharp.rows[31]!).toBeCloseTo(2, 6);
    expect(soft.rows[32]! - soft.rows[31]!).toBeLessThan(0.5);
  });
});

describe('sceneScan stimulus', () => {
  it('adjacent receptors see the same scan offset by spacing / speed steps, in the chosen direction', () => {
    const scene = ramp(200, 3);
    const f = frames(sceneScan(scene, { pxPerStep: 1, spacing: 13, rows: [1], start: 50 }), 40, 3);
    // +1: the pattern moves toward higher receptor indices, so receptor 1 sees at t + 13 what receptor 0 saw at t.
    for (let t = 0; t < 20; t++) {
      expect(f[t + 13]![1]).toBeCloseTo(f[t]![0]!, 4);
      expect(f[t + 13]![2]).toBeCloseTo(f[t]![1]!, 4);
    }
    const back = frames(sceneScan(scene, { pxPerStep: 1, spacing: 13, rows: [1], start: 50, direction: -1 }), 40, 3);
    for (let t = 0; t < 20; t++) expect(back[t + 13]![0]).toBeCloseTo(back[t]![1]!, 4);
  });

  it('interpolates between pixels at sub-pixel speeds and mirrors the row at its ends', () => {
    const scene = ramp(10, 1);
    expect(sampleRow(scene, 0, 3.25)).toBeCloseTo(3.25, 12);
    expect(sampleRow(scene, 0, 10)).toBe(9); // mirrored: … 8 9 | 9 8 …
    expect(sampleRow(scene, 0, -1)).toBe(0);
    expect(sampleRow(scene, 0, 20)).toBe(0); // period 2·width
    const f = frames(sceneScan(scene, { pxPerStep: 0.5, spacing: 1, rows: [0], start: 6 }), 3, 1);
    expect(Array.from(f, (x) => x[0])).toEqual([6, 5.5, 5]);
  });

  it('scans one row per batch copy and adds seeded, reproducible noise', () => {
    const scene = ramp(100, 5);
    const clean = frames(sceneScan(scene, { rows: [0, 3], spacing: 1 }), 2, 4, 2);
    expect(clean[0]![4]! - clean[0]![0]!).toBeCloseTo(300, 6);
    const a = frames(sceneScan(scene, { rows: [0, 3], spacing: 1, noiseStd: 0.05, seed: 7 }), 5, 4, 2);
    const b = frames(sceneScan(scene, { rows: [0, 3], spacing: 1, noiseStd: 0.05, seed: 7 }), 5, 4, 2);
    const c = frames(sceneScan(scene, { rows: [0, 3], spacing: 1, noiseStd: 0.05, seed: 8 }), 5, 4, 2);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(Math.abs(a[1]![2]! - clean[1]![2]!)).toBeLessThan(0.3);
  });

  it('moves each batch copy on to another row every rowEvery steps', () => {
    const scene = ramp(50, 4);
    const f = frames(sceneScan(scene, { rows: [0, 1, 2, 3], spacing: 1, rowEverySteps: 2 }), 5, 1, 2);
    // Batch copy b scans rows[b + batch·round]: rows 0/1, then 2/3, then 0/1 again.
    expect(Array.from(f, (x) => Math.round(x[0]! / 100))).toEqual([0, 0, 2, 2, 0]);
    expect(Array.from(f, (x) => Math.round(x[1]! / 100))).toEqual([1, 1, 3, 3, 1]);
  });

  it('feeds a source population through the simulator', () => {
    const net = new Network();
    const R = net.population('R', 4, source());
    const sim = new Simulator(net, { dt: 1, batch: 2 });
    const scene = contrastScene(deadLeaves({ width: 128, height: 64, seed: 1 }));
    const r = sim.runSteps(sceneScan(scene, { pxPerStep: 1, spacing: 5, noiseStd: 0.05, seed: 1 }), 100, { record: ['R'] });
    const x = r.output('R').data;
    expect(x.every(Number.isFinite)).toBe(true);
    expect(new Set(Array.from(x)).size).toBeGreaterThan(100);
    void R;
  });

  it('rejects bad options, naming the field', () => {
    const scene = ramp(10, 2);
    expect(() => sceneScan(scene, { pxPerStep: 0 })).toThrow(/sceneScan\.pxPerStep/);
    expect(() => sceneScan(scene, { rows: [2] })).toThrow(/sceneScan\.rows\[0\]/);
    expect(() => sceneScan(scene, { direction: 2 as 1 })).toThrow(SpecError);
    expect(() => sceneScan(scene, { receptors: 3 }).frame(0, 1, new Float32Array(4), 4, 1)).toThrow(/receptors/);
    expect(() => scanSeries(scene, 5)).toThrow(/scanSeries\.row/);
  });
});

describe('dead leaves', () => {
  it('covers the plane with flat-grey discs, reproducibly', () => {
    const a = deadLeaves({ width: 128, height: 96, seed: 4 });
    const b = deadLeaves({ width: 128, height: 96, seed: 4 });
    expect(a.data).toEqual(b.data);
    expect(a.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    // Plateaus: most horizontally adjacent pixels belong to the same leaf.
    let same = 0;
    for (let y = 0; y < 96; y++) for (let x = 1; x < 128; x++) if (a.data[y * 128 + x] === a.data[y * 128 + x - 1]) same++;
    expect(same / (96 * 127)).toBeGreaterThan(0.7); // i.i.d. pixels would give ≈ 0
    expect(new Set(a.data).size).toBeGreaterThan(20);
    expect(() => deadLeaves({ minRadius: 10, maxRadius: 5 })).toThrow(/maxRadius/);
  });
});
