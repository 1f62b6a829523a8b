import { describe, expect, it } from '@jest/globals';
import { Network, Simulator, linearRate, oneToOne, source, sparse, type Stimulus } from '../../../src/index.js';
import { counterNormal } from '../../../src/core/random.js';

/**
 * The wasm graded group gives a projection walked by diagonal runs its float32 shortcut
 * (x·w rounded once: the first term into a cleared channel) only where every output gets its
 * first term. Here: shifted maps alone on their channel (shortcut), a projection whose two
 * runs hit the same outputs and a second projection into an already written channel (no
 * shortcut: the float64 sum), one-to-one (every term added, even x = 0) — with zeros, −0,
 * negative and overflowing presynaptic values — bit for bit against cpu.
 */
describe('wasm graded group: first terms into a cleared channel as float32 products', () => {
  const drive: Stimulus = {
    label: 'zeros, −0, normals and huge values',
    frame(step, _dt, out) {
      for (let k = 0; k < out.length; k++) {
        const r = (k * 7 + step * 3) % 11;
        out[k] = r === 0 ? 0 : r === 1 ? -0 : r === 2 ? 3e20 * (step % 2 ? 1 : -1) : counterNormal(9, 2, step, k);
      }
    },
  };

  function build(): Network {
    const net = new Network({ seed: 2 });
    const s = net.population('S', 40, source());
    const w = { normal: { mean: 0.2, std: 1 } } as const;
    const shifted = net.population('Shifted', 38, linearRate({ gain: 1 }));
    net.connect(s, shifted, sparse({ pairs: Array.from({ length: 38 }, (_, u) => [u + 2, u] as [number, number]), weights: w }));
    const twice = net.population('Twice', 20, linearRate({ gain: 1 }));
    net.connect(s, twice, sparse({ pairs: Array.from({ length: 40 }, (_, i) => [i, i % 20] as [number, number]), weights: w }));
    const both = net.population('Both', 40, linearRate({ gain: 1 }));
    net.connect(s, both, oneToOne({ weights: w }));
    net.connect(s, both, sparse({ pairs: Array.from({ length: 36 }, (_, u) => [u, u + 4] as [number, number]), weights: w }));
    const huge = net.population('Huge', 40, linearRate({ gain: 1 }));
    net.connect(s, huge, oneToOne({ weights: { normal: { mean: 0, std: 1e20 } } }));
    return net;
  }

  function run(backend: string): Record<string, Uint32Array> {
    const net = build();
    const sim = new Simulator(net, { backend, dt: 1e-3, checkFinite: 0, batch: 2 });
    const seen: Record<string, Uint32Array> = {};
    for (let r = 0; r < 3; r++) {
      sim.run(drive, 4e-3, { record: 'none' });
      for (const pop of net.populations.slice(1)) seen[`${pop.name}.I@${r}`] = new Uint32Array(pop.inputs.I!.slice().buffer);
    }
    return seen;
  }

  it('delivers every case bit-identically to cpu', () => {
    const cpu = run('cpu');
    const wasm = run('wasm');
    const huge = new Float32Array(cpu['Huge.I@2']!.buffer);
    expect(huge.some((x) => !Number.isFinite(x))).toBe(true);
    expect(huge.some((x) => Object.is(x, 0))).toBe(true);
    for (const [name, bits] of Object.entries(cpu)) {
      const first = bits.findIndex((b, i) => b !== wasm[name]![i]);
      expect({ name, first }).toEqual({ name, first: -1 });
    }
  });
});
