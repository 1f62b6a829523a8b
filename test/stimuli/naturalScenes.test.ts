import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { contrastScene, deadLeaves, fitLaminaFilters, type Scene } from '../../src/index.js';
import { loadScene } from '../../src/node.js';

const DIR = 'assets/natural';
const images = readdirSync(DIR).filter((f) => f.endsWith('.png'));

function stepResponse(w: Float64Array): number[] {
  let acc = 0;
  return Array.from(w, (v) => (acc += v));
}

// Paper Fig. 4 with the reference recipe: row scans at 1 px/step, noise std 0.05 on z-scored
// contrast, m = h = 50, statistics pooled over all rows.
describe('L1–L3 filters from natural scenes', () => {
  it('the project images: filter 2 is a smoothed derivative, filter 1 passes low frequencies', () => {
    expect(images.length).toBeGreaterThanOrEqual(6);
    const scenes: Scene[] = images.map((f) => loadScene(`${DIR}/${f}`));
    const f = fitLaminaFilters(scenes, { memory: 50, horizon: 50, noiseStd: 0.05, seed: 1 });
    expect(f.zeroFrequencyRatio[1]).toBeLessThanOrEqual(0.1);
    expect(f.zeroFrequencyRatio[0]).toBeGreaterThanOrEqual(0.4);
    expect(f.correlations[0]).toBeGreaterThan(f.correlations[1]!);
    // ON convention: filter 2's step response peaks positive, then returns towards 0 (a transient).
    const s = stepResponse(f.L1);
    const peak = Math.max(...s);
    expect(peak).toBeGreaterThan(Math.abs(Math.min(...s)));
    expect(Math.abs(s[s.length - 1]!)).toBeLessThan(0.1 * peak);
  });

  it('a dead-leaves scene gives the same two filter shapes', () => {
    const scene = contrastScene(deadLeaves({ width: 512, height: 256, seed: 3 }), {}, 'dead leaves');
    const f = fitLaminaFilters([scene], { memory: 50, horizon: 50, noiseStd: 0.05, seed: 2 });
    expect(f.zeroFrequencyRatio[1]).toBeLessThanOrEqual(0.1);
    expect(f.zeroFrequencyRatio[0]).toBeGreaterThanOrEqual(0.4);
  });
});
