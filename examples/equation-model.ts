/**
 * A neuron model from equations with units: the adaptive exponential integrate-and-fire
 * neuron (Brette & Gerstner 2005), driven by a current step, on the cpu and gpu backends.
 *
 * Run: npx tsx examples/equation-model.ts
 */
import { Network, Simulator, SpikeMonitor, constant, defineModel, oneToOne, source } from 'neurostream';

const adex = () =>
  defineModel({
    equations: `
      dv/dt = (gL*(EL - v) + gL*DeltaT*exp((v - VT)/DeltaT) - w + I)/C : volt (unless refractory)
      dw/dt = (a*(v - EL) - w)/tauw : amp`,
    threshold: 'v > -40*mV',
    reset: 'v = Vr; w += b',
    refractory: '2 ms',
    parameters: { C: '281 pF', gL: '30 nS', EL: '-70.6 mV', VT: '-50.4 mV', DeltaT: '2 mV', tauw: '144 ms', a: '4 nS', b: '0.0805 nA', Vr: '-70.6 mV' },
    inputs: { I: 'amp' },
    init: { v: '-70.6 mV' },
    kind: 'adex',
  });

console.log(`integration method: ${adex().method}`); // nonlinear (exp) → rk4

for (const backend of ['cpu', 'gpu']) {
  const net = new Network();
  const drive = net.population('drive', 3, source());
  net.population('adex', 3, adex());
  // Three cells, 0.8, 1.0 and 1.2 nA.
  net.connect(drive, 'adex', oneToOne({ weights: [0.8e-9, 1.0e-9, 1.2e-9] }));
  const sim = new Simulator(net, { dt: 1e-4, backend });
  const spikes = sim.add(new SpikeMonitor('adex'));
  sim.run(constant(1), 0.5);
  console.log(`\n${sim.backend.describe()}`);
  for (let cell = 0; cell < 3; cell++) {
    const t = Array.from(spikes.trainOf(cell), (s) => s * sim.dt * 1000);
    const isi = t.slice(1).map((x, k) => x - t[k]!);
    console.log(`  cell ${cell}: ${t.length} spikes; first ISI ${isi[0]?.toFixed(1)} ms, last ${isi[isi.length - 1]?.toFixed(1)} ms (adaptation)`);
  }
}

// A mismatch of units is caught before anything runs, naming the equation and both units:
try {
  defineModel({ equations: 'dv/dt = (EL - v)/tau + I : volt', parameters: { EL: '-70 mV', tau: '10 ms' }, inputs: { I: 'amp' } });
} catch (e) {
  console.log(`\n${(e as Error).name}: ${(e as Error).message}`);
}
