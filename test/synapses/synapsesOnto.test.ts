import { describe, expect, it } from '@jest/globals';
import {
  dense, forEachSynapseFrom, forEachSynapseOnto, oneToOne, SeededRandom, sparse, SpecError, transposeOf, type SparseSynapses, type Synapses,
} from '../../src/index.js';

/**
 * Issue 14, plasticity API: a helper visits the synapses onto one post unit (and from one pre
 * unit) for every connectivity kind, so a rule needs no knowledge of the layout. Checked here
 * against a scan of each kind's documented layout.
 */
const PRE = 7;
const POST = 5;
const random = () => new SeededRandom(3).fork('test');

/** Every synapse as (pre, post, weight index), read off the documented layouts. */
function allSynapses(syn: Synapses): [number, number, number][] {
  const out: [number, number, number][] = [];
  if (syn.kind === 'dense') for (let i = 0; i < syn.preSize; i++) for (let j = 0; j < syn.postSize; j++) out.push([i, j, i * syn.postSize + j]);
  if (syn.kind === 'sparse') {
    const s = syn as SparseSynapses;
    for (let i = 0; i < s.preSize; i++) for (let k = s.rowPtr[i]!; k < s.rowPtr[i + 1]!; k++) out.push([i, s.cols[k]!, k]);
  }
  if (syn.kind === 'oneToOne') for (let i = 0; i < syn.preSize; i++) out.push([i, i, i]);
  return out;
}

const built: Record<string, Synapses> = {
  dense: dense({ weights: { normal: { std: 1 } } }).build(PRE, POST, random(), false),
  sparse: sparse({ p: 0.4, weights: 1 }).build(PRE, POST, random(), false),
  oneToOne: oneToOne().build(PRE, PRE, random(), false),
};

describe('forEachSynapseOnto / forEachSynapseFrom', () => {
  it.each(Object.keys(built))('%s: visits exactly the synapses onto each post unit and from each pre unit', (kind) => {
    const syn = built[kind]!;
    const expected = allSynapses(syn);
    expect(expected.length).toBeGreaterThan(0);
    for (let j = 0; j < syn.postSize; j++) {
      const seen: [number, number][] = [];
      forEachSynapseOnto(syn, j, (i, k) => seen.push([i, k]));
      expect(seen.sort((a, b) => a[0] - b[0])).toEqual(expected.filter((e) => e[1] === j).map((e) => [e[0], e[2]]).sort((a, b) => a[0] - b[0]));
    }
    for (let i = 0; i < syn.preSize; i++) {
      const seen: [number, number][] = [];
      forEachSynapseFrom(syn, i, (j, k) => seen.push([j, k]));
      expect(seen).toEqual(expected.filter((e) => e[0] === i).map((e) => [e[1], e[2]]));
    }
  });

  it('a transposed projection visits its forward synapses the other way round', () => {
    const fwd = built.sparse!;
    const t = transposeOf({ name: 'f', pre: { size: PRE }, post: { size: POST }, spec: sparse({ p: 0.4 }), built: fwd }).build(POST, PRE, random(), false);
    for (let i = 0; i < PRE; i++) {
      const onto: [number, number][] = [];
      forEachSynapseOnto(t, i, (j, k) => onto.push([j, k]));
      const from: [number, number][] = [];
      forEachSynapseFrom(fwd, i, (j, k) => from.push([j, k]));
      expect(onto).toEqual(from);
    }
  });

  it('names a unit out of range and a kind it cannot read', () => {
    expect(() => forEachSynapseOnto(built.dense!, POST, () => {})).toThrow(SpecError);
    expect(() => forEachSynapseOnto(built.dense!, POST, () => {})).toThrow(/forEachSynapseOnto\.post: 5 is outside \[0, 5\)/);
    expect(() => forEachSynapseFrom({ kind: 'conv', preSize: 1, postSize: 1, weights: new Float32Array(1) }, 0, () => {})).toThrow(/'conv'/);
  });
});
