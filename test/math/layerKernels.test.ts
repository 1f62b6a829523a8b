import { describe, expect, it } from '@jest/globals';
import { convOutSize, type ConvGeometry } from '../../src/math/im2col.js';
import { typedArrayKernels, type LayerKernels } from '../../src/math/layerKernels.js';
import { parallelKernels } from '../../src/math/parallelKernels.js';
import { wasmKernels } from '../../src/math/wasmKernels.js';
import { SeededRandom } from '../../src/core/random.js';

function maxRelError(a: Float32Array, b: Float32Array): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i]! - b[i]!));
  return e / scale;
}

/** Every fast kernel set agrees with the typed-array reference (float32 tolerance). */
async function agree(k: LayerKernels): Promise<void> {
  const r = new SeededRandom(21);
  for (const [size, inC, outC, kernel, stride, pad] of [[12, 3, 5, 5, 1, 2], [11, 2, 4, 3, 2, 1]] as const) {
    const o = convOutSize(size, kernel, stride, pad);
    const g: ConvGeometry = { inH: size, inW: size, inC, outC, kernel, stride, pad, outH: o, outW: o };
    const batch = 7;
    const x = r.fillUniform(new Float32Array(batch * size * size * inC));
    const w = r.fillNormal(new Float32Array(kernel * kernel * inC * outC));
    const out = new Float32Array(batch * o * o * outC);
    const ref = out.slice();
    k.conv2d(g, x, batch, w, out);
    typedArrayKernels.conv2d(g, x, batch, w, ref);
    expect(maxRelError(out, ref)).toBeLessThan(1e-5);
    const dz = r.fillNormal(new Float32Array(out.length));
    const dW = new Float32Array(w.length);
    const dRef = dW.slice();
    k.conv2dFilterGrad(g, x, dz, batch, dW);
    typedArrayKernels.conv2dFilterGrad(g, x, dz, batch, dRef);
    expect(maxRelError(dW, dRef)).toBeLessThan(1e-5);
  }
  for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    const [m, n, kk] = [9, 7, 11];
    const A = r.fillNormal(new Float32Array(m * kk));
    const B = r.fillNormal(new Float32Array(kk * n));
    const C = new Float32Array(m * n);
    const ref = C.slice();
    k.matmul(tA, tB, m, n, kk, A, B, C);
    typedArrayKernels.matmul(tA, tB, m, n, kk, A, B, ref);
    expect(maxRelError(C, ref)).toBeLessThan(1e-5);
  }
}

describe('layer kernels', () => {
  it('wasm kernels (TensorFlow.js XNNPACK) agree with the typed-array reference', async () => {
    await agree(await wasmKernels());
  });

  it('two-thread kernels (worker thread) agree with the typed-array reference', async () => {
    await agree(await parallelKernels(await wasmKernels()));
  }, 30_000);
});
