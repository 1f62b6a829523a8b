import { Simulator, SpikeMonitor, cubaNetwork } from '../../../src/index.js';
import { everyKindNetwork, wave } from './networks.js';

/** Runs in Chromium: the wasm backend against cpu in the same page, bit for bit. */
export default function browserWasmParity() {
  const cases = [
    { name: 'every kind, batch 2', build: () => everyKindNetwork({ recurrent: false }), stimulus: wave, steps: 500, batch: 2, spiking: ['E', 'E2'] },
    { name: 'CUBA 1000', build: () => cubaNetwork({ n: 1000 }), stimulus: null, steps: 1000, batch: 1, spiking: ['E', 'I'] },
  ];
  return cases.map((c) => {
    const run = (backend: string) => {
      const net = c.build();
      const sim = new Simulator(net, { backend, dt: 1e-4, seed: 3, batch: c.batch });
      const mons = c.spiking.map((p) => sim.add(new SpikeMonitor(p)));
      sim.runSteps(c.stimulus, c.steps, { record: 'none' });
      const state: Record<string, number[]> = {};
      for (const pop of net.populations) for (const v of pop.model.variables) state[`${pop.name}.${v}`] = Array.from(pop.state[v]!);
      return { backend: sim.backend.name, spikes: mons.map((m) => ({ steps: Array.from(m.spikes.steps), units: Array.from(m.spikes.units) })), state };
    };
    const cpu = run('cpu');
    const wasm = run('wasm');
    return {
      name: c.name,
      backend: wasm.backend,
      spikes: cpu.spikes.reduce((n, s) => n + s.steps.length, 0),
      spikesEqual: JSON.stringify(cpu.spikes) === JSON.stringify(wasm.spikes),
      stateEqual: JSON.stringify(cpu.state) === JSON.stringify(wasm.state),
    };
  });
}
