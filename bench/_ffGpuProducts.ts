/**
 * The single products of bench/ff-gpu.ts, shared with its browser half: the second layer
 * of the FF-CNN (28×28×16 → 16 filters 5×5, "same" padding) and the first dense layer of
 * the 784-500-500 net, each on a batch of 100 (50 positives + 50 negatives).
 */
import { convOutSize, type ConvGeometry } from '../src/math/im2col.js';
import type { ProductKernels } from '../src/math/productKernels.js';
import { SeededRandom } from '../src/core/random.js';

const o = convOutSize(28, 5, 1, 2);
const conv: ConvGeometry = { inH: 28, inW: 28, inC: 16, outC: 16, kernel: 5, stride: 1, pad: 2, outH: o, outW: o };
const batch = 100;
const r = new SeededRandom(4);
const x = r.fillUniform(new Float32Array(batch * 28 * 28 * 16));
const w = r.fillNormal(new Float32Array(5 * 5 * 16 * 16));
const z = new Float32Array(batch * o * o * 16);
const dz = r.fillNormal(new Float32Array(z.length));
const dW = new Float32Array(w.length);
const xd = r.fillUniform(new Float32Array(batch * 784));
const wd = r.fillNormal(new Float32Array(784 * 500));
const zd = new Float32Array(batch * 500);
const dzd = r.fillNormal(new Float32Array(batch * 500));
const dWd = new Float32Array(784 * 500);

export const productCases: { name: string; run: (k: ProductKernels) => void }[] = [
  { name: 'conv forward: 28×28×16 → 16 filters 5×5, batch 100', run: (k) => k.conv2d(conv, x, batch, w, z) },
  { name: 'conv filter gradient: same layer, batch 100', run: (k) => k.conv2dFilterGrad(conv, x, dz, batch, dW) },
  { name: 'dense forward: 784 → 500, batch 100', run: (k) => k.matmul(false, false, batch, 500, 784, xd, wd, zd) },
  { name: 'dense weight gradient: xᵀ·dz, 784 × 500 over batch 100', run: (k) => k.matmul(true, false, 784, 500, batch, xd, dzd, dWd) },
];

/** ms per call (median of `reps` after one warm-up call) of every case, or of the one named `only`. */
export function timeProducts(k: ProductKernels, reps: number, only?: string): { name: string; ms: number }[] {
  return productCases
    .filter((c) => only === undefined || c.name === only)
    .map((c) => {
      c.run(k);
      const t: number[] = [];
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        c.run(k);
        t.push(performance.now() - t0);
      }
      t.sort((a, b) => a - b);
      return { name: c.name, ms: t[Math.floor(t.length / 2)]! };
    });
}
