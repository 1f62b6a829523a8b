import { describe, expect, it } from '@jest/globals';
import { Network } from '../../src/sim/Network.js';
import { Simulator } from '../../src/sim/Simulator.js';
import { lif } from '../../src/neurons/lif.js';
import { source } from '../../src/neurons/source.js';
import { linearRate } from '../../src/neurons/linearRate.js';
import { resu } from '../../src/neurons/resu.js';
import { dense } from '../../src/synapses/dense.js';
import { sparse } from '../../src/synapses/sparse.js';
import { oneToOne } from '../../src/synapses/oneToOne.js';
import { SeededRandom } from '../../src/core/random.js';
import { networkToNir } from '../../src/nir/fromNetwork.js';
import { nirToNetwork } from '../../src/nir/toNetwork.js';
import { writeNir } from '../../src/nir/writer.js';
import { readNir } from '../../src/nir/reader.js';
import { NirError } from '../../src/nir/errors.js';

const DT = 1e-4;

/** Input → dense → A (LIF), A → sparse → B (LIF, delayed 3 steps), A → one-to-one (w 0.5) → C (rate, τ). */
function circuit(): Network {
  const net = new Network();
  net.population('in', 8, source());
  net.population('A', 6, lif({ tau: 0.01, vThresh: 0.5, vReset: 0.1, vRest: 0.05, bias: 0.2, R: 2, vInit: 0.1 }));
  net.population('B', 5, lif({ tau: 0.02, vThresh: 0.3 }));
  net.population('C', 6, linearRate({ tau: 0.005, gain: 2, bias: 0.1 }));
  net.connect('in', 'A', dense({ weights: { uniform: { low: 0, high: 0.6 } } }));
  net.connect('A', 'B', sparse({ p: 0.5, weights: { uniform: { low: 30, high: 60 } } }), { delaySteps: 3 });
  net.connect('A', 'C', oneToOne({ weights: 0.5 }));
  return net;
}

function run(net: Network, input: string, pops: string[]) {
  const sim = new Simulator(net, { dt: DT, seed: 0 });
  const rnd = new SeededRandom(11, 'export-test');
  const frames = Array.from({ length: 400 }, () => Float32Array.from({ length: 8 }, () => (rnd.uniform() < 0.4 ? 1 : 0)));
  const r = sim.runSteps({ [input]: (s: number, _dt: number, out: Float32Array) => out.set(frames[s]!) }, 400, { record: pops });
  return { counts: pops.map((p) => Array.from(r.spikeCounts.get(p) ?? [])), r };
}

describe('networkToNir: a Network of LIF and rate populations with dense, sparse, one-to-one and delayed projections', () => {
  it('writes standard nodes: Input, Linear [post × pre], LIF with v_leak = vRest + R·bias, Delay in seconds, Scale, LI, Output', () => {
    const g = networkToNir(circuit(), { dt: '0.1 ms' });
    const types = Object.fromEntries(Object.entries(g.nodes).map(([k, n]) => [k, n.type]));
    expect(types).toEqual({
      in: 'Input', A: 'LIF', B: 'LIF', C: 'LI',
      'in->A': 'Linear', 'A->B': 'Linear', 'A->B.delay': 'Delay', 'A->C': 'Scale',
      'B.out': 'Output', 'C.out': 'Output',
    });
    const a = g.nodes.A!;
    expect(a.type !== 'NIRGraph' && a.params.v_leak!.data[0]).toBeCloseTo(0.05 + 2 * 0.2, 12);
    const lin = g.nodes['in->A']!;
    expect(lin.type !== 'NIRGraph' && lin.params.weight!.shape).toEqual([6, 8]);
    const d = g.nodes['A->B.delay']!;
    expect(d.type !== 'NIRGraph' && d.params.delay!.data[0]).toBeCloseTo(3e-4, 15);
    expect(g.edges).toContainEqual(['A->B', 'A->B.delay']);
  });

  it('export → file → import gives the same spikes and the same rate trace', async () => {
    const net = circuit();
    const want = run(net, 'in', ['A', 'B', 'C']);
    expect(want.counts[0]!.reduce((x, y) => x + y, 0)).toBeGreaterThan(10);
    expect(want.counts[1]!.reduce((x, y) => x + y, 0)).toBeGreaterThan(3);
    const bytes = await writeNir(networkToNir(net, { dt: DT }));
    const imp = nirToNetwork((await readNir(bytes, { file: 'circuit.nir' })).graph, { dt: DT });
    const got = run(imp.network, 'in', ['A', 'B', 'C']);
    expect(got.counts).toEqual(want.counts);
    const c0 = want.r.output('C').data;
    const c1 = got.r.output('C').data;
    let worst = 0;
    for (let k = 0; k < c0.length; k++) worst = Math.max(worst, Math.abs(c0[k]! - c1[k]!));
    expect(worst).toBeLessThan(1e-5);
  });

  it('a delay without dt, a refractory LIF and a ReSU population are errors naming the field; custom: true writes a marked node', async () => {
    expect(() => networkToNir(circuit())).toThrow(/'A->B'.*'delay'.*needs \{ dt \}/);
    const r = new Network();
    r.population('x', 2, lif({ tRef: 0.002 }));
    expect(() => networkToNir(r)).toThrow(NirError);
    expect(() => networkToNir(r)).toThrow(/node 'x', field 'tRef'/);
    const s = new Network();
    s.population('in', 1, source());
    s.population('L', 2, resu({ memory: 4, components: 1 }));
    s.connect('in', 'L', dense({ weights: 1 }));
    expect(() => networkToNir(s)).toThrow(/node 'L', field 'model'.*custom: true/);
    const g = networkToNir(s, { custom: true });
    const node = g.nodes.L!;
    expect(node.type).toBe('neurostream.resu');
    expect(node.metadata['neurostream.equations']).toMatch(/CCA/);
    const back = await readNir(await writeNir(g), { file: 'resu.nir' });
    expect(back.graph.nodes.L!.type).toBe('neurostream.resu');
    expect(() => nirToNetwork(back.graph)).toThrow(/'neurostream.resu' is a custom node/);
  });
});
