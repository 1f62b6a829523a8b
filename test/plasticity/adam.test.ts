import { describe, expect, it } from '@jest/globals';
import { Adam } from '../../src/plasticity/adam.js';
import { sigmoid, softplus } from '../../src/plasticity/softplus.js';

describe('softplus and sigmoid', () => {
  it('are stable at large |x| and consistent with each other', () => {
    expect(softplus(0)).toBeCloseTo(Math.LN2, 12);
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(0);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
    for (const x of [-5, -0.3, 0, 2.5]) expect((softplus(x + 1e-6) - softplus(x - 1e-6)) / 2e-6).toBeCloseTo(sigmoid(x), 6);
  });
});

describe('Adam', () => {
  it('takes a first step of size lr against the gradient sign and minimises a quadratic', () => {
    const p = new Float32Array([3, -2]);
    const opt = new Adam(p, { lr: 0.1 });
    opt.step(new Float32Array([6, -4]));
    expect(p[0]).toBeCloseTo(2.9, 5);
    expect(p[1]).toBeCloseTo(-1.9, 5);
    const g = new Float32Array(2);
    for (let i = 0; i < 500; i++) {
      g[0] = 2 * p[0]!;
      g[1] = 2 * p[1]!;
      opt.step(g);
    }
    expect(Math.abs(p[0]!)).toBeLessThan(0.05);
    expect(Math.abs(p[1]!)).toBeLessThan(0.05);
  });
});
