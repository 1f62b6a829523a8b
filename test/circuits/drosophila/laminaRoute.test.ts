import { describe, expect, it } from '@jest/globals';
import { contrastScene, deadLeaves, DrosophilaMotion, learnLaminaFilters } from '../../../src/index.js';

// `neurostream filters` (learnLaminaFilters) and the fly's training learn the lamina by one
// route: the Simulator runs R → L with the PastFutureCCARule while the scenes scan by.
describe('lamina filters: one route for `filters` and the fly', () => {
  const scenes = [1, 2].map((seed) => contrastScene(deadLeaves({ width: 160, height: 64, seed }), {}, `dead leaves ${seed}`));
  const settings = { pixels: 5, memory: 12, horizon: 8 };
  const scan = { steps: 300, rows: 4, seed: 3 };

  it('gives exactly the filters and fit the fly puts in its lamina', () => {
    const fly = new DrosophilaMotion(settings).train(scenes, scan);
    const f = learnLaminaFilters(scenes, { ...settings, ...scan });
    const lamina = fly.circuit.laminaModel.parameters.filters;
    // The fly stores its parameters as float32 after training.
    expect(Array.from(f.L3, Math.fround)).toEqual(Array.from(lamina.subarray(0, 12)));
    expect(Array.from(f.L1, Math.fround)).toEqual(Array.from(lamina.subarray(12, 24)));
    expect(f.L3.some((v) => v !== 0) && f.L1.some((v) => v !== 0)).toBe(true);
    const { correlations, mutualInformation, zeroFrequencyRatio, windows } = fly.training!.lamina;
    expect({ correlations: f.correlations, mutualInformation: f.mutualInformation, zeroFrequencyRatio: f.zeroFrequencyRatio, windows: f.windows }).toEqual({
      correlations,
      mutualInformation,
      zeroFrequencyRatio,
      windows,
    });
    // Windows: every receptor of every row, once both lag vectors are full; the simulator's
    // clock runs on from one scene to the next, so the two scans are one stream.
    expect(windows).toBe(4 * 5 * (2 * 300 - 12 - 8 + 1));
  });

  it('depends on the scan: another seed gives other filters', () => {
    const a = learnLaminaFilters(scenes, { ...settings, ...scan });
    const b = learnLaminaFilters(scenes, { ...settings, ...scan, seed: 4 });
    expect(Array.from(b.L3)).not.toEqual(Array.from(a.L3));
  });

  it('names the option when the scan is too short to fit', () => {
    expect(() => learnLaminaFilters(scenes, { ...settings, steps: 10, rows: 1 })).toThrow(/steps/);
  });
});
