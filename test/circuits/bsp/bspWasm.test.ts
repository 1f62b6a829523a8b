import { describe, expect, it } from '@jest/globals';
import { prepareBackend } from '../../../src/index.js';
import { BspClassifier, type ImageSet } from '../../../src/node.js';
import { denseKernels } from '../../../src/synapses/dense.js';
import { transposedKernels } from '../../../src/synapses/transposeOf.js';
import type { NeuronModel } from '../../../src/neurons/NeuronModel.js';
import { F32_PRODUCT_MIN_MACS } from '../../../src/sim/backends/wasm/denseRates.js';
import type { Synapses } from '../../../src/synapses/Connectivity.js';
import { sparseImages } from '../../fixtures/sparseImages.js';

const images = (n: number, seed: number): ImageSet => sparseImages(n, seed, 'bsp-wasm', 8, 0.4);

/**
 * The BSP classifier on the wasm backend: Wuxing steps bit-identical to cpu, dense and
 * transposed products and the window product in float32, so the weights follow the cpu run
 * within float32 roundings. Stated bound: after 4 batches every weight within 1e-6 of cpu
 * (measured on MNIST {784, 300, 300, 10}, 4 batches of 50: 6.0e-8, one float32 ulp of |C| ≈ 0.8).
 * Layers of 64 at batch 10 put the two hidden products over F32_PRODUCT_MIN_MACS (the 64 → 3
 * one stays on the exact cpu kernel).
 */
describe('BSP on the wasm backend', () => {
  it('follows the cpu run within 1e-6 per weight over 4 batches, with the same counts, its kernels running in wasm', async () => {
    await prepareBackend('wasm');
    const set = images(40, 2);
    const make = (backend: string) => new BspClassifier({ layers: [64, 64, 64, 3], integrator: 'euler', window: 3, batch: 10, rate: 0.3, seed: 4 }, backend);
    const cpu = make('cpu');
    const wasm = make('wasm');
    const start = cpu.net.connections.map((p) => Float32Array.from(p.weights));
    for (const p of [...wasm.net.forward, ...wasm.net.reversed]) {
      (p.model as { step: NeuronModel['step'] }).step = () => {
        throw new Error(`cpu step of '${p.name}' ran on wasm`);
      };
    }
    const [dense, transposed] = [denseKernels.rates, transposedKernels.rates];
    // a product over the threshold must not reach the cpu kernels
    let cpuProducts = 0;
    const big = (syn: Synapses, batch: number) => syn.preSize * syn.postSize * batch >= F32_PRODUCT_MIN_MACS;
    denseKernels.rates = (syn, x, out, batch) => void (big(syn, batch) && cpuProducts++, dense(syn, x, out, batch));
    transposedKernels.rates = (syn, x, out, batch) => void (big(syn, batch) && cpuProducts++, transposed(syn, x, out, batch));
    try {
      for (let from = 0; from < set.count; from += 10) {
        const c = cpu.trainBatch(set, null, from);
        cpuProducts = 0;
        expect(wasm.trainBatch(set, null, from)).toEqual(c);
        expect(cpuProducts).toBe(0);
      }
    } finally {
      denseKernels.rates = dense;
      transposedKernels.rates = transposed;
    }
    cpu.net.connections.forEach((p, l) => {
      const w = wasm.net.connections[l]!.weights;
      let gap = 0;
      let moved = 0;
      p.weights.forEach((v, k) => {
        gap = Math.max(gap, Math.abs(v - w[k]!));
        moved = Math.max(moved, Math.abs(v - start[l]![k]!));
      });
      expect(moved).toBeGreaterThan(1e-3);
      expect(gap).toBeLessThanOrEqual(1e-6);
    });
  });
});
