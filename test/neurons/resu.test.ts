import { describe, expect, it } from '@jest/globals';
import { Network, SpecError, Simulator, constant, dense, oneToOne, resu, resuBank, source } from '../../src/index.js';

describe('ReSU neuron model', () => {
  it('keeps a newest-first lag vector and outputs w·p − bias, rectified ON/OFF with a threshold', () => {
    const net = new Network();
    const x = net.population('x', 1, source());
    const model = resu({
      memory: 3,
      filters: [[1, -1, 0]], // x_t − x_{t−1}
      outputs: { on: { component: 1, mode: 'on', threshold: 0.5 }, off: { component: 1, mode: 'off' }, lin: { component: 1, mode: 'linear' } },
    });
    const pop = net.population('r', 1, model);
    net.connect(x, pop, oneToOne());
    const sim = new Simulator(net, { dt: 1 });
    const inputs = [0, 1, 3, 2, 2];
    const rec = sim.runSteps((s, _dt, out) => (out[0] = inputs[s]!), inputs.length, { record: ['r'] });
    expect(Array.from(pop.state.lag!)).toEqual([2, 2, 3]);
    // z: 0, 1, 2, −1, 0
    expect(Array.from(rec.unit('r', 0))).toEqual([0, 0.5, 1.5, 0, 0]);
    expect(pop.state.z1![0]).toBe(0);
    expect(pop.state.off![0]).toBe(0);
    model.parameters.bias[0] = 0.25;
    sim.runSteps(constant(7), 1);
    expect(pop.state.z1![0]).toBeCloseTo(7 - 2 - 0.25, 6);
    expect(pop.state.lin![0]).toBeCloseTo(4.75, 6);
    expect(pop.state.on![0]).toBeCloseTo(4.25, 6);
    sim.runSteps(constant(0), 1);
    expect(pop.state.off![0]).toBeCloseTo(7.25, 6);
  });

  it('takes several named channels, each fed by its own projection, in channel blocks c·m + lag', () => {
    const net = new Network();
    const a = net.population('a', 2, source());
    const b = net.population('b', 2, source());
    const model = resu({ channels: ['A', 'B'], memory: 2, components: 2, filters: [1, 0, 0, 0, 0, 0, 0, 10], outputs: { y: { component: 2, mode: 'linear' } } });
    const pop = net.population('r', 2, model);
    net.connect(a, pop, oneToOne(), { target: 'A' });
    net.connect(b, pop, oneToOne(), { target: 'B' });
    const sim = new Simulator(net, { dt: 1, batch: 2 });
    sim.runSteps({ a: (s, _dt, out) => out.fill(s + 1), b: (s, _dt, out) => out.forEach((_, k) => (out[k] = 100 * (s + 1) + k)) }, 2);
    // Unit layout (b·size + i)·width + c·m + lag.
    expect(Array.from(pop.state.lag!.subarray(0, 4))).toEqual([2, 1, 200, 100]);
    expect(Array.from(pop.state.lag!.subarray(12, 16))).toEqual([2, 1, 203, 103]);
    expect(pop.state.z1![3]).toBe(2);
    expect(pop.state.z2![3]).toBe(1030);
    expect(pop.state.y![1]).toBe(1010);
  });

  it('with lagStride k reads lags k steps apart (x_t, x_{t−k}, …) and keeps the (m − 1)k + 1 newest samples per channel', () => {
    const net = new Network();
    const a = net.population('a', 1, source());
    const b = net.population('b', 1, source());
    // Two channels, m = 3 taps each, 2 steps apart: z1 = x_t + 10 x_{t−2} + 100 x_{t−4} of A, −y_{t−4} of B.
    const model = resu({ channels: ['A', 'B'], memory: 3, lagStride: 2, filters: [[1, 10, 100, 0, 0, -1]], outputs: { y: { component: 1, mode: 'linear' } } });
    expect(model.lagStride).toBe(2);
    expect(model.widths!.lag).toBe(2 * 5);
    const pop = net.population('r', 1, model);
    net.connect(a, pop, oneToOne(), { target: 'A' });
    net.connect(b, pop, oneToOne(), { target: 'B' });
    const sim = new Simulator(net, { dt: 1 });
    const xs = [1, 2, 3, 4, 5, 6, 7];
    const rec = sim.runSteps({ a: (s, _dt, out) => (out[0] = xs[s]!), b: (s, _dt, out) => (out[0] = 1000 * xs[s]!) }, xs.length, { record: ['r'] });
    expect(Array.from(pop.state.lag!)).toEqual([7, 6, 5, 4, 3, 7000, 6000, 5000, 4000, 3000]);
    const at = (t: number, back: number) => (t - back >= 0 ? xs[t - back]! : 0);
    const want = xs.map((_, t) => at(t, 0) + 10 * at(t, 2) + 100 * at(t, 4) - 1000 * at(t, 4));
    expect(Array.from(rec.unit('r', 0))).toEqual(want);
    // Stride 1 is the plain lag vector, and says nothing new in its description.
    expect(resu({ memory: 3, lagStride: 1 }).describe()).toEqual(resu({ memory: 3 }).describe());
    expect(() => resu({ memory: 3, lagStride: 0 })).toThrow(/resu.lagStride/);
  });

  it('resuBank gives L3 (filter 1), L1 (ON of filter 2) and L2 (OFF of filter 2) that projections can read', () => {
    const net = new Network();
    const photo = net.population('R', 3, source());
    const lamina = net.population('L', 3, resuBank({ memory: 2, filters: [[0.5, 0.5], [1, -1]] }));
    const sink = net.population('S', 1, resu({ channels: ['L3', 'L1'], memory: 1, filters: [[1, 1]], outputs: { y: { component: 1, mode: 'linear' } } }));
    net.connect(photo, lamina, oneToOne());
    net.connect(lamina, sink, dense({ weights: 1 }), { source: 'L3', target: 'L3' });
    net.connect(lamina, sink, dense({ weights: 1 }), { source: 'L1', target: 'L1' });
    const sim = new Simulator(net, { dt: 1 });
    sim.runSteps(constant([0, 1, 2]), 1);
    expect(Array.from(lamina.state.L3!)).toEqual([0, 0.5, 1]);
    expect(Array.from(lamina.state.L1!)).toEqual([0, 1, 2]);
    expect(Array.from(lamina.state.L2!)).toEqual([0, 0, 0]);
    expect(sink.state.y![0]).toBeCloseTo(1.5 + 3, 6);
    sim.runSteps(constant([0, 0, 0]), 1);
    expect(Array.from(lamina.state.L2!)).toEqual([0, 1, 2]);
    expect(Array.from(lamina.state.L1!)).toEqual([0, 0, 0]);
  });

  it('rejects bad specs naming the field', () => {
    expect(() => resu({ memory: 0 })).toThrow(SpecError);
    expect(() => resu({ memory: 2, channels: ['a', 'a'] })).toThrow(/repeat/);
    expect(() => resu({ memory: 2, outputs: { y: { component: 2, mode: 'on' } } })).toThrow(/outputs\.y\.component/);
    expect(() => resu({ memory: 2, outputs: { z1: { component: 1, mode: 'on' } } })).toThrow(/taken/);
    expect(() => resu({ memory: 2, filters: [1, 2, 3] })).toThrow(/resu\.filters/);
    expect(() => resu({ memory: 2, output: 'nope' })).toThrow(/resu\.output/);
  });
});
