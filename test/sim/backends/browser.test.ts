import { describe, expect, it } from '@jest/globals';
import { chromiumHasWebGL2, runInChromium } from './chromium.js';

/**
 * gpu.js's WebGL path, which Node here cannot run: the feedforward every-kind network for
 * 1,000 steps in headless Chromium on SwiftShader (a software GPU), cpu backend against
 * gpu backend in the same page. Skipped where no Chromium with WebGL2 starts.
 */
const chromium = chromiumHasWebGL2();
if (!chromium) console.warn('browser parity test skipped: no Chromium with WebGL2 here');

describe('gpu backend in a browser (WebGL via SwiftShader)', () => {
  (chromium ? it : it.skip)('matches the cpu backend over 1,000 steps: same spikes, state within 1e-4 + 1e-4·|x|', async () => {
    const r = await runInChromium<{ mode: string; spikes: number; spikesEqual: boolean; excess: number; worstAt: string }>(
      new URL('./browserParity.ts', import.meta.url).pathname,
      { timeoutMs: 240_000 },
    );
    expect(['webgl2', 'webgl']).toContain(r.mode);
    expect(r.spikes).toBeGreaterThan(1000);
    expect(r.spikesEqual).toBe(true);
    expect({ excess: r.excess, at: r.worstAt }).toEqual({ excess: 0, at: '' });
  }, 300_000);

  (chromium ? it : it.skip)('runs the ReSU kernel like the cpu backend over 1,000 steps: a rule-trained network and the trained fly circuit, within 1e-5 + 1e-5·|x|', async () => {
    const r = await runInChromium<{ mode: string; cases: { name: string; excess: number; worstAt: string; largest: number }[] }>(
      new URL('./browserResuParity.ts', import.meta.url).pathname,
      { timeoutMs: 240_000 },
    );
    expect(['webgl2', 'webgl']).toContain(r.mode);
    expect(r.cases.map((c) => ({ name: c.name, excess: c.excess, at: c.worstAt }))).toEqual([
      { name: 'resu network', excess: 0, at: '' },
      { name: 'fly circuit', excess: 0, at: '' },
    ]);
    // The two backends ran different arithmetic (float32 shader sums against float64 loops).
    for (const c of r.cases) expect(c.largest).toBeGreaterThan(0);
  }, 300_000);

  (chromium ? it : it.skip)('runs RK4 equation models and the built-in Wuxing cell as kernel maps and as packed kernels like the cpu backend over 1,000 steps', async () => {
    const r = await runInChromium<{ mode: string; mapOutputs: number; spikes: number; variants: { kernelMaps: boolean; storage: string[]; spikesEqual: boolean; excess: number; worstAt: string }[] }>(
      new URL('./browserEquationParity.ts', import.meta.url).pathname,
      { timeoutMs: 240_000 },
    );
    expect(r.mapOutputs).toBeGreaterThanOrEqual(5);
    expect(r.spikes).toBeGreaterThan(40);
    expect(r.variants).toEqual([
      // The built-in Wuxing cell has six variables: a kernel map where the GL has six outputs.
      { kernelMaps: true, storage: ['mapped', 'mapped', r.mapOutputs >= 6 ? 'mapped' : 'packed'], spikesEqual: true, excess: 0, worstAt: '' },
      { kernelMaps: false, storage: ['packed', 'packed', 'packed'], spikesEqual: true, excess: 0, worstAt: '' },
    ]);
  }, 300_000);

  (chromium ? it : it.skip)('runs the FF layer kernels on WebGL2 within 2e-6 of float64, and FF training on the gpu backend like the cpu backend (1e-5)', async () => {
    type Errors = { conv: { gpuForward: number; gpuGrad: number }[]; matmul: { gpu: number }[]; chunked: { forward: number; grad: number } };
    const r = await runInChromium<{ mode: string; classes: string[]; kernels: Errors; stacks: { stack: string; ranOn: string; gap: number; weights: number }[] }>(
      new URL('./browserFFParity.ts', import.meta.url).pathname,
      { timeoutMs: 120_000 },
    );
    expect(r.mode).toBe('webgl2');
    expect(r.classes).toEqual(['WebGL2Kernel']);
    const worst = Math.max(...r.kernels.conv.flatMap((c) => [c.gpuForward, c.gpuGrad]), ...r.kernels.matmul.map((m) => m.gpu));
    expect(worst).toBeLessThan(2e-6);
    expect(r.kernels.chunked.forward).toBeLessThan(1e-7);
    expect(r.kernels.chunked.grad).toBeLessThan(1e-6);
    for (const s of r.stacks) {
      expect(s.ranOn).toBe('gpu');
      expect(s.gap).toBeLessThan(1e-5);
      expect(s.weights).toBeLessThan(1e-5);
    }
  }, 180_000);
});
