import { lif } from '../neurons/lif.js';
import { Network } from '../sim/Network.js';
import { requirePositiveInt } from '../core/errors.js';
import { sparse } from '../synapses/sparse.js';

/** Options of `cubaNetwork`, Brian2's CUBA benchmark network. */
export interface CubaOptions {
  /** Number of neurons (default 4000); 80 % excitatory. */
  n?: number;
  /** Connection probability (default 0.02 × 4000 / n, keeping ~80 synapses per neuron). */
  p?: number;
  /** Seed of the random connectivity (the Network's seed, default 0). */
  seed?: number;
}

/**
 * Brian2's CUBA example (Vogels & Abbott 2005 benchmark, current-based): LIF neurons
 * with tau_m 20 ms, exponential synaptic "currents" (5 ms excitatory, 10 ms inhibitory,
 * in volts), V_t −50 mV, V_r −60 mV, E_l −49 mV, 5 ms refractory, p = 0.02,
 * w_e = 1.62 mV, w_i = −9 mV, v initialised uniformly in [V_r, V_t). Recurrent
 * projections have a delay of one step, which is when Brian2 applies a spike too.
 */
export function cubaNetwork(options: CubaOptions = {}): Network {
  const n = requirePositiveInt('cuba.n', options.n ?? 4000);
  const p = options.p ?? (0.02 * 4000) / n;
  const nE = Math.round(n * 0.8);
  const model = () =>
    lif({
      tau: 20e-3,
      vRest: -49e-3,
      vThresh: -50e-3,
      vReset: -60e-3,
      tRef: 5e-3,
      synapses: { ge: 5e-3, gi: 10e-3 },
      vInit: [-60e-3, -50e-3],
    });
  const net = new Network({ seed: options.seed });
  const E = net.population('E', nE, model());
  const I = net.population('I', n - nE, model());
  const we = (60 * 0.27) / 10 * 1e-3;
  const wi = (-20 * 4.5) / 10 * 1e-3;
  for (const post of [E, I]) {
    net.connect(E, post, sparse({ p, weights: we }), { delaySteps: 1, target: 'ge', name: `E->${post.name}` });
    net.connect(I, post, sparse({ p, weights: wi }), { delaySteps: 1, target: 'gi', name: `I->${post.name}` });
  }
  return net;
}
