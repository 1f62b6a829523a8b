import { describe, expect, it } from '@jest/globals';
import { Network, Simulator, directionSelectivity, gratings, linearRate, meanResponse, source, sparse, dsiFrom } from '../../src/index.js';

describe('direction selectivity', () => {
  it('computes DSI = (R+ − R−)/(R+ + R−) with the preferred direction', () => {
    expect(dsiFrom(3, 1)).toEqual({ dsi: 0.5, pd: 1, nd: -1, responses: { positive: 3, negative: 1 } });
    expect(dsiFrom(1, 3).dsi).toBe(-0.5);
    expect(dsiFrom(1, 3).pd).toBe(-1);
  });

  it('measures a delay-and-sum detector built from projections', () => {
    // Unit i sums receptor i delayed by d steps and receptor i+1 now, then rectifies.
    // For x = sin(k·i ∓ ω·t) the sum's amplitude is 2|cos((k ∓ ω·d)/2)|: motion towards
    // +i (the delayed side first) is preferred when ω·d is near k.
    const P = 12;
    const d = 6;
    const dt = 0.01;
    const net = new Network();
    net.population('R', P, source());
    net.population('D', P - 1, linearRate({ rectify: true }));
    const pairs = (shift: number) => Array.from({ length: P - 1 }, (_, i) => [i + shift, i] as [number, number]);
    net.connect('R', 'D', sparse({ pairs: pairs(0), weights: 1 }), { delaySteps: d });
    net.connect('R', 'D', sparse({ pairs: pairs(1), weights: 1 }));
    const f = 2; // Hz
    const lambda = 8;
    const sim = new Simulator(net, { dt, batch: 2 });
    const r = sim.run(gratings({ wavelength: lambda, temporalFrequency: f, direction: [1, -1] }), 3, { record: ['D'] });
    const period = 1 / (f * dt);
    const ds = directionSelectivity({ batched: r, batch: [0, 1] }, 'D', { period, skip: 2 * period });
    const k = (2 * Math.PI) / lambda;
    const w = 2 * Math.PI * f * dt;
    // Mean of a rectified sinusoid of amplitude A is A/π.
    const expected = dsiFrom((2 * Math.abs(Math.cos((k - w * d) / 2))) / Math.PI, (2 * Math.abs(Math.cos((k + w * d) / 2))) / Math.PI);
    expect(ds.pd).toBe(1);
    expect(ds.dsi).toBeCloseTo(expected.dsi, 2);
    expect(ds.dsi).toBeGreaterThan(0.1);
    expect(() => meanResponse(r, 'D', { period: 1000, skip: 0 })).toThrow(/no whole period/);
  });
});
