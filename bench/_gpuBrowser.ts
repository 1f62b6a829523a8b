/**
 * Runs inside headless Chromium (bench/gpu.ts --browser): the same measurements as
 * bench/gpu.ts on gpu.js's WebGL2 mode, which there renders on SwiftShader, a CPU
 * rasteriser — the GL code path's cost, not a GPU's speed. The ODE rows run each step
 * both as a kernel map (the default on GL) and as the packed one-output kernel.
 */
import { Network, Simulator } from '../src/sim/index.js';
import { lif } from '../src/neurons/lif.js';
import { defineModel } from '../src/neurons/equations/defineModel.js';
import { cubaNetwork } from '../src/circuits/cuba.js';
import { configureGpu, gpuMode } from '../src/sim/backends/gpu/gpuContext.js';
import type { NeuronModel } from '../src/neurons/NeuronModel.js';
import type { Stimulus } from '../src/sim/Stimulus.js';
import { DrosophilaMotion } from '../src/circuits/drosophila/DrosophilaMotion.js';
import { gratings } from '../src/stimuli/gratings.js';
import modelJson from '../models/drosophila-motion.json' with { type: 'json' };

/** The Wuxing ring, dE_i/dt = k1·E_{i−1} − k2·E_i − k3·E_i·E_{i−2} (+ I on E_0), as equations. */
export function wuxing(): NeuronModel {
  return defineModel({
    equations: [0, 1, 2, 3, 4].map((i) => `dE${i}/dt = k1*E${(i + 4) % 5} - k2*E${i} - k3*E${i}*E${(i + 3) % 5}${i === 0 ? ' + I' : ''} : 1`),
    parameters: { k1: '3 Hz', k2: '1 Hz', k3: '1 Hz' },
    inputs: { I: 'hertz' },
    init: { E0: 2.5, E1: 1.5, E2: 2, E3: 2.2, E4: 1.8 },
    method: 'rk4',
    kind: 'wuxingBench',
  });
}

/** Steps in chunks until at least 200 ms passed: the page's clock is coarse (0.1 ms). */
function msPerStep(sim: Simulator, steps: number, stimulus: Stimulus | null = null): number {
  sim.runSteps(stimulus, 3, { record: 'none', learn: false });
  const t0 = performance.now();
  let done = 0;
  while (done === 0 || performance.now() - t0 < 200) {
    sim.runSteps(stimulus, steps, { record: 'none', learn: false });
    done += steps;
  }
  return (performance.now() - t0) / done;
}

export default function gpuBrowserBench() {
  const rows: { name: string; gpu: number; cpu: number; unit?: string }[] = [];
  const single = (model: () => NeuronModel, n: number, backend: string) => {
    const net = new Network();
    net.population('P', n, model());
    return new Simulator(net, { dt: 1e-4, backend, checkFinite: 0 });
  };
  for (const [label, model] of [['Wuxing cell, 5 states, RK4 (equations)', wuxing], ['LIF (built-in, exact)', () => lif({ tau: 0.02, bias: 1.2, tRef: 0.002 })]] as const) {
    for (const n of [1e4, 1e5]) {
      const cpu = msPerStep(single(model, n, 'cpu'), 10);
      rows.push({ name: `${label}, ${n.toExponential(0)} units, kernel map`, gpu: msPerStep(single(model, n, 'gpu'), 10), cpu });
      // Before kernel maps: one thread per (variable, unit), each integrating the whole step.
      configureGpu({ kernelMaps: false });
      rows.push({ name: `${label}, ${n.toExponential(0)} units, packed one-output kernel`, gpu: msPerStep(single(model, n, 'gpu'), 10), cpu });
      configureGpu({ kernelMaps: true });
    }
  }
  const cuba = (backend: string) => new Simulator(cubaNetwork({ seed: 1 }), { dt: 1e-4, seed: 1, backend, checkFinite: 0 });
  rows.push({ name: 'CUBA 4000 LIF (sparse, ~80 synapses each), per 0.1 ms step', gpu: msPerStep(cuba('gpu'), 100), cpu: msPerStep(cuba('cpu'), 100) });
  // The trained fly circuit on a 64-pixel row, batch 256 (as in bench/gpu.ts).
  const json = { ...modelJson, settings: { ...modelJson.settings, pixels: 64 } };
  const stim = gratings({ wavelength: 4, temporalFrequency: 4 });
  const fly = (backend: string) => {
    const f = DrosophilaMotion.fromJSON(json);
    return (f.dt * 256 * 1000) / msPerStep(new Simulator(f.network, { dt: f.dt, batch: 256, backend, checkFinite: 0 }), 5, stim);
  };
  rows.push({ name: 'fly circuit (trained; ReSU lamina + T4/T5), 64 pixels, batch 256, grating: simulated s per wall s (× batch)', gpu: fly('gpu'), cpu: fly('cpu'), unit: '× real time' });
  return { mode: gpuMode(), renderer: rendererName(), rows };
}

export function rendererName(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return 'no webgl2';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}
