import { describe, expect, it } from '@jest/globals';
import { LagCovariance, SeededRandom, SpecError } from '../../../src/index.js';
import { colouredNoise, directCovariance, maxAbsDiff, type DirectWindow } from './directCovariance.js';

const WINDOWS: (DirectWindow & { channels: number })[] = [
  { channels: 1, memory: 4, horizon: 3 },
  { channels: 2, memory: 3, offset: 2 },
  { channels: 6, memory: 1, offset: 5 },
  { channels: 2, memory: 5, horizon: 4 },
  // Lags spaced 3 samples apart: the same structure on a coarser timescale.
  { channels: 1, memory: 4, horizon: 3, stride: 3 },
  { channels: 2, memory: 3, offset: 2, stride: 4 },
  // A future of some channels only (a unit's delayed copies are past, not future).
  { channels: 3, memory: 2, offset: 3, futureChannels: [2, 0] },
  { channels: 3, memory: 2, horizon: 2, futureChannels: [1] },
];

function segments(random: SeededRandom, channels: number, lengths: number[]): Float64Array[][] {
  return lengths.map((n) => Array.from({ length: channels }, () => colouredNoise(n, () => random.normal())));
}

describe('LagCovariance', () => {
  it.each(WINDOWS)('pools whole series exactly like explicit lag vectors (%o)', (w) => {
    const random = new SeededRandom(1, 'lagcov');
    const segs = segments(random, w.channels, [41, 57, 12, 60]); // 12 is shorter than a window
    const acc = new LagCovariance(w);
    for (const s of segs) acc.addSeries(s);
    for (const centred of [true, false]) {
      const got = acc.covariance(centred);
      const ref = directCovariance(segs, w, centred);
      expect(got.count).toBe(ref.count);
      expect(maxAbsDiff(got.Cpp, ref.Cpp)).toBeLessThan(1e-12);
      expect(maxAbsDiff(got.Cpf, ref.Cpf)).toBeLessThan(1e-12);
      expect(maxAbsDiff(got.Cff, ref.Cff)).toBeLessThan(1e-12);
      expect(maxAbsDiff(got.meanPast, ref.meanPast)).toBeLessThan(1e-12);
    }
  });

  it.each(WINDOWS)('streams with forgetting and segment breaks exactly (%o)', (w) => {
    const random = new SeededRandom(2, 'lagcov-stream');
    const segs = segments(random, w.channels, [40, 35, 50]);
    const tau = 15;
    const acc = new LagCovariance({ ...w, forgetting: tau });
    // Global clock of the newest sample of each window, for the reference weights.
    const clockOf: number[][] = [];
    let clock = -1;
    segs.forEach((s, k) => {
      clockOf.push([]);
      for (let u = 0; u < s[0]!.length; u++) {
        acc.push(s.map((ch) => [ch[u]!]));
        clockOf[k]!.push(++clock);
      }
      if (k === 0) acc.endSegment(); // the last segment stays open
      else if (k === 1) acc.endSegment();
    });
    const ref = directCovariance(segs, w, true, (s, t) => Math.exp(-(clock - clockOf[s]![t]!) / tau));
    const got = acc.covariance(true);
    expect(got.count).toBeCloseTo(ref.count, 10);
    expect(maxAbsDiff(got.Cpp, ref.Cpp)).toBeLessThan(1e-12);
    expect(maxAbsDiff(got.Cpf, ref.Cpf)).toBeLessThan(1e-12);
    expect(maxAbsDiff(got.Cff, ref.Cff)).toBeLessThan(1e-12);
  });

  it('pools several streams pushed together', () => {
    const random = new SeededRandom(3, 'lagcov-streams');
    const w = { channels: 2, memory: 3, horizon: 2 };
    const a = segments(random, 2, [30])[0]!;
    const b = segments(random, 2, [30])[0]!;
    const acc = new LagCovariance(w);
    for (let u = 0; u < 30; u++) acc.push([[a[0]![u]!, b[0]![u]!], [a[1]![u]!, b[1]![u]!]]);
    const ref = directCovariance([a, b], w, true);
    const got = acc.covariance(true);
    expect(got.count).toBe(2 * (30 - 4));
    expect(maxAbsDiff(got.Cpf, ref.Cpf)).toBeLessThan(1e-12);
    expect(maxAbsDiff(got.Cpp, ref.Cpp)).toBeLessThan(1e-12);
  });

  it('with a stride reads every k-th sample: the covariance of a subsampled series, windows starting at every sample', () => {
    const random = new SeededRandom(4, 'lagcov-stride');
    const x = colouredNoise(90, () => random.normal());
    const k = 3;
    const strided = new LagCovariance({ memory: 4, horizon: 2, stride: k });
    strided.addSeries(x);
    // The k interleaved subsampled series hold exactly the same windows.
    const plain = new LagCovariance({ memory: 4, horizon: 2 });
    for (let phase = 0; phase < k; phase++) plain.addSeries(x.filter((_, u) => u % k === phase));
    const a = strided.covariance(false);
    const b = plain.covariance(false);
    expect(strided.span).toBe(5 * k + 1);
    expect(a.count).toBe(90 - 5 * k);
    expect(a.count).toBe(b.count);
    expect(maxAbsDiff(a.Cpf, b.Cpf)).toBeLessThan(1e-12);
    expect(maxAbsDiff(a.Cpp, b.Cpp)).toBeLessThan(1e-12);
    // …and not the stride-1 statistics.
    expect(maxAbsDiff(a.Cpf, (() => { const c = new LagCovariance({ memory: 4, horizon: 2 }); c.addSeries(x); return c.covariance(false).Cpf; })())).toBeGreaterThan(1e-3);
    expect(() => new LagCovariance({ memory: 3, horizon: 2, stride: 0 })).toThrow(/stride/);
    expect(() => new LagCovariance({ channels: 2, memory: 3, horizon: 2, futureChannels: [2] })).toThrow(/futureChannels\[0\]/);
    expect(() => new LagCovariance({ channels: 2, memory: 3, horizon: 2, futureChannels: [] })).toThrow(/futureChannels/);
    expect(new LagCovariance({ channels: 3, memory: 2, offset: 1, futureChannels: [1] }).futureSize).toBe(1);
  });

  it('rejects bad windows and mismatched input with typed errors', () => {
    expect(() => new LagCovariance({ memory: 3 })).toThrow(SpecError);
    expect(() => new LagCovariance({ memory: 3, horizon: 2, offset: 1 })).toThrow(/exactly one/);
    expect(() => new LagCovariance({ memory: 0, horizon: 2 })).toThrow(/memory/);
    const acc = new LagCovariance({ channels: 2, memory: 2, horizon: 2 });
    expect(() => acc.addSeries([new Float64Array(10)])).toThrow(/expected 2 channel/);
    expect(() => acc.addSeries([new Float64Array(10), new Float64Array(9)])).toThrow(/channel has 9 samples/);
    const bad = new Float64Array(10);
    bad[7] = Number.NaN;
    expect(() => acc.addSeries([new Float64Array(10), bad])).toThrow(/signal\[1\]\[7\]/);
    expect(() => acc.covariance()).toThrow(/no complete window/);
    expect(() => new LagCovariance({ memory: 2, horizon: 2, forgetting: 10 }).addSeries(new Float64Array(10))).toThrow(/batch mode only/);
  });
});
