import { Simulator, SpikeMonitor, gpuMode } from '../../../src/sim/index.js';
import { everyKindNetwork, wave } from './networks.js';

/** Runs in Chromium: the feedforward every-kind network on cpu and gpu (WebGL there). */
export default function browserParity(steps = 1000) {
  const run = (backend: string) => {
    const net = everyKindNetwork({ recurrent: false, seed: 11 });
    const sim = new Simulator(net, { backend, dt: 1e-4, seed: 11, batch: 2 });
    const mons = ['E', 'E2'].map((p) => sim.add(new SpikeMonitor(p)));
    const t0 = performance.now();
    sim.runSteps(wave, steps);
    const ms = performance.now() - t0;
    const state: Record<string, number[]> = {};
    for (const pop of net.populations) for (const v of pop.model.variables) state[`${pop.name}.${v}`] = Array.from(pop.state[v]!);
    return { spikes: mons.map((m) => ({ steps: Array.from(m.spikes.steps), units: Array.from(m.spikes.units) })), state, ms, describe: sim.backend.describe() };
  };
  const cpu = run('cpu');
  const gpu = run('gpu');
  let worst = 0;
  let worstAt = '';
  for (const [name, ref] of Object.entries(cpu.state)) {
    const got = gpu.state[name]!;
    for (let k = 0; k < ref.length; k++) {
      const excess = Math.abs(got[k]! - ref[k]!) - (1e-4 + 1e-4 * Math.abs(ref[k]!));
      if (excess > worst) {
        worst = excess;
        worstAt = `${name}[${k}]`;
      }
    }
  }
  return {
    mode: gpuMode(),
    describe: gpu.describe,
    spikes: cpu.spikes.reduce((n, s) => n + s.steps.length, 0),
    spikesEqual: JSON.stringify(cpu.spikes) === JSON.stringify(gpu.spikes),
    excess: worst,
    worstAt,
    msCpu: cpu.ms,
    msGpu: gpu.ms,
  };
}
