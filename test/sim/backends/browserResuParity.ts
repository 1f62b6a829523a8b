import modelJson from '../../../models/drosophila-motion.json' with { type: 'json' };
import { DrosophilaMotion, SUBTYPES, Simulator, gpuMode, gratings, type Network, type Stimulus } from '../../../src/index.js';
import { noisyWave, resuNetwork } from './networks.js';

/**
 * Runs in Chromium: the ReSU parity cases of resuParity.test.ts (the ReSU network with a
 * rule rewriting its filters, and the trained 16-pixel fly circuit watching a grating)
 * on cpu and gpu (WebGL2 there) in the same page. Returns the worst excess over
 * ABS + REL·|x| across every recorded output at every step and the final state.
 */
export default function browserResuParity(steps = 1000, ABS = 1e-5, REL = 1e-5) {
  const run = (make: () => Network, backend: string, dt: number, stimulus: Stimulus, record: string[], learn: boolean) => {
    const net = make();
    const sim = new Simulator(net, { backend, dt, seed: 7, batch: 2, checkFinite: 0 });
    const t0 = performance.now();
    const r = sim.runSteps(stimulus, steps, { record, learn });
    const ms = performance.now() - t0;
    const values: Record<string, Float32Array> = {};
    for (const p of record) values[`${p} (recorded)`] = r.output(p).data;
    for (const pop of net.populations) for (const v of pop.model.variables) values[`${pop.name}.${v}`] = Float32Array.from(pop.state[v]!);
    return { values, ms };
  };
  const fly = () => DrosophilaMotion.fromJSON(modelJson, 'models/drosophila-motion.json').network;
  const grating = gratings({ wavelength: 4, temporalFrequency: 4, direction: [1, -1], contrast: Math.SQRT2 });
  const cases = [
    { name: 'resu network', make: resuNetwork, dt: 1e-3, stimulus: noisyWave, record: ['A', 'B', 'C', 'R'], learn: true },
    { name: 'fly circuit', make: fly, dt: 0.005, stimulus: grating, record: ['L', ...SUBTYPES], learn: false },
  ];
  return {
    mode: gpuMode(),
    cases: cases.map((c) => {
      const cpu = run(c.make, 'cpu', c.dt, c.stimulus, c.record, c.learn);
      const gpu = run(c.make, 'gpu', c.dt, c.stimulus, c.record, c.learn);
      let excess = 0;
      let worstAt = '';
      let largest = 0;
      for (const [name, ref] of Object.entries(cpu.values)) {
        const got = gpu.values[name]!;
        for (let k = 0; k < ref.length; k++) {
          const d = Math.abs(got[k]! - ref[k]!);
          largest = Math.max(largest, d);
          const e = d - (ABS + REL * Math.abs(ref[k]!));
          if (e > excess || !(d <= d)) {
            excess = e;
            worstAt = `${name}[${k}]`;
          }
        }
      }
      return { name: c.name, excess, worstAt, largest, msCpu: cpu.ms, msGpu: gpu.ms };
    }),
  };
}
