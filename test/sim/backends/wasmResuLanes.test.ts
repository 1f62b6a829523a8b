import { describe, expect, it } from '@jest/globals';
import { Network, SeededRandom, Simulator, resu, source, sparse } from '../../../src/index.js';
import type { NeuronModel } from '../../../src/neurons/NeuronModel.js';
import { noisyWave } from './networks.js';

/**
 * The wasm ReSU step with one or two filters puts four units in the SIMD lanes (the fly's
 * lamina and detectors); others keep filters in the lanes. Every shape its loops split —
 * lags below, at and above the four-lag blocks and their remainder, one channel, an even and an odd number (one lag: channels go in pairs),
 * unit counts (× batch) with and without a tail of 1–3 units — must give the cpu step's
 * state and outputs to the bit, with a bias, thresholds and every output mode.
 */
describe('wasm ReSU step, units in the lanes (one or two filters)', () => {
  const shapes: { k: number; m: number; C: number; n: number; batch: number }[] = [];
  for (const k of [1, 2]) {
    for (const m of [1, 2, 3, 4, 5, 8, 9]) {
      for (const C of [1, 2, 3]) {
        for (const [n, batch] of [[3, 1], [5, 1], [7, 2]] as const) shapes.push({ k, m, C, n, batch });
      }
    }
  }

  function build({ k, m, C, n }: { k: number; m: number; C: number; n: number }): Network {
    const rng = new SeededRandom(11, `resu-lanes-${k}-${m}-${C}-${n}`);
    const net = new Network({ seed: 4 });
    const s = net.population('S', n + 2, source());
    const channels = Array.from({ length: C }, (_, c) => `x${c}`);
    const model = resu({
      channels,
      memory: m,
      components: k,
      filters: Array.from({ length: k * C * m }, () => rng.normal()),
      outputs: {
        on: { component: 1, mode: 'on', threshold: 0.1 },
        off: { component: k, mode: 'off', threshold: -0.05 },
        lin: { component: k, mode: 'linear', threshold: 0.3 },
      },
    });
    model.parameters.bias.set(Array.from({ length: k }, () => 0.5 * rng.normal()));
    const a = net.population('A', n, model);
    for (const x of channels) net.connect(s, a, sparse({ p: 0.6, weights: { normal: { mean: 0.3, std: 0.7 } } }), { target: x });
    return net;
  }

  function run(shape: (typeof shapes)[number], backend: string): Record<string, Float32Array> {
    const net = build(shape);
    const pop = net.getPopulation('A');
    // a silent fallback to the cpu step must fail, not pass trivially
    if (backend === 'wasm') (pop.model as { step: NeuronModel['step'] }).step = () => { throw new Error('cpu ReSU step ran on wasm'); };
    const sim = new Simulator(net, { backend, dt: 1e-3, batch: shape.batch });
    sim.run(noisyWave, 25e-3, { record: 'none' });
    return Object.fromEntries(pop.model.variables.map((v) => [v, pop.state[v]!.slice()]));
  }

  it.each(shapes)('k $k, $m lags, $C channels, $n units × batch $batch: state bit-identical to cpu', (shape) => {
    const cpu = run(shape, 'cpu');
    const wasm = run(shape, 'wasm');
    expect(cpu.lin!.some((x) => x !== 0)).toBe(true);
    for (const [v, a] of Object.entries(cpu)) {
      const bits = new Uint32Array(a.buffer);
      const other = new Uint32Array(wasm[v]!.buffer);
      const first = bits.findIndex((x, i) => x !== other[i]);
      expect({ v, first }).toEqual({ v, first: -1 });
    }
  });
});
