import { Network, dense, lif, linearRate, oneToOne, source, sparse, type Stimulus } from '../../../src/index.js';

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
export function everyKindNetwork(options: { recurrent?: boolean } = {}): Network {
  const net = new Network();
  const src = net.population('S', 20, source());
  const e = net.population('E', 60, lif({ tau: 0.02, vRest: 0, vThresh: 1, vReset: 0, tRef: 0.002, R: 1, synapses: { g: 0.005 }, vInit: [0, 1] }));
  const e2 = net.population('E2', 60, lif({ tau: 0.01, vThresh: 0.5, vReset: -0.1, bias: 0.3 }));
  const r = net.population('R', 30, linearRate({ tau: 0.01, gain: 0.5, bias: 0.1 }));
  const r2 = net.population('R2', 30, linearRate({ tau: 0.005, rectify: true, bias: -0.2 }));
  const r3 = net.population('R3', 40, linearRate({ gain: 2 }));
  net.connect(src, e, dense({ weights: { uniform: { low: 0, high: 0.15 } } }));
  if (options.recurrent ?? true) net.connect(e, e, sparse({ p: 0.1, weights: { normal: { mean: 0.05, std: 0.1 } } }), { delay: 2, target: 'g' });
  else net.connect(src, e, sparse({ p: 0.2, weights: { normal: { mean: 0.02, std: 0.05 } } }), { delay: 2, target: 'g' });
  net.connect(e, e2, oneToOne({ weights: 0.3 }), { target: 'v', delay: 1 });
  net.connect(e, e2, sparse({ p: 0.2, weights: { normal: { mean: 0.5, std: 0.5 } } }), { delay: 1 });
  net.connect(e, r, dense({ weights: { uniform: { low: 0, high: 2 } } }));
  net.connect(r, r2, oneToOne({ weights: { normal: { mean: 0, std: 1 } } }));
  net.connect(r2, r3, sparse({ p: 0.3, weights: { normal: { mean: 0.2, std: 0.5 } } }), { delay: 3 });
  return net;
}
