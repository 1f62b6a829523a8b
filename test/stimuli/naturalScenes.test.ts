import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { contrastScene, deadLeaves, learnLaminaFilters, type Scene } from '../../src/index.js';
import { loadScene } from '../../src/node.js';

const DIR = 'assets/natural';
const images = readdirSync(DIR).filter((f) => f.endsWith('.png'));

function stepResponse(w: Float64Array): number[] {
  let acc = 0;
  return Array.from(w, (v) => (acc += v));
}

// Paper Fig. 4 with the fly's lamina recipe (a row of receptors 13 px apart watching the scene
// move at 1 px/step, noise std 0.05 on z-scored contrast, m = h = 50), on a shorter scan.
const SCAN = { pixels: 8, rows: 8, steps: 600 };
describe('L1–L3 filters from natural scenes', () => {
  it('the project images: filter 2 is a smoothed derivative, filter 1 passes low frequencies', () => {
    expect(images.length).toBeGreaterThanOrEqual(6);
    const scenes: Scene[] = images.map((f) => loadScene(`${DIR}/${f}`));
    const f = learnLaminaFilters(scenes, { ...SCAN, memory: 50, horizon: 50, noiseStd: 0.05, seed: 1 });
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
    const f = learnLaminaFilters([scene], { ...SCAN, memory: 50, horizon: 50, noiseStd: 0.05, seed: 2 });
    expect(f.zeroFrequencyRatio[1]).toBeLessThanOrEqual(0.1);
    expect(f.zeroFrequencyRatio[0]).toBeGreaterThanOrEqual(0.4);
    expect(f.correlations[0]).toBeGreaterThan(f.correlations[1]!);
  });
});
