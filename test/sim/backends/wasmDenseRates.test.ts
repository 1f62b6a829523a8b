import { describe, expect, it } from '@jest/globals';
import { SeededRandom, prepareBackend } from '../../../src/index.js';
import type { DenseSynapses } from '../../../src/synapses/Connectivity.js';
import { denseKernels } from '../../../src/synapses/dense.js';
import { transposedKernels, type TransposedSynapses } from '../../../src/synapses/transposeOf.js';
import { WasmArena } from '../../../src/sim/backends/wasm/arena.js';
import { F32_PRODUCT_MIN_MACS, wasmDenseKernels, wasmTransposedKernels } from '../../../src/sim/backends/wasm/denseRates.js';
import { windowProduct as wasmWindowProduct } from '../../../src/sim/backends/wasm/windowProduct.js';
import { windowProduct as cpuWindowProduct } from '../../../src/sim/backends/cpu/windowProduct.js';

const U = 2 ** -24; // float32 unit roundoff

/** Run f with the cpu dense and transposed rate kernels made to throw (so a silent fallback fails). */
function withoutCpuRates(f: () => void): void {
  const [dense, transposed] = [denseKernels.rates, transposedKernels.rates];
  denseKernels.rates = () => {
    throw new Error('cpu dense rates ran');
  };
  transposedKernels.rates = () => {
    throw new Error('cpu transposed rates ran');
  };
  try {
    f();
  } finally {
    denseKernels.rates = dense;
    transposedKernels.rates = transposed;
  }
}

/**
 * The stated bound of a float32 sum of K products in another order than the cpu kernel's:
 * |wasm − cpu| ≤ 2·K·u·Σ_k |x_k·w_k| (each is within K·u·Σ|x w| of the exact sum).
 */
function expectWithinSumBound(got: Float32Array, want: Float32Array, absSums: Float64Array, K: number): void {
  let worst = 0;
  for (let k = 0; k < want.length; k++) {
    const bound = 2 * K * U * absSums[k]! + 1e-30;
    worst = Math.max(worst, Math.abs(got[k]! - want[k]!) / bound);
  }
  expect(worst).toBeLessThanOrEqual(1);
}

function setup(pre: number, post: number, batch: number, seed: number) {
  const r = new SeededRandom(seed, 'wasm-dense');
  const weights = Float32Array.from({ length: pre * post }, () => r.range(-1, 1));
  const xs = Float32Array.from({ length: pre * batch }, (_, k) => (k % 3 === 0 ? 0 : r.range(-2, 2))); // a third zero, as a sparse input
  const arena = new WasmArena(1 << 22);
  return { r, weights, xs, arena };
}

