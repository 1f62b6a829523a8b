import { describe, expect, it } from '@jest/globals';
import { snrSweep, snrSwitch } from '../../src/index.js';

// Paper Fig. 3 on the rational-quadratic GP of RESU-REFERENCE.md (l = α = 1, step 0.02,
// 200 functions of 1000 points, m = 75, h = 25).
describe('SNR adaptation of past–future CCA filters', () => {
  it('filter 1 loses its opposite-sign lobe as noise grows (minority-sign share falls monotonically)', () => {
    const sweep = snrSweep({ noiseStds: [0.01, 0.1, 0.4, 1.0], seed: 1 });
    const share = sweep.map((p) => p.minorityShare[0]!);
    for (let i = 1; i < share.length; i++) expect(share[i]!).toBeLessThan(share[i - 1]!);
    // An independent numpy run of the same recipe: about 0.28 at 0.01 and 0.14 at 1.0.
    expect(share[0]).toBeGreaterThan(0.24);
    expect(share[3]).toBeLessThan(0.18);
    // Noise lowers every canonical correlation.
    for (let i = 1; i < sweep.length; i++) expect(sweep[i]!.correlations[1]!).toBeLessThan(sweep[i - 1]!.correlations[1]!);
  });

  it.each([
    [0.01, 0.4],
    [0.4, 0.01],
  ])('after the noise std jumps %p → %p the forgetting rule’s filter reaches cosine ≥ 0.95 with the new batch filter within 20 lag lengths', (from, to) => {
    const r = snrSwitch({ from, to, seed: 1, before: 1500, after: 2000, refitEvery: 50 });
    // There is something to adapt: the old and new batch filters differ.
    expect(r.cosineOldNew).toBeLessThan(0.9);
    const beforeSwitch = r.cosine[r.steps.indexOf(0)]!;
    expect(beforeSwitch).toBeLessThan(0.9);
    expect(r.adaptationSteps).toBeLessThanOrEqual(20 * r.memory);
    // ...and it stays adapted to the end of the run.
    expect(r.settledSteps).toBeLessThanOrEqual(20 * r.memory);
  });
});
