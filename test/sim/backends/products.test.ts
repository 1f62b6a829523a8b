import { describe, expect, it } from '@jest/globals';
import { buildFFNetwork } from '../../../src/circuits/ff/ffNetwork.js';
import { SeededRandom } from '../../../src/core/random.js';
import { convOutSize, type ConvGeometry } from '../../../src/math/im2col.js';
import type { ProductKernels } from '../../../src/math/productKernels.js';
import { cpuProducts } from '../../../src/sim/backends/cpu/referenceProducts.js';
import { productKernels } from '../../../src/sim/backends/products.js';
import { getKernel, prepareBackend, registerBackend, registerKernel, unregisterKernel } from '../../../src/sim/backends/registry.js';
import { useKernelThreads } from '../../../src/sim/backends/wasm/kernelThreads.js';
import { Simulator } from '../../../src/sim/Simulator.js';
import { WasmArena, arenaOf } from '../../../src/sim/backends/wasm/arena.js';
import { Network, dense, source, wuxing } from '../../../src/index.js';
import type { ProjectionRule } from '../../../src/plasticity/PlasticityRule.js';

function maxRelError(a: Float32Array, b: Float32Array): number {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]!));
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i]! - b[i]!));
  return e / scale;
}

/** Every product of a backend agrees with the cpu reference (float32 tolerance 1e-5 of the largest value). */
function agree(k: ProductKernels): void {
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
    cpuProducts.conv2d(g, x, batch, w, ref);
    expect(maxRelError(out, ref)).toBeLessThan(1e-5);
    const dz = r.fillNormal(new Float32Array(out.length));
    const dW = new Float32Array(w.length);
    const dRef = dW.slice();
    k.conv2dFilterGrad(g, x, dz, batch, dW);
    cpuProducts.conv2dFilterGrad(g, x, dz, batch, dRef);
    expect(maxRelError(dW, dRef)).toBeLessThan(1e-5);
  }
  for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    const [m, n, kk] = [9, 7, 11];
    const A = r.fillNormal(new Float32Array(m * kk));
    const B = r.fillNormal(new Float32Array(kk * n));
    const C = new Float32Array(m * n);
    const ref = C.slice();
    k.matmul(tA, tB, m, n, kk, A, B, C);
    cpuProducts.matmul(tA, tB, m, n, kk, A, B, ref);
    expect(maxRelError(C, ref)).toBeLessThan(1e-5);
  }
  const [pre, post, batch] = [13, 6, 5];
  const x = r.fillNormal(new Float32Array(batch * pre));
  const y = r.fillNormal(new Float32Array(batch * post));
  const G = new Float32Array(pre * post);
  const ref = G.slice();
  k.windowProduct(pre, post, batch, 1 / batch, x, y, G);
  cpuProducts.windowProduct(pre, post, batch, 1 / batch, x, y, ref);
  expect(maxRelError(G, ref)).toBeLessThan(1e-5);
}

describe('product kernels (matmul, conv2d, conv2dFilterGrad, windowProduct) of every backend', () => {
  it('the cpu backend registers the reference products', () => {
    const k = productKernels('cpu');
    expect(k.backend).toBe('cpu');
    for (const name of ['matmul', 'conv2d', 'conv2dFilterGrad', 'windowProduct', 'windowSum'] as const) expect(k[name]).toBe(cpuProducts[name]);
  });

  it('the wasm backend (TensorFlow.js XNNPACK, after prepareBackend) agrees with the cpu reference', async () => {
    await prepareBackend('wasm');
    const k = productKernels('wasm');
    expect(k.conv2d).not.toBe(cpuProducts.conv2d);
    agree(k);
  });

  it('its two-thread conv products (worker thread) agree with the cpu reference', async () => {
    await useKernelThreads();
    agree(productKernels('wasm'));
  }, 30_000);

  it('the gpu backend (gpu.js) agrees with the cpu reference', () => {
    agree(productKernels('gpu'));
  });
});

