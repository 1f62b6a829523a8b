import type { ConvGeometry } from '../../../math/im2col.js';
import { convGeometryOf } from '../../../math/convGeometryOf.js';
import type { Conv2dFilterGradKernel } from '../../../math/productKernels.js';
import { conv2dFilterGrad as cpuConv2dFilterGrad } from '../cpu/conv2dFilterGrad.js';
import { createKernel, type GpuKernel } from './gpuContext.js';
import { copyResult } from './productResult.js';
import { MAX_VALUES_PER_CALL, geometryConstants, geometryKey, imagesPerCall, productKernel } from './productCache.js';

/**
 * Filter-gradient threads wanted per call: the batch is split into chunks whose partial sums
 * run in parallel (a GPU wants tens of thousands of threads; the K × outC filter entries alone
 * are a few hundred for a first layer), then added on the host.
 */
const GRAD_THREADS = 2 ** 16;

/**
 * `conv2dFilterGrad` on the gpu backend, calls split by images as for `gpuConv2d`: a thread
 * sums one filter entry over a group of images; the groups' partial sums are added on the host.
 * Float32; float64 calls go to the cpu reference.
 */
export function gpuConv2dFilterGrad(maxValuesPerCall = MAX_VALUES_PER_CALL): Conv2dFilterGradKernel {
  const max = Math.min(MAX_VALUES_PER_CALL, maxValuesPerCall);
  let parts = new Float32Array(0);
  return (g, x, dz, batch, dW) => {
    if (!(x instanceof Float32Array) || !(dz instanceof Float32Array) || !(dW instanceof Float32Array)) {
      cpuConv2dFilterGrad(g, x, dz, batch, dW);
      return;
    }
    const { inSize: inN, outSize: outN, filterSize: entries } = convGeometryOf(g);
    const chunk = imagesPerCall('gpu conv2dFilterGrad', inN, outN, max);
    dW.fill(0, 0, entries);
    for (let b0 = 0; b0 < batch; b0 += chunk) {
      const n = Math.min(chunk, batch - b0);
      // split the call's images into `groups` partial sums computed side by side
      const groups = Math.max(1, Math.min(n, Math.floor(GRAD_THREADS / entries)));
      const per = Math.ceil(n / groups);
      const k = productKernel(`convGrad:${geometryKey(g)}:${n}:${groups}`, () => filterGradKernel(g, n, groups, per));
      if (parts.length < groups * entries) parts = new Float32Array(groups * entries);
      copyResult(k(x.subarray(b0 * inN, (b0 + n) * inN), dz.subarray(b0 * outN, (b0 + n) * outN)), parts, 0);
      for (let p = 0; p < groups; p++) {
        const o = p * entries;
        for (let i = 0; i < entries; i++) dW[i] = dW[i]! + parts[o + i]!;
      }
    }
  };
}

/** The registered `conv2dFilterGrad` of the gpu backend. */
export const conv2dFilterGrad: Conv2dFilterGradKernel = gpuConv2dFilterGrad();

/**
 * Partial filter gradients: part[q][k][co] = Σ over images b of group q, positions p of
 * patch_b[p][k] · dz[b][p][co], with k = (ky·kernel + kx)·inC + c: thread (x = co, y = k,
 * z = q). Group q holds images q·per … q·per + per − 1.
 */
function filterGradKernel(g: ConvGeometry, batch: number, groups: number, per: number): GpuKernel {
  return createKernel(
    `function (x, dz) {
      const co = this.thread.x;
      const k = this.thread.y;
      const q = this.thread.z;
      const tap = Math.floor((k + 0.5) / this.constants.inC);
      const c = k - tap * this.constants.inC;
      const ky = Math.floor((tap + 0.5) / this.constants.kernel);
      const kx = tap - ky * this.constants.kernel;
      let sum = 0.0;
      for (let j = 0; j < this.constants.per; j++) {
        const b = q * this.constants.per + j;
        if (b < this.constants.batch) {
          for (let oy = 0; oy < this.constants.outH; oy++) {
            const iy = oy * this.constants.stride - this.constants.pad + ky;
            if (iy >= 0 && iy < this.constants.inH) {
              const xRow = (b * this.constants.inH + iy) * this.constants.inW;
              const dRow = (b * this.constants.outH + oy) * this.constants.outW;
              for (let ox = 0; ox < this.constants.outW; ox++) {
                const ix = ox * this.constants.stride - this.constants.pad + kx;
                if (ix >= 0 && ix < this.constants.inW) {
                  sum = sum + x[(xRow + ix) * this.constants.inC + c] * dz[(dRow + ox) * this.constants.outC + co];
                }
              }
            }
          }
        }
      }
      return sum;
    }`,
    {
      output: [g.outC, convGeometryOf(g).patch, groups],
      constants: { ...geometryConstants(g), batch, per },
      loopMaxIterations: Math.max(per, g.outH, g.outW) + 1,
    },
  );
}
