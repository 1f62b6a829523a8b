/**
 * Compose a circuit in TypeScript: a spiking input layer drives a recurrent LIF layer
 * through delayed, plastic synapses; monitors record it and a stream shows it live.
 *   npx tsx examples/compose-circuit.ts
 */
import { take } from 'rxjs';
import { Network, RateMonitor, Simulator, SpikeMonitor, lif, poissonInput, sparse, spikeSource, stdp } from 'neurostream';

const net = new Network({ seed: 42 }); // seeds the random connectivity; the Simulator's seed, initial states and noise
const input = net.population('input', 200, spikeSource());
const cortex = net.population('cortex', 400, lif({ tau: 0.02, vThresh: 1, vReset: 0, tRef: 0.002, synapses: { ge: 0.005, gi: 0.01 } }));

// Feed-forward excitation (plastic) and recurrent inhibition with a 2-step delay.
const ff = net.connect(input, cortex, sparse({ p: 0.1, weights: { uniform: { low: 0, high: 1 } } }), { target: 'ge' });
net.connect(cortex, cortex, sparse({ p: 0.05, weights: -0.2 }), { target: 'gi', delaySteps: 2 });
net.learn(ff, stdp({ aPlus: 0.005, aMinus: 0.006, wMax: 1 }));

const sim = new Simulator(net, { dt: 1e-4, seed: 42 });
const spikes = sim.add(new SpikeMonitor('cortex'));
const rate = sim.add(new RateMonitor('cortex', { everySteps: 100 }));

// Poisson input at 20 Hz (counter-based draws: the same seed, the same spikes).
const poisson = poissonInput({ rate: 20, seed: 42 });
const before = Float32Array.from(ff.weights);
const result = sim.run(poisson, 1);
let changed = 0;
ff.weights.forEach((w, k) => (changed += Math.abs(w - before[k]!)));

console.log(`cortex: ${result.meanRate('cortex').toFixed(1)} Hz, ${spikes.count} spikes; input→cortex weights moved by ${changed.toFixed(2)} in total`);
console.log(`population rate in 10 ms bins: ${Array.from(rate.rates.slice(0, 10), (r) => r.toFixed(0)).join(' ')} …`);

// The same simulator streams on the wall clock (here 10× faster than real time) for live display.
sim.stream(poisson, { speed: 10, duration: 0.05 }).pipe(take(3)).subscribe((tick) => console.log(`live tick ${tick.step} at t = ${tick.time.toFixed(4)} s`));
