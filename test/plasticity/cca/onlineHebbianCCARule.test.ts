import { describe, expect, it } from '@jest/globals';
import { LagCovariance, Network, OnlineHebbianCCA, RESU_OU_EXAMPLE, Simulator, cosine, oneToOne, ouSeries, resu, solveCCA, source } from '../../../src/index.js';

describe('OnlineHebbianCCA (local Hebbian/anti-Hebbian rule)', () => {
  it('its filters converge to the batch past–future CCA filters on the 3-D OU example', () => {
    const m = 6;
    const h = 6;
    const units = 4;
    const N = 60_000;
    const series = Array.from({ length: units }, (_, k) => ouSeries({ length: N, latent: RESU_OU_EXAMPLE, noiseStd: Math.sqrt(RESU_OU_EXAMPLE.noiseVariance), seed: 20 + k }));
    const net = new Network();
    const R = net.population('R', units, source());
    const L = net.population('L', units, resu({ memory: m, components: 2, outputs: { z: { component: 1, mode: 'linear' } } }));
    net.connect(R, L, oneToOne());
    const rule = new OnlineHebbianCCA({ memory: m, horizon: h, rate: 0.05, decay: 10_000 });
    net.learn(L, rule);
    const sim = new Simulator(net, { dt: 1 });
    const acc = new LagCovariance({ memory: m, horizon: h });
    for (const s of series) acc.addSeries(s);
    const batch = solveCCA(acc.covariance(), { components: 2, sign: 'step' });
    const w = L.model.parameters!.filters!;
    const play = (steps: number) =>
      sim.runSteps((s, _dt, out) => {
        for (let k = 0; k < units; k++) out[k] = series[k]![s]!;
      }, steps, { record: 'none' });
    play(2000);
    const early = cosine(w.subarray(0, m), batch.filters[0]!);
    play(N - 2000);
    expect(rule.network!.samples).toBe(units * (N - m - h + 1));
    const c1 = cosine(w.subarray(0, m), batch.filters[0]!);
    const c2 = cosine(w.subarray(m, 2 * m), batch.filters[1]!);
    expect(c1).toBeGreaterThan(0.98);
    expect(c2).toBeGreaterThan(0.98);
    expect(c1).toBeGreaterThan(early);
    // Unit-variance outputs, like the batch filters: the norms agree within 10 %.
    const ratio = Math.hypot(...w.subarray(0, m)) / Math.hypot(...batch.filters[0]!);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  });
});
