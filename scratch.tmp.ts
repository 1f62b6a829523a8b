import { Network, Simulator, SpikeMonitor, StateMonitor, lif, defineModel, oneToOne, source, constant } from './src/index.js';
const eqLif = defineModel({
  equations: `
    dv/dt = (El - v + I + ge + gi)/tau : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt`,
  threshold: 'v > Vt', reset: 'v = Vr', refractory: '5 ms',
  parameters: { El: '-49 mV', tau: '20 ms', taue: '5 ms', taui: '10 ms', Vt: '-50 mV', Vr: '-60 mV' },
  inputs: { I: 'volt' }, init: { v: [-0.06, -0.05] }, kind: 'eqlif',
});
console.log(eqLif.method); console.log(eqLif.body(1e-4));
function run(model: any, backend: string) {
  const net = new Network();
  const s = net.population('S', 100, source());
  const p = net.population('P', 100, model);
  net.connect(s, p, oneToOne({ weights: { uniform: { low: 0, high: 0.004 } } }));
  net.connect(p, p, oneToOne({ weights: 0.002 }), { target: 'ge', delay: 1 });
  const sim = new Simulator(net, { dt: 1e-4, seed: 1, backend });
  const m = sim.add(new SpikeMonitor('P'));
  sim.runSteps(constant(1), 1000);
  return { spikes: m.spikes, v: Float32Array.from(p.state.v!) };
}
const builtin = lif({ tau: 20e-3, vRest: -49e-3, vThresh: -50e-3, vReset: -60e-3, tRef: 5e-3, synapses: { ge: 5e-3, gi: 10e-3 }, vInit: [-60e-3, -50e-3] });
const a = run(builtin, 'cpu'), b = run(eqLif, 'cpu'), c = run(eqLif, 'gpu');
for (const [name, x] of [['eq cpu', b], ['eq gpu', c]] as const) {
  let d = 0; for (let k = 0; k < 100; k++) d = Math.max(d, Math.abs(a.v[k]! - x.v[k]!));
  console.log(name, 'spikes', a.spikes.steps.length, x.spikes.steps.length, 'max dv', d, 'same', a.spikes.units.join() === x.spikes.units.join() && a.spikes.steps.join() === x.spikes.steps.join());
}
