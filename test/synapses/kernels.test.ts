import { describe, expect, it } from '@jest/globals';
import { denseKernels } from '../../src/synapses/dense.js';
import { transposedKernels } from '../../src/synapses/transposeOf.js';
import { SeededRandom, type DenseSynapses, type SparseSynapses, type TransposedSynapses } from '../../src/index.js';

function randomArray(n: number, r: SeededRandom, density = 1): Float32Array {
  const a = new Float32Array(n);
  for (let k = 0; k < n; k++) a[k] = r.uniform() < density ? r.range(-1, 1) : 0;
  return a;
}

/** out[b][j] = Σ_i x[b][i]·W[i][j] in float64, the reference the kernels must match. */
function naive(w: Float32Array, pre: number, post: number, x: Float32Array, batch: number): Float64Array {
  const out = new Float64Array(post * batch);
  for (let b = 0; b < batch; b++) for (let j = 0; j < post; j++) for (let i = 0; i < pre; i++) out[b * post + j] += x[b * pre + i]! * w[i * post + j]!;
  return out;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k]! - b[k]!));
  return m;
}

describe('dense rates kernel (blocked, tiled, held-input reuse)', () => {
  it('matches the plain product for batch 1…9, odd sizes, dense and mostly-zero input, and adds to out', () => {
    const r = new SeededRandom(11);
    for (const [pre, post] of [[7, 5], [70, 300], [130, 9]] as const) {
      for (const batch of [1, 3, 4, 5, 9]) {
        for (const density of [1, 0.1]) {
          const syn: DenseSynapses = { kind: 'dense', preSize: pre, postSize: post, weights: randomArray(pre * post, r) };
          const x = randomArray(pre * batch, r, density);
          const out = new Float32Array(post * batch).fill(0.5);
          denseKernels.rates(syn, x, out, batch);
          const ref = naive(syn.weights, pre, post, x, batch).map((v) => v + 0.5);
          expect(maxDiff(out, ref)).toBeLessThan(1e-4);
        }
      }
    }
  });

  it('reuses the product of a held input exactly, and notices changed weights or input', () => {
    const r = new SeededRandom(12);
    const pre = 40;
    const post = 30;
    const batch = 8;
    const syn: DenseSynapses = { kind: 'dense', preSize: pre, postSize: post, weights: randomArray(pre * post, r) };
    const x = randomArray(pre * batch, r);
    const run = () => {
      const out = new Float32Array(post * batch);
      denseKernels.rates(syn, x, out, batch);
      return out;
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(run()).toEqual(first);
    syn.weights[17] = syn.weights[17]! + 1;
    const changedW = run();
    expect(maxDiff(changedW, naive(syn.weights, pre, post, x, batch))).toBeLessThan(1e-4);
    expect(changedW).not.toEqual(first);
    x[3] = x[3]! + 1;
    expect(maxDiff(run(), naive(syn.weights, pre, post, x, batch))).toBeLessThan(1e-4);
  });
});

describe('transposed rates kernel (BSP backward projections)', () => {
  it('computes out += C x (the transpose of the forward product) for dense and sparse C, skipping silent rows', () => {
    const r = new SeededRandom(13);
    for (const batch of [1, 2, 5]) {
      const fpre = 9;
      const fpost = 6;
      const dense: DenseSynapses = { kind: 'dense', preSize: fpre, postSize: fpost, weights: randomArray(fpre * fpost, r) };
      const syn: TransposedSynapses = { kind: 'transposed', preSize: fpost, postSize: fpre, weights: dense.weights, forward: dense };
      const x = randomArray(fpost * batch, r);
      if (batch > 1) x.fill(0, 0, fpost);
      const out = new Float32Array(fpre * batch);
      transposedKernels.rates(syn, x, out, batch);
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < fpre; i++) {
          let s = 0;
          for (let j = 0; j < fpost; j++) s += dense.weights[i * fpost + j]! * x[b * fpost + j]!;
          expect(out[b * fpre + i]).toBeCloseTo(s, 5);
        }
      }
    }
    const sp: SparseSynapses = { kind: 'sparse', preSize: 3, postSize: 2, weights: Float32Array.of(2, 3, 5), rowPtr: Int32Array.of(0, 1, 2, 3), cols: Int32Array.of(0, 0, 1) };
    const t: TransposedSynapses = { kind: 'transposed', preSize: 2, postSize: 3, weights: sp.weights, forward: sp };
    const out = new Float32Array(3);
    transposedKernels.rates(t, Float32Array.of(1, 10), out, 1);
    expect(Array.from(out)).toEqual([2, 3, 50]);
  });
});
