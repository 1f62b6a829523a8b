import { cpuProducts } from '../../../src/sim/backends/cpu/referenceProducts.js';
import { describe, expect, it } from '@jest/globals';
import { ffConv } from '../../../src/neurons/ff/ffConv.js';
import { ffDense } from '../../../src/neurons/ff/ffDense.js';
import type { FFLayer } from '../../../src/neurons/ff/ffLayer.js';
import { normAffineRelu, normAffineReluBackward } from '../../../src/neurons/ff/ffLayerNorm.js';
import { ffLossGradient } from '../../../src/plasticity/forwardForward.js';
import { SpecError } from '../../../src/core/errors.js';
import { SeededRandom } from '../../../src/core/random.js';

interface Params {
  w: Float64Array;
  b: Float64Array;
  gain: Float64Array;
  shift: Float64Array;
}

/** Forward of the paper's order in float64: z = W·x + b, u = z / rms(z), y = ReLU(γ·u + β). */
function forward(layer: FFLayer, x: Float64Array, batch: number, p: Params) {
  const N = layer.units;
  const y = new Float64Array(batch * N);
  const u = new Float64Array(batch * N);
  const inv = new Float64Array(batch);
  layer.linear(x, batch, p.w, p.b, y, cpuProducts);
  normAffineRelu(y, u, inv, p.gain, p.shift, y, N, layer.positionSize, batch);
  return { y, u, inv };
}

function checkGradient(layer: FFLayer, seed: number): void {
  const r = new SeededRandom(seed);
  const batch = 4;
  const signs = [1, -1, 1, -1];
  const C = layer.positionSize;
  const x = r.fillNormal(new Float64Array(batch * layer.inputSize));
  const p: Params = {
    w: Float64Array.from(layer.parameters.weights),
    b: r.fillNormal(new Float64Array(C), 0, 0.1),
    gain: r.fillNormal(new Float64Array(C), 1.5, 0.3),
    shift: r.fillNormal(new Float64Array(C), 0, 0.2),
  };
  const f0 = forward(layer, x, batch, p);
  let gm = 0;
  for (const v of f0.y) gm += v * v;
  const theta = gm / batch;
  const scale = 2 / theta;
  const lossAt = () => ffLossGradient(forward(layer, x, batch, p).y, layer.units, signs, batch, theta, scale, null);
  const dy = new Float64Array(f0.y.length);
  ffLossGradient(f0.y, layer.units, signs, batch, theta, scale, dy);
  const dGain = new Float64Array(C);
  const dShift = new Float64Array(C);
  normAffineReluBackward(dy, f0.u, f0.inv, p.gain, dGain, dShift, layer.units, C, batch);
  const dW = new Float64Array(p.w.length);
  const db = new Float64Array(C);
  layer.weightGrad(x, dy, batch, dW, db, cpuProducts);
  const eps = 1e-6;
  let nonzero = 0;
  const check = (arr: Float64Array, grad: Float64Array, j: number) => {
    const keep = arr[j]!;
    arr[j] = keep + eps;
    const up = lossAt();
    arr[j] = keep - eps;
    const down = lossAt();
    arr[j] = keep;
    const numeric = (up - down) / (2 * eps);
    const rel = Math.abs(numeric - grad[j]!) / Math.max(Math.abs(numeric), Math.abs(grad[j]!), 1e-8);
    expect(rel).toBeLessThan(1e-4);
    if (Math.abs(grad[j]!) > 1e-8) nonzero++;
  };
  for (let k = 0; k < 30; k++) check(p.w, dW, r.int(p.w.length));
  for (let c = 0; c < C; c++) {
    check(p.b, db, c);
    check(p.gain, dGain, c);
    check(p.shift, dShift, c);
  }
  expect(nonzero).toBeGreaterThan(10);
}

describe("FF layer in the paper's order (norm → gain/shift → ReLU)", () => {
  it('dense: weights, bias, gain and shift gradients match finite differences', () => {
    checkGradient(ffDense({ inputs: 12, units: 9, seed: 2, order: 'norm-relu' }), 21);
  });

  it('conv: weights, bias, per-channel gain and shift gradients match finite differences', () => {
    checkGradient(ffConv({ inputShape: [6, 6, 2], channels: 3, kernel: 3, seed: 3, order: 'norm-relu' }), 22);
  });

  it('without a gain, Σ ReLU(u)² ≤ N: a positive cannot clear θ = N; a gain of 2 can', () => {
    const N = 50;
    const batch = 3;
    const z = new SeededRandom(7).fillNormal(new Float32Array(N * batch), 0.5, 1);
    const y = new Float32Array(N * batch);
    const run = (g: number) => {
      normAffineRelu(z, new Float32Array(N * batch), new Float32Array(batch), new Float32Array(N).fill(g), new Float32Array(N), y, N, N, batch);
      return Array.from({ length: batch }, (_, b) => y.subarray(b * N, (b + 1) * N).reduce((s, v) => s + v * v, 0));
    };
    for (const g of run(1)) expect(g).toBeLessThanOrEqual(N + 1e-3);
    expect(Math.max(...run(2))).toBeGreaterThan(N);
  });

  it("layers carry gain (ones) and shift (zeros) per channel only in 'norm-relu'; a wrong order names the field", () => {
    const l = ffConv({ inputShape: [5, 5, 1], channels: 4, kernel: 3, order: 'norm-relu' });
    expect(Array.from(l.parameters.gain!)).toEqual([1, 1, 1, 1]);
    expect(Array.from(l.parameters.shift!)).toEqual([0, 0, 0, 0]);
    expect(l.describe().order).toBe('norm-relu');
    expect(ffConv({ inputShape: [5, 5, 1], channels: 4, kernel: 3 }).parameters.gain).toBeUndefined();
    expect(() => ffDense({ inputs: 3, units: 2, order: 'relu-first' as never })).toThrow(SpecError);
    expect(() => ffDense({ inputs: 3, units: 2, order: 'relu-first' as never })).toThrow(/ffDense\.order/);
  });
});
