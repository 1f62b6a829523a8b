import { Network, OnlineHebbianCCA, SeededRandom, dense, lif, linearRate, oneToOne, resu, source, sparse, type Stimulus } from '../../../src/index.js';
import { counterNormal } from '../../../src/core/random.js';

/** A time-varying drive, different per batch element, deterministic in the step. */
export const wave: Stimulus = {
  label: 'wave',
  frame(step, dt, out, width, batch) {
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < width; i++) out[b * width + i] = 1.5 + Math.sin(2 * Math.PI * (5 + i) * step * dt + b);
    }
  },
};

/**
 * Every built-in model and projection kind at once: a graded source drives LIF units
 * (dense, into input I), LIF recurrence (sparse, delayed, into synaptic variable g),
 * spikes into linear rate units (dense), into another LIF's v (one-to-one, a jump) and
 * its input (sparse),
 * and rates through one-to-one and sparse projections into rectified and instantaneous
 * rate units.
 */
export function everyKindNetwork(options: { recurrent?: boolean; seed?: number } = {}): Network {
  const net = new Network({ seed: options.seed });
  const src = net.population('S', 20, source());
  const e = net.population('E', 60, lif({ tau: 0.02, vRest: 0, vThresh: 1, vReset: 0, tRef: 0.002, R: 1, synapses: { g: 0.005 }, vInit: [0, 1] }));
  const e2 = net.population('E2', 60, lif({ tau: 0.01, vThresh: 0.5, vReset: -0.1, bias: 0.3 }));
  const r = net.population('R', 30, linearRate({ tau: 0.01, gain: 0.5, bias: 0.1 }));
  const r2 = net.population('R2', 30, linearRate({ tau: 0.005, rectify: true, bias: -0.2 }));
  const r3 = net.population('R3', 40, linearRate({ gain: 2 }));
  net.connect(src, e, dense({ weights: { uniform: { low: 0, high: 0.15 } } }));
  if (options.recurrent ?? true) net.connect(e, e, sparse({ p: 0.1, weights: { normal: { mean: 0.05, std: 0.1 } } }), { delaySteps: 2, target: 'g' });
  else net.connect(src, e, sparse({ p: 0.2, weights: { normal: { mean: 0.02, std: 0.05 } } }), { delaySteps: 2, target: 'g' });
  net.connect(e, e2, oneToOne({ weights: 0.3 }), { target: 'v', delaySteps: 1 });
  net.connect(e, e2, sparse({ p: 0.2, weights: { normal: { mean: 0.5, std: 0.5 } } }), { delaySteps: 1 });
  net.connect(e, r, dense({ weights: { uniform: { low: 0, high: 2 } } }));
  net.connect(r, r2, oneToOne({ weights: { normal: { mean: 0, std: 1 } } }));
  net.connect(r2, r3, sparse({ p: 0.3, weights: { normal: { mean: 0.2, std: 0.5 } } }), { delaySteps: 3 });
  return net;
}

/** The wave plus white noise (counter-based, so the same on every run): a full-rank lag covariance for online CCA. */
export const noisyWave: Stimulus = {
  label: 'noisy wave',
  frame(step, dt, out, width, batch) {
    wave.frame(step, dt, out, width, batch);
    for (let k = 0; k < width * batch; k++) out[k] = out[k]! + counterNormal(3, 1, step, k);
  },
};

/**
 * ReSU populations of every shape the gpu kernel handles: one channel with a long memory
 * and two components whose filters and bias a rule (online CCA) rewrites every 10 steps
 * while the network runs; three channels × 3 lags × 3 components with linear/ON/OFF
 * outputs, thresholds and a bias, fed by dense, sparse and one-to-one projections; one
 * lag and no rectified outputs (z1 only); a rate population reading a ReSU output.
 */
export function resuNetwork(seed?: number): Network {
  const net = new Network({ seed });
  const rng = new SeededRandom(5, 'resu-network');
  const filters = (k: number, width: number) => rng.fillNormal(new Float64Array(k * width), 0, 0.5);
  const src = net.population('S', 12, source());
  const a = net.population('A', 12, resu({ memory: 8, components: 2, filters: filters(2, 8) }));
  net.learn(a, new OnlineHebbianCCA({ memory: 8, horizon: 4, rate: 0.05, writeEvery: 10 }));
  const bModel = resu({
    channels: ['x', 'y', 'w'],
    memory: 3,
    components: 3,
    filters: filters(3, 9),
    outputs: {
      lin: { component: 3, mode: 'linear', threshold: 0.2 },
      on: { component: 1, mode: 'on', threshold: 0.1 },
      off: { component: 2, mode: 'off', threshold: -0.05 },
    },
    output: 'lin',
  });
  bModel.parameters.bias.set([0.3, -0.2, 0.1]);
  const b = net.population('B', 12, bModel);
  const c = net.population('C', 12, resu({ memory: 1, filters: [1.5], outputs: {} }));
  net.connect(src, a, oneToOne());
  net.connect(a, b, dense({ weights: { uniform: { low: -0.3, high: 0.3 } } }), { source: 'on1', target: 'x' });
  net.connect(a, b, sparse({ p: 0.3, weights: { normal: { mean: 0, std: 0.5 } } }), { source: 'off2', target: 'y', delaySteps: 2 });
  net.connect(src, b, oneToOne({ weights: 0.5 }), { target: 'w' });
  net.connect(b, c, oneToOne(), { source: 'off' });
  net.population('R', 6, linearRate({ tau: 0.005 }));
  net.connect(b, 'R', dense({ weights: { uniform: { low: 0, high: 0.5 } } }));
  return net;
}