describe('windowSum (BSP window sums) and view.floats', () => {
  /** Bits of a float32 array, so −0 and NaN payloads count. */
  const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

  it('the wasm kernel adds four values an instruction in its memory, to the cpu loop\'s bits (any length); arrays outside it take the loop', async () => {
    await prepareBackend('wasm');
    const k = productKernels('wasm');
    expect(k.windowSum).not.toBe(cpuProducts.windowSum);
    const arena = new WasmArena(1 << 20);
    const r = new SeededRandom(4, 'window-sum');
    for (const n of [1, 3, 4, 37, 1000]) {
      const acc = arena.f32(n);
      const x = arena.f32(n);
      const ref = new Float32Array(n);
      for (let step = 0; step < 20; step++) {
        // values of mixed scale, so the float32 rounding of each sum matters
        x.forEach((_v, i) => (x[i] = r.normal() * 10 ** r.int(6)));
        k.windowSum(acc, x);
        cpuProducts.windowSum(ref, x);
      }
      expect(bits(acc)).toEqual(bits(ref));
      const plain = new Float32Array(n);
      k.windowSum(plain, x); // not in the arena
      cpuProducts.windowSum(ref.fill(0), x);
      expect(bits(plain)).toEqual(bits(ref));
    }
  });

  it('a rule\'s view.floats live in the wasm memory (room for one value per pre and post value and batch copy), are ordinary arrays on cpu and past that room', async () => {
    await prepareBackend('wasm');
    const got: Float32Array[] = [];
    const asks = (): ProjectionRule => ({
      attach: 'projection',
      name: 'asks',
      init(view) {
        got.length = 0;
        got.push(view.floats(5 * 4), view.floats(7 * 4), view.floats(1 << 20));
      },
    });
    for (const backend of ['cpu', 'wasm']) {
      const net = new Network();
      const a = net.population('A', 5, source());
      const b = net.population('B', 7, wuxing({ size: 7 }));
      net.learn(net.connect(a, b, dense({ weights: 0.1 })), asks());
      new Simulator(net, { backend, batch: 4 });
      expect(got.map((f) => f.length)).toEqual([20, 28, 1 << 20]);
      expect(got.every((f) => f.every((v) => v === 0))).toBe(true);
      expect(got.map((f) => arenaOf(f) !== undefined)).toEqual(backend === 'wasm' ? [true, true, false] : [false, false, false]);
    }
  });
});

describe('the one backend axis', () => {
  it("a layer's forward products and its rule's gradient run on the simulator's backend, reached through the step context and the rule's view", () => {
    // a backend that counts the products it is asked for and computes them as the cpu does
    const calls: string[] = [];
    registerBackend({ name: 'counting', priority: -1, isAvailable: () => true, describe: () => 'counting: cpu products, counted' });
    for (const name of ['matmul', 'conv2d', 'conv2dFilterGrad'] as const) {
      const cpu = getKernel(name, 'cpu')!;
      registerKernel({ kernel: name, backend: 'counting', run: (...a: unknown[]) => { calls.push(name); return cpu(...a); } });
    }
    try {
      const run = (backend: string) => {
        const ff = buildFFNetwork({ inputShape: [6, 6, 1], architecture: { arch: 'conv', layers: [{ channels: 3, kernel: 3 }] }, lr: 1e-2, logitScale: 0.1, seed: 2 }, 4);
        ff.signs.set([1, 1, -1, -1]);
        const sim = new Simulator(ff.network, { backend, batch: 4, dt: 1, seed: 1 });
        const img = new SeededRandom(3).fillUniform(new Float32Array(4 * 36));
        sim.runSteps((_t, _dt, out) => out.set(img), 3);
        return { sim, weights: Array.from(ff.layers[0]!.parameters.weights) };
      };
      const counted = run('counting');
      expect(counted.sim.kernels.backend).toBe('counting');
      // three steps: a forward conv and a filter gradient each
      expect(calls.filter((c) => c === 'conv2d')).toHaveLength(3);
      expect(calls.filter((c) => c === 'conv2dFilterGrad')).toHaveLength(3);
      // and the same arithmetic as the cpu backend, bit for bit
      expect(counted.weights).toEqual(run('cpu').weights);
    } finally {
      for (const name of ['matmul', 'conv2d', 'conv2dFilterGrad']) unregisterKernel(name, 'counting');
    }
  });
});
