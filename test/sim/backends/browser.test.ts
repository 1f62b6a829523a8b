import { describe, expect, it } from '@jest/globals';
import { chromiumHasWebGL2, runInChromium } from './chromium.js';
import { PARITY_CASES } from './parityCases.js';

/**
 * The parity table (parityCases.ts) in headless Chromium: wasm and gpu (gpu.js's WebGL2, on
 * SwiftShader, a software GPU) against cpu in the same page; and the gpu backend's product
 * kernels on WebGL2 against float64. Skipped where no Chromium with WebGL2 starts.
 */
const chromium = chromiumHasWebGL2();
if (!chromium) console.warn('browser parity test skipped: no Chromium with WebGL2 here');

describe('backends in a browser (Chromium: WebGL2 via SwiftShader, WebAssembly SIMD)', () => {
  // one page per case: a page that runs the whole table is too long for SwiftShader under load
  (chromium ? it.each : it.skip.each)(PARITY_CASES.map((c, index) => ({ name: c.name, index })))('$name: wasm and gpu match cpu within the bound, guard met', async ({ name, index }) => {
    type Result = { name: string; backend: string; guard: string | null; failures: string[] };
    const r = await runInChromium<{ mode: string; results: Result[] }>(new URL('./browserParity.ts', import.meta.url).pathname, { timeoutMs: 400_000, args: [index] });
    expect(r.mode).toBe('webgl2');
    expect(r.results.map((x) => x.backend)).toEqual(['wasm', 'gpu']);
    for (const x of r.results) expect({ case: x.name, on: x.backend, guard: x.guard, failures: x.failures }).toEqual({ case: name, on: x.backend, guard: null, failures: [] });
  }, 420_000);

  (chromium ? it : it.skip)('runs the product kernels on WebGL2 within 2e-6 of float64', async () => {
    type Errors = { conv: { gpuForward: number; gpuGrad: number }[]; matmul: { gpu: number }[]; chunked: { forward: number; grad: number } };
    const r = await runInChromium<{ mode: string; classes: string[]; kernels: Errors }>(new URL('./browserProducts.ts', import.meta.url).pathname, { timeoutMs: 120_000 });
    expect(r.mode).toBe('webgl2');
    expect(r.classes).toEqual(['WebGL2Kernel']);
    const worst = Math.max(...r.kernels.conv.flatMap((c) => [c.gpuForward, c.gpuGrad]), ...r.kernels.matmul.map((m) => m.gpu));
    expect(worst).toBeLessThan(2e-6);
    expect(r.kernels.chunked.forward).toBeLessThan(1e-7);
    expect(r.kernels.chunked.grad).toBeLessThan(1e-6);
  }, 180_000);
});
