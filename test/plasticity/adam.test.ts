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

  it('with weightDecay shrinks each parameter by lr · weightDecay of itself outside the moments (AdamW)', () => {
    const plain = new Float32Array([3, -2, 0.5]);
    const decayed = Float32Array.from(plain);
    const a = new Adam(plain, { lr: 0.01 });
    const b = new Adam(decayed, { lr: 0.01, weightDecay: 0.5 });
    expect(a.weightDecay).toBe(0);
    const g = new Float32Array([1, -3, 0.2]);
    const before = Float32Array.from(decayed);
    a.step(g);
    b.step(g);
    // the moments see the gradient only: both take the same Adam step; b also loses 0.5 % of where it stood
    for (let i = 0; i < 3; i++) expect(decayed[i]).toBeCloseTo(plain[i]! - 0.01 * 0.5 * before[i]!, 6);
    expect(Array.from(b.m)).toEqual(Array.from(a.m));
    expect(Array.from(b.v)).toEqual(Array.from(a.v));
    // with no gradient at all the decay alone pulls toward zero geometrically
    const p = new Float32Array([4]);
    const c = new Adam(p, { lr: 0.1, weightDecay: 1 });
    for (let i = 0; i < 10; i++) c.step(new Float32Array(1));
    expect(p[0]).toBeCloseTo(4 * 0.9 ** 10, 4);
    expect(() => new Adam(p, { weightDecay: -1 })).toThrow(/adam\.weightDecay.*-1/);
  });
});