describe('wasm dense and transposed rates (assembly/denseProducts.ts)', () => {
  // post 29 and 10: not multiples of 8 (the scalar column tail); batch 5 and 13: a row tail;
  // all at least F32_PRODUCT_MIN_MACS multiply-adds, so the SIMD kernel runs (checked below)
  it.each([
    { pre: 300, post: 29, batch: 5 },
    { pre: 300, post: 10, batch: 13 },
    { pre: 64, post: 64, batch: 8 },
  ])('dense X·W within 2·K·u·Σ|x w| of the cpu kernel; a repeated input reuses the product only while the weights repeat ($pre → $post, batch $batch)', ({ pre, post, batch }) => {
    const { weights, xs, arena } = setup(pre, post, batch, pre + post);
    const syn: DenseSynapses = { kind: 'dense', preSize: pre, postSize: post, weights };
    const x = arena.f32(pre * batch);
    x.set(xs);
    const out = arena.f32(post * batch);
    const sums = new Float64Array(post * batch);
    for (let b = 0; b < batch; b++) for (let i = 0; i < pre; i++) for (let j = 0; j < post; j++) sums[b * post + j] += Math.abs(xs[b * pre + i]! * weights[i * post + j]!);
    const want = new Float32Array(post * batch);
    denseKernels.rates(syn, xs, want, batch);
    expect(want.some((v) => v !== 0)).toBe(true);
    expect(pre * post * batch).toBeGreaterThanOrEqual(F32_PRODUCT_MIN_MACS);
    const wasm = () => withoutCpuRates(() => wasmDenseKernels.rates(syn, x, out, batch));
    wasm();
    expectWithinSumBound(out, want, sums, pre);
    const first = out.slice();
    out.fill(0);
    wasm(); // same input, same weights: the stored product
    expect(out).toEqual(first);
    weights[pre * post - 1] += 1; // the last weight moves: the product must be recomputed
    out.fill(0);
    wasm();
    const moved = new Float32Array(post * batch);
    denseKernels.rates(syn, xs, moved, batch);
    expect(out[post * batch - 1]).not.toBe(first[post * batch - 1]);
    expectWithinSumBound(out, moved, sums.map((s, k) => s + (k % post === post - 1 ? Math.abs(xs[(Math.floor(k / post) + 1) * pre - 1]!) : 0)), pre);
  });

  it.each([
    { m: 300, n: 29, batch: 5 },
    { m: 300, n: 10, batch: 11 },
  ])('transposed X·Wᵀ within the same bound; an all-zero input adds nothing ($m ← $n, batch $batch)', ({ m, n, batch }) => {
    const { weights, arena, r } = setup(m, n, batch, m * n);
    const forward: DenseSynapses = { kind: 'dense', preSize: m, postSize: n, weights };
    const syn: TransposedSynapses = { kind: 'transposed', preSize: n, postSize: m, weights, forward };
    const xs = Float32Array.from({ length: n * batch }, (_, k) => (k < n ? 0 : r.range(-2, 2))); // batch row 0 silent
    const x = arena.f32(n * batch);
    const out = arena.f32(m * batch);
    out.fill(0.5);
    withoutCpuRates(() => wasmTransposedKernels.rates(syn, x, out, batch)); // all zero
    expect(Array.from(out).every((v) => v === 0.5)).toBe(true);
    x.set(xs);
    out.fill(0);
    withoutCpuRates(() => wasmTransposedKernels.rates(syn, x, out, batch));
    const want = new Float32Array(m * batch);
    transposedKernels.rates(syn, xs, want, batch);
    const sums = new Float64Array(m * batch);
    for (let b = 0; b < batch; b++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) sums[b * m + i] += Math.abs(xs[b * n + j]! * weights[i * n + j]!);
    expect(want.some((v) => v !== 0)).toBe(true);
    expectWithinSumBound(out, want, sums, n);
  });

  it('leaves products under F32_PRODUCT_MIN_MACS on the cpu kernel: bit-identical', () => {
    const [pre, post, batch] = [37, 29, 5];
    const { weights, xs, arena } = setup(pre, post, batch, 1);
    const syn: DenseSynapses = { kind: 'dense', preSize: pre, postSize: post, weights };
    const x = arena.f32(pre * batch);
    x.set(xs);
    const out = arena.f32(post * batch);
    const want = new Float32Array(post * batch);
    denseKernels.rates(syn, xs, want, batch);
    wasmDenseKernels.rates(syn, x, out, batch);
    expect(new Uint32Array(out.buffer, out.byteOffset, out.length)).toEqual(new Uint32Array(want.buffer));
  });

  it('windowProduct G = α·xᵀy on XNNPACK within the same bound of the cpu GEMM', async () => {
    await prepareBackend('wasm');
    const [pre, post, batch, alpha] = [45, 23, 7, 1 / 7];
    const r = new SeededRandom(3, 'window-product');
    const x = Float32Array.from({ length: pre * batch }, () => r.range(-1, 1));
    const y = Float32Array.from({ length: post * batch }, () => r.range(-1, 1));
    const got = new Float32Array(pre * post);
    const want = new Float32Array(pre * post);
    wasmWindowProduct(pre, post, batch, alpha, x, y, got);
    cpuWindowProduct(pre, post, batch, alpha, x, y, want);
    const sums = new Float64Array(pre * post);
    for (let i = 0; i < pre; i++) for (let j = 0; j < post; j++) for (let b = 0; b < batch; b++) sums[i * post + j] += alpha * Math.abs(x[b * pre + i]! * y[b * post + j]!);
    expectWithinSumBound(got, want, sums, batch + 1); // + 1: the scale's rounding
  });
});
