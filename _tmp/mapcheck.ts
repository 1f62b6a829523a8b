import { Network, Simulator } from '../src/sim/index.js';
import { configureGpu, kernelMapOutputs, gpu } from '../src/sim/backends/gpu/gpuContext.js';
import { wuxing } from '../bench/_gpuBrowser.js';
import { lif } from '../src/neurons/lif.js';
export default function mapcheck() {
  const out: Record<string, unknown> = { outputs: kernelMapOutputs() };
  let calls = 0;
  const g = gpu() as any;
  const orig = g.createKernelMap.bind(g);
  g.createKernelMap = (...a: unknown[]) => { calls++; return orig(...a); };
  for (const maps of [false, true]) {
    configureGpu({ kernelMaps: maps });
    const g2 = gpu() as any;
    const o2 = g2.createKernelMap.bind(g2);
    g2.createKernelMap = (...a: unknown[]) => { calls++; return o2(...a); };
    for (const [name, model] of [['wuxing', wuxing], ['lif', () => lif({ tau: 0.02, bias: 1.2, tRef: 0.002 })]] as const) {
      for (const n of [1e4, 1e5]) {
        const res: Record<string, number[]> = {};
        for (const backend of ['cpu', 'gpu']) {
          const net = new Network();
          const p = net.population('P', n, model());
          const sim = new Simulator(net, { dt: 1e-4, backend, checkFinite: 0 });
          sim.runSteps(null, 3, { record: 'none' });
          const t0 = performance.now();
          let done = 0;
          while (done === 0 || performance.now() - t0 < 300) { sim.runSteps(null, 10, { record: 'none' }); done += 10; }
          const ms = (performance.now() - t0) / done;
          const v = p.state[p.model.variables[0]!]!;
          res[backend] = [ms, v[0]!, v[n - 1]!];
        }
        out[`${name} ${n} maps=${maps}`] = { ...res, calls };
      }
    }
  }
  return out;
}
