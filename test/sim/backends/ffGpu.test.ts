import { afterAll, describe, expect, it } from '@jest/globals';
import { ffConv } from '../../../src/neurons/ff/ffConv.js';
import { configureGpu, gpuMode } from '../../../src/sim/backends/gpu/gpuContext.js';
import { gpuProductClasses, releaseGpuProducts } from '../../../src/sim/backends/gpu/productCache.js';
import { productKernels } from '../../../src/sim/backends/products.js';
import { getBackend } from '../../../src/sim/backends/registry.js';
import { SpecError } from '../../../src/core/errors.js';
import '../../../src/sim/backends/gpu/registerGpu.js';
import { kernelErrors, type KernelErrors } from './ffGpu.js';

/**
 * Forward-Forward products on gpu.js (the "FF dense/conv forward and gradient"): the
 * gpu backend's product kernels against a float64 reference. FF training on every backend
 * against cpu is in the parity table (parityCases.ts). Node runs gpu.js in 'webasm' here (no GL); its 'cpu' mode is
 * checked too. WebGL2 is checked in Chromium (browser.test.ts).
 *
 * Tolerance: every conv output, filter gradient and matmul within 2e-6 of the largest
 * |value| of the float64 result (measured ≤ 4.3e-7; the float32 typed-array reference
 * itself is off by up to 9.1e-7).
 */
const KERNEL_TOL = 2e-6;

function expectWithin(e: KernelErrors): void {
  for (const c of e.conv) {
    expect(c.gpuForward).toBeLessThan(KERNEL_TOL);
    expect(c.gpuGrad).toBeLessThan(KERNEL_TOL);
  }
  for (const m of e.matmul) expect(m.gpu).toBeLessThan(KERNEL_TOL);
  // split calls add the same partial sums in the same order
  expect(e.chunked.forward).toBeLessThan(1e-7);
  expect(e.chunked.grad).toBeLessThan(1e-6);
}

afterAll(() => configureGpu({}));

describe('gpu.js layer kernels (FF dense and conv)', () => {
  it(`conv forward, filter gradient and matmul agree with float64 within ${KERNEL_TOL} in webasm mode`, () => {
    expect(gpuMode()).toBe('webasm');
    releaseGpuProducts();
    expectWithin(kernelErrors(productKernels('gpu')));
    expect(gpuProductClasses()).toEqual(['WebAssemblyKernel']);
    releaseGpuProducts();
  });

  it("and in gpu.js's cpu mode", () => {
    configureGpu({ mode: 'cpu' });
    try {
      expectWithin(kernelErrors(productKernels('gpu')));
      expect(gpuProductClasses()).toEqual(['CPUKernel']);
    } finally {
      configureGpu({});
    }
  });

  it('rejects matrices it cannot index exactly, with a typed error', () => {
    const a = new Float32Array(4);
    expect(() => productKernels('gpu').matmul(false, false, 5000, 10, 4000, a, a, a)).toThrow(SpecError);
  });
});

describe('Forward-Forward layers on the gpu backend', () => {
  it('keeps FF state on the host: projections into its variables add to the host arrays', () => {
    const layer = ffConv({ inputShape: [4, 4, 1], channels: 2, kernel: 3 });
    const residency = getBackend('gpu').residency!;
    expect(residency.jumpTarget({ y: new Float32Array(32), h: new Float32Array(32) }, layer, 'y')).toBeNull();
  });
});
