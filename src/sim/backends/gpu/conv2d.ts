import type { ConvGeometry } from '../../../math/im2col.js';
import { convGeometryOf } from '../../../math/convGeometryOf.js';
import type { Conv2dKernel } from '../../../math/productKernels.js';
import { conv2d as cpuConv2d } from '../cpu/conv2d.js';
import { createKernel, type GpuKernel } from './gpuContext.js';
import { copyResult } from './productResult.js';
import { MAX_VALUES_PER_CALL, geometryConstants, geometryKey, imagesPerCall, productKernel } from './productCache.js';

/**
 * `conv2d` on the gpu backend, splitting calls by images so each reads and writes at most
 * `maxValuesPerCall` values per array (default 2^22). One gpu.js thread per output value, no
 * im2col: a thread walks its output position's receptive field. Float32; float64 calls go to
 * the cpu reference.
 */
export function gpuConv2d(maxValuesPerCall = MAX_VALUES_PER_CALL): Conv2dKernel {
  const max = Math.min(MAX_VALUES_PER_CALL, maxValuesPerCall);
  return (g, x, batch, w, out) => {
    if (!(x instanceof Float32Array) || !(w instanceof Float32Array) || !(out instanceof Float32Array)) {
      cpuConv2d(g, x, batch, w, out);
      return;
    }
    const { inSize: inN, outSize: outN, filterSize } = convGeometryOf(g);
    const chunk = imagesPerCall('gpu conv2d', inN, outN, max);
    const wk = w.subarray(0, filterSize);
    for (let b0 = 0; b0 < batch; b0 += chunk) {
      const n = Math.min(chunk, batch - b0);
      const k = productKernel(`conv:${geometryKey(g)}:${n}`, () => convKernel(g, n));
      copyResult(k(x.subarray(b0 * inN, (b0 + n) * inN), wk), out, b0 * outN);
    }
  };
}

/** The registered `conv2d` of the gpu backend. */
export const conv2d: Conv2dKernel = gpuConv2d();

/**
 * out[b][oy][ox][co] = Σ_{ky,kx,c} x[b][oy·s − pad + ky][ox·s − pad + kx][c] · w[ky][kx][c][co],
 * zero outside the image: thread (x = co, y = output position, z = image). Output channels
 * are the fastest thread axis, so neighbouring threads share the receptive field they read.
 */
function convKernel(g: ConvGeometry, batch: number): GpuKernel {
  return createKernel(
    `function (x, w) {
      const co = this.thread.x;
      const p = this.thread.y;
      const b = this.thread.z;
      const oy = Math.floor((p + 0.5) / this.constants.outW);
      const ox = p - oy * this.constants.outW;
      let sum = 0.0;
      for (let ky = 0; ky < this.constants.kernel; ky++) {
        const iy = oy * this.constants.stride - this.constants.pad + ky;
        if (iy >= 0 && iy < this.constants.inH) {
          for (let kx = 0; kx < this.constants.kernel; kx++) {
            const ix = ox * this.constants.stride - this.constants.pad + kx;
            if (ix >= 0 && ix < this.constants.inW) {
              const xo = ((b * this.constants.inH + iy) * this.constants.inW + ix) * this.constants.inC;
              const wo = (ky * this.constants.kernel + kx) * this.constants.inC * this.constants.outC + co;
              for (let c = 0; c < this.constants.inC; c++) {
                sum = sum + x[xo + c] * w[wo + c * this.constants.outC];
              }
            }
          }
        }
      }
      return sum;
    }`,
    { output: [g.outC, convGeometryOf(g).positions, batch], constants: geometryConstants(g), loopMaxIterations: Math.max(g.kernel, g.inC) + 1 },
  );
}
