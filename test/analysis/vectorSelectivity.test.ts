import { describe, expect, it } from '@jest/globals';
import { angleDifference, evenDirections, populationVector, vectorSelectivity } from '../../src/analysis/vectorSelectivity.js';

describe('vectorSelectivity', () => {
  const dirs = evenDirections(12);
  it('a cosine-rectified lobe at 60° has its PD at 60° and the DSI of a half-wave cosine', () => {
    const r = dirs.map((d) => Math.max(0, Math.cos(((d - 60) * Math.PI) / 180)));
    const v = vectorSelectivity(dirs, r);
    expect(v.pd).toBeCloseTo(60, 9);
    expect(v.twoDirection).toBe(1);
    expect(v.pdTested).toBe(60);
    expect(v.ndTested).toBe(240);
    const want = r.reduce((s, x, k) => s + x * Math.cos(((dirs[k]! - 60) * Math.PI) / 180), 0) / r.reduce((s, x) => s + x, 0);
    expect(v.dsi).toBeCloseTo(want, 12);
  });
  it('flat responses give DSI 0; one direction only gives DSI 1', () => {
    expect(vectorSelectivity(dirs, dirs.map(() => 2)).dsi).toBeCloseTo(0, 12);
    const one = vectorSelectivity(dirs, dirs.map((d) => (d === 270 ? 1 : 0)));
    expect(one.dsi).toBeCloseTo(1, 12);
    expect(one.pd).toBeCloseTo(270, 9);
  });
  it('two-direction index compares preferred and opposite', () => {
    const r = dirs.map((d) => (d === 0 ? 3 : d === 180 ? 1 : 0.5));
    expect(vectorSelectivity(dirs, r).twoDirection).toBeCloseTo(0.5, 12);
  });
  it('rejects negative responses and mismatched lengths, naming the field', () => {
    expect(() => vectorSelectivity(dirs, dirs.map(() => -1))).toThrow(/responses\[0\]/);
    expect(() => vectorSelectivity([0, 90], [1])).toThrow(/vectorSelectivity.responses/);
  });
  it('angles wrap; population vector points where the responses do', () => {
    expect(angleDifference(350, 10)).toBe(-20);
    expect(angleDifference(10, 350)).toBe(20);
    expect(populationVector([0, 90, 180, 270], [1, 1, 0, 0]).angle).toBeCloseTo(45, 9);
    expect(Number.isNaN(populationVector([0, 180], [1, 1]).angle)).toBe(true);
  });
});
