import { describe, expect, it } from '@jest/globals';
import { gratings, movingEdge } from '../../src/index.js';

describe('gratings', () => {
  it('drifts towards higher indices for direction +1 at λ·f receptors per second', () => {
    const g = gratings({ wavelength: 8, temporalFrequency: 2, direction: 1, contrast: 0.5, mean: 1 });
    const a = new Float32Array(16);
    const b = new Float32Array(16);
    const dt = 1 / 64;
    g.frame(0, dt, a, 16, 1);
    g.frame(2, dt, b, 16, 1); // 2 steps = 1/32 s: the pattern moves 8·2/32 = 0.5 receptor
    for (let i = 0; i < 16; i++) {
      expect(a[i]).toBeCloseTo(1 + 0.5 * Math.sin((2 * Math.PI * i) / 8), 5);
      expect(b[i]).toBeCloseTo(1 + 0.5 * Math.sin((2 * Math.PI * (i - 0.5)) / 8), 5);
    }
  });

  it('runs one direction per batch element and converts degrees', () => {
    const g = gratings({ wavelengthDeg: 40, spacingDeg: 5, temporalFrequency: 1, direction: [1, -1] });
    const out = new Float32Array(16);
    g.frame(3, 0.01, out, 8, 2);
    const w = 2 * Math.PI * 0.03;
    // Default contrast √2 (unit variance, like movingEdge's default).
    expect(out[2]).toBeCloseTo(Math.SQRT2 * Math.sin((2 * Math.PI * 2) / 8 - w), 5);
    expect(out[8 + 2]).toBeCloseTo(Math.SQRT2 * Math.sin((2 * Math.PI * 2) / 8 + w), 5);
    expect(() => g.frame(0, 0.01, new Float32Array(24), 8, 3)).toThrow(/gratings\.direction.*2 values.*batch of 3/);
    expect(() => gratings({ temporalFrequency: 1 })).toThrow(/gratings\.wavelength/);
  });

  it('gives the direct formula within float32 rounding late in a long run, for any row width', () => {
    // The frame uses sin(kx + φ − ω) = sin(kx + φ)·cos ω − cos(kx + φ)·sin ω with the
    // receptors' phases computed once per width: check it against Math.sin of the whole
    // argument up to t = 500 s (ω ≈ 4·10⁴ rad), and after the width changes.
    const lambda = 7.3;
    const f = 13;
    const g = gratings({ wavelength: lambda, temporalFrequency: f, phase: 0.4, contrast: 2, mean: 0.25, direction: [1, -1] });
    const dt = 0.005;
    for (const width of [9, 64]) {
      const out = new Float32Array(2 * width);
      let worst = 0;
      for (let step = 0; step <= 100_000; step += 997) {
        g.frame(step, dt, out, width, 2);
        for (let b = 0; b < 2; b++) {
          const w = 2 * Math.PI * f * step * dt * (b === 0 ? 1 : -1);
          for (let i = 0; i < width; i++) {
            const direct = 0.25 + 2 * Math.sin((2 * Math.PI * i) / lambda - w + 0.4);
            // one float32 rounding step of the value, or the direct formula's own error at this ω
            worst = Math.max(worst, Math.abs(out[b * width + i]! - direct) / (2 ** -23 * Math.max(1, Math.abs(direct)) + 1e-16 * Math.abs(w)));
          }
        }
      }
      expect(worst).toBeLessThanOrEqual(1);
    }
  });
});

describe('movingEdge', () => {
  it('covers the receptors it has passed, from the side it comes from', () => {
    const on = movingEdge({ polarity: 'on', speed: 10, contrast: 1, softness: 1e-6 });
    const off = movingEdge({ polarity: 'off', speed: 10, direction: -1, background: 0.5, contrast: 0.5, softness: 1e-6 });
    const a = new Float32Array(8);
    on.frame(35, 0.01, a, 8, 1); // 0.35 s · 10 px/s = 3.5 receptors passed
    expect(Array.from(a)).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    off.frame(35, 0.01, a, 8, 1);
    expect(Array.from(a)).toEqual([0.5, 0.5, 0.5, 0.5, 0, 0, 0, 0]);
    expect(() => movingEdge({ polarity: 'up' as 'on', speed: 1 })).toThrow(/movingEdge\.polarity/);
  });
});
