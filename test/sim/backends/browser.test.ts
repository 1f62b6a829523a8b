import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromiumHasWebGL2, openChromiumPage, type ChromiumPage } from './chromium.js';
import { PARITY_CASES } from './parityCases.js';

/**
 * The parity table (parityCases.ts) in headless Chromium: wasm and gpu (gpu.js's WebGL2, on
 * SwiftShader, a software GPU) against cpu in the same page; and the gpu backend's product
 * kernels on WebGL2 against float64. Skipped where no Chromium with WebGL2 starts.
 */
const chromium = chromiumHasWebGL2();
if (!chromium) console.warn('browser parity test skipped: no Chromium with WebGL2 here');

describe('backends in a browser (Chromium: WebGL2 via SwiftShader, WebAssembly SIMD)', () => {
  // One page for the suite, each case a call into it with its own time limit: the bundle, the
  // browser start and the page's warm-up were most of a case's time when each case had its own.
  let page: ChromiumPage | null = null;
  beforeAll(async () => {
    if (chromium) {
      page = await openChromiumPage({
        parity: new URL('./browserParity.ts', import.meta.url).pathname,
        products: new URL('./browserProducts.ts', import.meta.url).pathname,
      });
    }
  }, 180_000);
  afterAll(async () => {
    await page?.close();
  });

  (chromium ? it.each : it.skip.each)(PARITY_CASES.map((c, index) => ({ name: c.name, index })))('$name: wasm and gpu match cpu within the bound, guard met', async ({ name, index }) => {
    type Result = { name: string; backend: string; guard: string | null; failures: string[] };
    const r = await page!.call<{ mode: string; results: Result[] }>('parity', [index], 400_000);
    expect(r.mode).toBe('webgl2');
    expect(r.results.map((x) => x.backend)).toEqual(['wasm', 'gpu']);
    for (const x of r.results) expect({ case: x.name, on: x.backend, guard: x.guard, failures: x.failures }).toEqual({ case: name, on: x.backend, guard: null, failures: [] });
  }, 420_000);

  (chromium ? it : it.skip)('runs the product kernels on WebGL2 within 2e-6 of float64', async () => {
    type Errors = { conv: { gpuForward: number; gpuGrad: number }[]; matmul: { gpu: number }[]; chunked: { forward: number; grad: number } };
    const r = await page!.call<{ mode: string; classes: string[]; kernels: Errors }>('products', [], 120_000);
    expect(r.mode).toBe('webgl2');
    expect(r.classes).toEqual(['WebGL2Kernel']);
    const worst = Math.max(...r.kernels.conv.flatMap((c) => [c.gpuForward, c.gpuGrad]), ...r.kernels.matmul.map((m) => m.gpu));
    expect(worst).toBeLessThan(2e-6);
    expect(r.kernels.chunked.forward).toBeLessThan(1e-7);
    expect(r.kernels.chunked.grad).toBeLessThan(1e-6);
  }, 180_000);
});
