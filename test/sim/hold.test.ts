import { describe, expect, it } from '@jest/globals';
import { Network, Simulator, SpecError, linearRate, oneToOne, source } from '../../src/index.js';

/** X (source) → A → B, leaky rate units, so every step changes A and B while X is on. */
function chain() {
  const net = new Network();
  const x = net.population('X', 3, source());
  const a = net.population('A', 3, linearRate({ tau: '10 ms' }));
  const b = net.population('B', 3, linearRate({ tau: '10 ms' }));
  net.connect(x, a, oneToOne({ weights: 1 }));
  net.connect(a, b, oneToOne({ weights: 2 }));
  const sim = new Simulator(net, { dt: '1 ms' });
  const stim = { X: (_s: number, _dt: number, out: Float32Array) => out.fill(1) };
  return { sim, a, b, stim };
}

describe('RunOptions.hold', () => {
  it('keeps a held population exactly as it was while the others step on, and only for that run', () => {
    const { sim, a, b, stim } = chain();
    sim.runSteps(stim, 5);
    const a0 = Float32Array.from(a.output);
    const b0 = Float32Array.from(b.output);
    sim.runSteps(stim, 5, { hold: ['A'] });
    expect(a.output).toEqual(a0); // held
    expect(b.output).not.toEqual(b0); // B still integrates A's (held) output
    const b1 = Float32Array.from(b.output);
    sim.runSteps(stim, 1);
    expect(a.output).not.toEqual(a0); // the hold ended with its run
    expect(b.output).not.toEqual(b1);
  });

  it('names an unknown or a source population', () => {
    const { sim, stim } = chain();
    expect(() => sim.runSteps(stim, 1, { hold: ['Q'] })).toThrow(SpecError);
    expect(() => sim.runSteps(stim, 1, { hold: ['Q'] })).toThrow(/no population 'Q'/);
    expect(() => sim.runSteps(stim, 1, { hold: ['X'] })).toThrow(/'X' is a source population/);
  });
});
