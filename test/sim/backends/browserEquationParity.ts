import { Network, Simulator, SpikeMonitor, constant, oneToOne, source, wuxing } from '../../../src/index.js';
import { configureGpu, gpuMode, kernelMapOutputs } from '../../../src/sim/backends/gpu/gpuContext.js';
import { deviceStorage } from '../../../src/sim/backends/gpu/deviceState.js';
import { adex, wuxingCell } from '../../neurons/equations/models.js';

/**
 * Runs in Chromium: the equation-model parity network of defineModel.test.ts (AdEx, RK4
 * and spiking; a five-state Wuxing cell, RK4; and the built-in Wuxing cell with per-cell K3) for 1,000 steps on cpu and on gpu (WebGL2),
 * with the step as a kernel map (one thread per unit writing every variable) and as the
 * one-output packed kernel. Returns per variant whether spikes match and the worst excess
 * over 1e-4 + 1e-4·|x| of the final state.
 */
export default function browserEquationParity(steps = 1000) {
  const run = (backend: string) => {
    const net = new Network();
    const s = net.population('S', 40, source());
    const ad = net.population('A', 40, adex());
    const wx = net.population('W', 40, wuxingCell());
    net.connect(s, ad, oneToOne({ weights: { uniform: { low: 0.5e-9, high: 1.5e-9 } } }));
    net.connect(s, wx, oneToOne({ weights: { uniform: { low: 0, high: 0.5 } } }));
    const bw = net.population('B', 40, wuxing({ size: 40, k3: Array.from({ length: 200 }, (_, k) => 0.8 + 0.002 * k) }));
    net.connect(s, bw, oneToOne({ weights: { uniform: { low: 0, high: 0.5 } } }));
    const sim = new Simulator(net, { dt: 1e-4, seed: 2, backend });
    const mon = sim.add(new SpikeMonitor('A'));
    sim.runSteps(constant(1), steps);
    const state: Record<string, number[]> = {};
    for (const pop of [ad, wx, bw]) for (const v of pop.model.variables) state[`${pop.name}.${v}`] = Array.from(pop.state[v]!);
    return { spikes: JSON.stringify([Array.from(mon.spikes.steps), Array.from(mon.spikes.units)]), count: mon.spikes.steps.length, state, storage: [deviceStorage(ad.state), deviceStorage(wx.state), deviceStorage(bw.state)] };
  };
  const cpu = run('cpu');
  const variants = [true, false].map((kernelMaps) => {
    configureGpu({ kernelMaps });
    const gpu = run('gpu');
    let excess = 0;
    let worstAt = '';
    for (const [name, ref] of Object.entries(cpu.state)) {
      const got = gpu.state[name]!;
      for (let k = 0; k < ref.length; k++) {
        const e = Math.abs(got[k]! - ref[k]!) - (1e-4 + 1e-4 * Math.abs(ref[k]!));
        if (e > excess || Number.isNaN(e)) {
          excess = e;
          worstAt = `${name}[${k}]`;
        }
      }
    }
    return { kernelMaps, storage: gpu.storage, spikesEqual: gpu.spikes === cpu.spikes, excess, worstAt };
  });
  configureGpu({ kernelMaps: true });
  return { mode: gpuMode(), mapOutputs: kernelMapOutputs(), spikes: cpu.count, variants };
}
