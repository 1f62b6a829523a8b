import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { bcmExperiment } from '../../examples/custom-plasticity.js';

describe('examples/custom-plasticity.ts (a user-written BCM rule)', () => {
  it('makes a unit selective to one of two input patterns, deterministically', () => {
    for (const seed of [1, 2, 3]) {
      const a = bcmExperiment(seed, 10);
      expect(a.selectivity).toBeGreaterThan(0.6);
      expect(Array.from(bcmExperiment(seed, 10).weights)).toEqual(Array.from(a.weights));
    }
  });

  it('keeps the rule itself under 40 lines', () => {
    const src = readFileSync(new URL('../../examples/custom-plasticity.ts', import.meta.url), 'utf8').split('\n');
    const start = src.findIndex((l) => l.startsWith('export function bcm('));
    const end = src.findIndex((l, k) => k > start && l === '}');
    expect(end - start + 1).toBeLessThan(40);
  });
});
