import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { readNir } from '../../src/nir/reader.js';
import { writeNir } from '../../src/nir/writer.js';
import { nirToNetwork, type NirImport } from '../../src/nir/toNetwork.js';
import { networkToNir } from '../../src/nir/fromNetwork.js';
import { NirError } from '../../src/nir/errors.js';
import { Simulator } from '../../src/sim/Simulator.js';
import { SeededRandom } from '../../src/core/random.js';
import { collectWarnings } from '../../src/core/warnings.js';
import { canonical } from './graphEqual.js';

const fixture = (f: string): Uint8Array => readFileSync(new URL(`../fixtures/nir/${f}`, import.meta.url));

/** Spike counts per population over `steps` steps of seeded random 0/1 input (density p). */
function spikes(imp: NirImport, dt: number, steps: number, p: number, seed: number): Record<string, number> {
  const sim = collectWarnings(() => new Simulator(imp.network, { dt })).result;
  const src = imp.inputs[0]!;
  const width = imp.network.getPopulation(src).size;
  const rnd = new SeededRandom(seed, 'nir-input');
  const frames = Array.from({ length: steps }, () => Float32Array.from({ length: width }, () => (rnd.uniform() < p ? 1 : 0)));
  const r = sim.runSteps({ [src]: (s: number, _dt: number, out: Float32Array) => out.set(frames[s]!) }, steps, { record: 'none' });
  return Object.fromEntries([...r.spikeCounts].map(([k, v]) => [k, v.reduce((a, b) => a + b, 0)]));
}

// Every .nir file under paper/ of neuromorphs/NIR (commit 7232ada6) that the Python reference
// reads, with a step and run length (the CNN's 2312 inputs × 4096 units make its steps slow).
// Sinabs counts time in steps: its IF nodes add r·I per step at dt = 1 (s), which the simulator
// flags as an implausible step; the warning is collected here.
const READABLE: [string, number, number][] = [
  ['lif_norse.nir', 1e-4, 200],
  ['lif_rockpool.nir', 1e-4, 200],
  ['two_lif_neurons.nir', 1e-4, 200],
  ['cnn_sinabs.nir', 1, 30],
  ['braille_noDelay_bias_zero.nir', 1e-3, 200],
  ['braille_noDelay_noBias_subtract.nir', 1e-3, 200],
];

describe('the NIR paper files', () => {
  it.each(READABLE)('%s: imported, run on random input, exported and re-imported to an equal graph with the same spikes', async (file, dt, steps) => {
    const doc = await readNir(fixture(file), { file });
    const imp = nirToNetwork(doc.graph, { dt });
    const before = spikes(imp, dt, steps, 0.3, 7);
    expect(Object.values(before).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const bytes = await writeNir(networkToNir(imp.network, { dt }), { file });
    const again = await readNir(bytes, { file: `${file} (re-exported)` });
    expect(canonical(again.graph)).toEqual(canonical(doc.graph));
    const imp2 = nirToNetwork(again.graph, { dt });
    expect(spikes(imp2, dt, steps, 0.3, 7)).toEqual(before);
  });

  it("lif_rockpool.nir: the Output's shape [1, 1, 1] is reconciled with the LIF's [1] and the change noted", async () => {
    const doc = await readNir(fixture('lif_rockpool.nir'), { file: 'lif_rockpool.nir' });
    const out = doc.graph.nodes.output!;
    expect(out.type).toBe('Output');
    expect(out.type !== 'NIRGraph' && Array.from(out.params.shape!.data)).toEqual([1]);
    expect(out.metadata['neurostream.normalised']).toMatch(/\[1, 1, 1\]/);
  });

  it('the Braille recurrent layer gets its recurrent edge as a one-step delay', async () => {
    const doc = await readNir(fixture('braille_noDelay_bias_zero.nir'), { file: 'braille' });
    const imp = nirToNetwork(doc.graph, { dt: 1e-3 });
    const delayed = imp.network.projections.filter((p) => p.delaySteps > 0).map((p) => `${p.pre.name}->${p.post.name}:${p.delaySteps}`);
    expect(delayed).toEqual(['lif1.w_rec->lif1.lif:1']);
  });

  it.each(['braille_noDelay_bias_zero_subgraph.nir', 'braille_noDelay_noBias_subtract_subgraph.nir'])(
    '%s (the Python reference fails with KeyError) is rejected naming the subgraph, the edge and the unnamed node',
    async (file) => {
      const err = await readNir(fixture(file), { file }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NirError);
      expect((err as NirError).node).toBe('lif1');
      expect((err as NirError).field).toBe('edges');
      expect((err as Error).message).toMatch(new RegExp(`^${file}, node 'lif1', field 'edges': edge 'input' -> 'lif' names 'lif'.*no edge names 'lif1'`));
    },
  );
});
