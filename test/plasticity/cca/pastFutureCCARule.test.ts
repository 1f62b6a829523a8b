import { describe, expect, it } from '@jest/globals';
import {
  LagCovariance,
  Network,
  PastFutureCCARule,
  SeededRandom,
  Simulator,
  SpecError,
  cosine,
  oneToOne,
  ouSeries,
  resu,
  resuBank,
  solveCCA,
  source,
  type StimulusFn,
} from '../../../src/index.js';

/** A stimulus that plays precomputed series: unit u of batch b reads series[b·size + u]. */
function playback(series: readonly Float64Array[], offset = 0): StimulusFn {
  return (step, _dt, out) => {
    for (let k = 0; k < out.length; k++) out[k] = series[k]![offset + step]!;
  };
}

function lamina(memory: number, units: number) {
  const net = new Network();
  const R = net.population('R', units, source());
  const L = net.population('L', units, resuBank({ memory }));
  net.connect(R, L, oneToOne());
  return { net, L };
}

describe('PastFutureCCARule rule', () => {
  it('learns, from the population’s own inputs, the filters of a batch fit on the same streams', () => {
    const memory = 8;
    const { net, L } = lamina(memory, 3);
    const rule = new PastFutureCCARule({ memory, horizon: 6 });
    net.learn(L, rule);
    const sim = new Simulator(net, { dt: 1, batch: 2, seed: 1 });
    const series = Array.from({ length: 6 }, (_, k) => ouSeries({ length: 4000, latent: { A: [[0.9, 0.3], [-0.3, 0.9]], inputGains: [1, 0.5], readout: [1, 0] }, noiseStd: 0.1, seed: 10 + k }));
    sim.runSteps(playback(series), 4000);
    expect(rule.fits).toBe(1);
    // Every stream's windows: 4000 − (8 + 6) + 1 — the last future seen is the last input.
    expect(rule.lastFit!.windows).toBe(6 * (4000 - 14 + 1));
    const acc = new LagCovariance({ memory, horizon: 6 });
    for (const s of series) acc.addSeries(s);
    const ref = solveCCA(acc.covariance(), { components: 2, sign: 'step' });
    const w = L.model.parameters!.filters!;
    expect(cosine(w.subarray(0, memory), ref.filters[0]!)).toBeGreaterThan(1 - 1e-9);
    expect(cosine(w.subarray(memory, 2 * memory), ref.filters[1]!)).toBeGreaterThan(1 - 1e-9);
    expect(rule.lastFit!.correlations[0]).toBeCloseTo(ref.correlations[0]!, 9);
    // Centred: bias = w·mean, so the learned outputs are zero-mean.
    const bias = L.model.parameters!.bias!;
    let expected = 0;
    for (let j = 0; j < memory; j++) expected += w[j]! * acc.covariance().meanPast[j]!;
    expect(bias[0]).toBeCloseTo(expected, 9);
  });

  it('with a stride learns the strided batch fit, and the unit applies it to lags the same steps apart', () => {
    const memory = 5;
    const stride = 3;
    const net = new Network();
    const R = net.population('R', 2, source());
    const L = net.population('L', 2, resuBank({ memory, lagStride: stride }));
    net.connect(R, L, oneToOne());
    const rule = new PastFutureCCARule({ memory, horizon: 4, stride });
    net.learn(L, rule);
    const sim = new Simulator(net, { dt: 1, batch: 1, seed: 1 });
    const series = Array.from({ length: 2 }, (_, k) => ouSeries({ length: 3000, latent: { A: [[0.97, 0.1], [-0.1, 0.97]], inputGains: [1, 0.5], readout: [1, 0] }, noiseStd: 0.1, seed: 20 + k }));
    sim.runSteps(playback(series), 3000);
    expect(rule.lastFit!.windows).toBe(2 * (3000 - (memory - 1 + 4) * stride));
    const acc = new LagCovariance({ memory, horizon: 4, stride });
    for (const s of series) acc.addSeries(s);
    const ref = solveCCA(acc.covariance(), { components: 2, sign: 'step' });
    const w = L.model.parameters!.filters!;
    expect(cosine(w.subarray(0, memory), ref.filters[0]!)).toBeGreaterThan(1 - 1e-9);
    // Not the stride-1 filters: the coarser timescale changes what is learned.
    const plain = new LagCovariance({ memory, horizon: 4 });
    for (const s of series) plain.addSeries(s);
    expect(cosine(solveCCA(plain.covariance(), { components: 2, sign: 'step' }).filters[1]!, ref.filters[1]!)).toBeLessThan(0.99);
    // Run on with the fitted filters: z1 is filter 1 on (x_t, x_{t−3}, …, x_{t−12}) minus its bias.
    const probe = Array.from({ length: 20 }, (_, u) => Math.fround(Math.sin(u * 0.7) + 0.1 * u));
    let u = 0;
    sim.runSteps((_s, _dt, out) => out.fill(probe[u++]!), probe.length, { learn: false });
    let z = -L.model.parameters!.bias![0]!;
    for (let i = 0; i < memory; i++) z += w[i]! * probe[19 - i * stride]!;
    expect(L.state.z1![0]).toBeCloseTo(z, 4);
  });

  it('never lets a window span a reset: two runs with a reset equal two separate series', () => {
    const memory = 4;
    const { net, L } = lamina(memory, 1);
    const rule = new PastFutureCCARule({ memory, horizon: 3 });
    net.learn(L, rule);
    const sim = new Simulator(net, { dt: 1 });
    const a = ouSeries({ length: 500, a: 0.8, seed: 1 });
    const b = ouSeries({ length: 700, a: -0.5, seed: 2 });
    sim.runSteps(playback([a]), 500);
    sim.reset();
    sim.runSteps(playback([b]), 700);
    const acc = new LagCovariance({ memory, horizon: 3 });
    acc.addSeries(a);
    acc.addSeries(b);
    const ref = solveCCA(acc.covariance(), { components: 2, sign: 'step' });
    expect(rule.lastFit!.windows).toBe(500 - 6 + 700 - 6);
    expect(cosine(L.model.parameters!.filters!.subarray(0, memory), ref.filters[0]!)).toBeGreaterThan(1 - 1e-9);
  });

  it('T4 layout: six named channels, memory 1, a single future sample at t + 5, uncentred, component 2 → the only filter', () => {
    const channels = ['L3l', 'L1l', 'L3c', 'L1c', 'L3r', 'L1r'];
    const net = new Network();
    const inputs = channels.map((c) => net.population(`in_${c}`, 2, source()));
    const t4 = net.population('T4', 2, resu({ channels, memory: 1, outputs: { T4: { component: 1, mode: 'on' } } }));
    inputs.forEach((p, c) => net.connect(p, t4, oneToOne(), { target: channels[c]! }));
    const rule = new PastFutureCCARule({ memory: 1, offset: 5, centred: false, assign: [2], sign: 'largest' });
    net.learn(t4, rule);
    const sim = new Simulator(net, { dt: 1, seed: 2 });
    const random = new SeededRandom(9, 't4');
    const base = ouSeries({ length: 3000, a: 0.95, seed: 4 });
    // Channel c of unit i sees the base signal delayed by 3·c + i steps plus noise, offset by 1.
    const series = channels.map((_, c) => [0, 1].map((i) => Float64Array.from(base, (_v, t) => (t >= 3 * c + i ? base[t - 3 * c - i]! : 0) + 1 + 0.1 * random.normal())));
    const stim = Object.fromEntries(channels.map((c, k) => [`in_${c}`, playback(series[k]!)]));
    sim.runSteps(stim, 3000);
    const acc = new LagCovariance({ channels: 6, memory: 1, offset: 5 });
    for (let i = 0; i < 2; i++) acc.addSeries(series.map((s) => s[i]!));
    const ref = solveCCA(acc.covariance(false), { components: 2, sign: 'largest' });
    const w = t4.model.parameters!.filters!;
    expect(w.length).toBe(6);
    expect(cosine(w, ref.filters[1]!)).toBeGreaterThan(1 - 1e-9);
    expect(t4.model.parameters!.bias![0]).toBe(0);
  });

  it('choose: each refit keeps the component its own filters score highest among the first few', () => {
    const channels = ['A', 'B', 'C'];
    const random = new SeededRandom(10, 'choose');
    const base = ouSeries({ length: 2000, a: 0.9, seed: 6 });
    // B follows A 2 steps later, C is its own slow process: several distinct predictable parts.
    const slow = ouSeries({ length: 2000, a: 0.99, seed: 7 });
    const series = [base, Float64Array.from(base, (_v, t) => (t >= 2 ? base[t - 2]! : 0) + 0.2 * random.normal()), slow];
    const fitWith = (score: (w: Float64Array, f: Float64Array, c: number) => number) => {
      const net = new Network();
      const inputs = channels.map((c) => net.population(`in_${c}`, 1, source()));
      const unit = net.population('U', 1, resu({ channels, memory: 2, outputs: { y: { component: 1, mode: 'linear' } } }));
      inputs.forEach((p, c) => net.connect(p, unit, oneToOne(), { target: channels[c]! }));
      const rule = new PastFutureCCARule({ memory: 2, offset: 2, centred: false, assign: [1], choose: { among: 3, score }, sign: 'largest' });
      net.learn(unit, rule);
      new Simulator(net, { dt: 1, seed: 1 }).runSteps(Object.fromEntries(channels.map((c, k) => [`in_${c}`, playback([series[k]!])])), 2000);
      return { rule, w: Float64Array.from(unit.model.parameters!.filters!) };
    };
    const acc = new LagCovariance({ channels: 3, memory: 2, offset: 2 });
    acc.addSeries(series);
    const ref = solveCCA(acc.covariance(false), { components: 3, sign: 'largest' });
    // Score = minus the past filter's weight on channel C: the pick is the component that uses C least.
    const onC = (w: ArrayLike<number>) => w[4]! ** 2 + w[5]! ** 2;
    const { rule, w } = fitWith((p) => -onC(p) / p.reduce((a, v) => a + v * v, 0));
    const wanted = 1 + [0, 1, 2].reduce((b, c) => (onC(ref.filters[c]!) / ref.filters[c]!.reduce((a, v) => a + v * v, 0) < onC(ref.filters[b]!) / ref.filters[b]!.reduce((a, v) => a + v * v, 0) ? c : b), 0);
    expect(rule.lastFit!.chosen).toEqual([wanted]);
    expect(Math.abs(cosine(w, ref.filters[wanted - 1]!))).toBeGreaterThan(1 - 1e-9);
    // A score that prefers the last component picks it, whatever assign says.
    expect(fitWith((_p, _f, c) => c).rule.lastFit!.chosen).toEqual([3]);
    expect(() => new PastFutureCCARule({ memory: 1, offset: 1, choose: { among: 0, score: () => 0 } })).toThrow(/choose.among/);
  });

  it('fixes the sign so that ON responds positively to a contrast increment', () => {
    const memory = 10;
    const { net, L } = lamina(memory, 1);
    net.learn(L, new PastFutureCCARule({ memory, horizon: 10 }));
    const sim = new Simulator(net, { dt: 1 });
    const x = ouSeries({ length: 20_000, a: 0.97, noiseStd: 0.3, seed: 5 });
    sim.runSteps(playback([x]), 20_000);
    // Response of filter 2 (L1 = ON) to a unit step: its extreme is positive.
    const w2 = L.model.parameters!.filters!.subarray(memory, 2 * memory);
    let acc = 0;
    let extreme = 0;
    for (const v of w2) {
      acc += v;
      if (Math.abs(acc) > Math.abs(extreme)) extreme = acc;
    }
    expect(extreme).toBeGreaterThan(0);
  });

  it('futureChannels: predicts only the named channels (a delayed copy is past, not future)', () => {
    const channels = ['A', 'B'];
    const base = ouSeries({ length: 1500, a: 0.9, seed: 8 });
    // B is A 3 steps ago: with B in the future (offset 3), B's future is A now, a perfect prediction.
    const series = [base, Float64Array.from(base, (_v, t) => (t >= 3 ? base[t - 3]! : 0))];
    const fit = (futureChannels?: string[]) => {
      const net = new Network();
      const inputs = channels.map((c) => net.population(`in_${c}`, 1, source()));
      const unit = net.population('U', 1, resu({ channels, memory: 2, outputs: { y: { component: 1, mode: 'linear' } } }));
      inputs.forEach((p, c) => net.connect(p, unit, oneToOne(), { target: channels[c]! }));
      const rule = new PastFutureCCARule({ memory: 2, offset: 3, centred: false, sign: 'largest', ...(futureChannels ? { futureChannels } : {}) });
      net.learn(unit, rule);
      new Simulator(net, { dt: 1 }).runSteps(Object.fromEntries(channels.map((c, k) => [`in_${c}`, playback([series[k]!])])), 1500);
      return { rule, w: Float64Array.from(unit.model.parameters!.filters!) };
    };
    expect(fit().rule.lastFit!.correlations[0]).toBeGreaterThan(1 - 1e-6);
    const own = fit(['A']);
    expect(own.rule.lastFit!.correlations.length).toBe(1);
    expect(own.rule.lastFit!.correlations[0]).toBeLessThan(0.99);
    const acc = new LagCovariance({ channels: 2, memory: 2, offset: 3, futureChannels: [0] });
    acc.addSeries(series);
    expect(Math.abs(cosine(own.w, solveCCA(acc.covariance(false), { components: 1 }).filters[0]!))).toBeGreaterThan(1 - 1e-9);
    const { net, L } = lamina(3, 1);
    net.learn(L, new PastFutureCCARule({ memory: 3, horizon: 2, futureChannels: ['Q'] }));
    expect(() => new Simulator(net)).toThrow(/futureChannels\[0\]/);
  });

  it('rejects rules that do not fit the population', () => {
    const { net, L } = lamina(5, 1);
    net.learn(L, new PastFutureCCARule({ memory: 3, horizon: 2 }));
    expect(() => new Simulator(net)).toThrow(/PastFutureCCARule\.memory/);
    const other = lamina(5, 1);
    other.net.learn(other.L, new PastFutureCCARule({ memory: 5, horizon: 2, channels: ['X'] }));
    expect(() => new Simulator(other.net)).toThrow(/not an input channel/);
    expect(() => new PastFutureCCARule({ memory: 5 })).toThrow(SpecError);
    const third = lamina(2, 1);
    third.net.learn(third.L, new PastFutureCCARule({ memory: 2, horizon: 1, assign: [1, 2] }));
    expect(() => new Simulator(third.net)).toThrow(/component 2 does not exist/);
  });
});
