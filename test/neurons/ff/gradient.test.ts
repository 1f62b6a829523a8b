import { cpuProducts } from '../../../src/sim/backends/cpu/referenceProducts.js';
import { describe, expect, it } from '@jest/globals';
import { ffConv } from '../../../src/neurons/ff/ffConv.js';
import { ffDense } from '../../../src/neurons/ff/ffDense.js';
import type { FFLayer } from '../../../src/neurons/ff/ffLayer.js';
import { ffLossGradient, type FFLossKind } from '../../../src/plasticity/forwardForward.js';
import { SeededRandom } from '../../../src/core/random.js';

/** The layer's FF loss on a fixed batch as a function of its weights and bias (float64). */
function lossOf(layer: FFLayer, x: Float64Array, batch: number, w: Float64Array, b: Float64Array, signs: number[], theta: number, scale: number, group: number, kind: FFLossKind): number {
  const y = new Float64Array(batch * layer.units);
  layer.linear(x, batch, w, b, y, cpuProducts);
  for (let i = 0; i < y.length; i++) y[i] = Math.max(0, y[i]!);
  return ffLossGradient(y, layer.units, signs, batch, theta, scale, null, undefined, group, kind);
}

function checkGradient(layer: FFLayer, seed: number, group = layer.units, kind: FFLossKind = 'threshold'): void {
  const r = new SeededRandom(seed);
  const batch = 4;
  const signs = [1, -1, 1, -1];
  const x = r.fillNormal(new Float64Array(batch * layer.inputSize));
  const w = Float64Array.from(layer.parameters.weights);
  const b = r.fillNormal(new Float64Array(layer.parameters.bias.length), 0, 0.1);
  // θ near the batch's mean goodness and a soft logit, so every sample has a gradient
  const y = new Float64Array(batch * layer.units);
  layer.linear(x, batch, w, b, y, cpuProducts);
  let gm = 0;
  for (let i = 0; i < y.length; i++) {
    y[i] = Math.max(0, y[i]!);
    gm += y[i]! * y[i]!;
  }
  const theta = gm / batch;
  const scale = 2 / theta;
  const dy = new Float64Array(y.length);
  ffLossGradient(y, layer.units, signs, batch, theta, scale, dy, undefined, group, kind);
  const dW = new Float64Array(w.length);
  const db = new Float64Array(b.length);
  layer.weightGrad(x, dy, batch, dW, db, cpuProducts);
  const eps = 1e-6;
  const check = (arr: Float64Array, grad: Float64Array, j: number) => {
    const keep = arr[j]!;
    arr[j] = keep + eps;
    const up = lossOf(layer, x, batch, w, b, signs, theta, scale, group, kind);
    arr[j] = keep - eps;
    const down = lossOf(layer, x, batch, w, b, signs, theta, scale, group, kind);
    arr[j] = keep;
    const numeric = (up - down) / (2 * eps);
    const rel = Math.abs(numeric - grad[j]!) / Math.max(Math.abs(numeric), Math.abs(grad[j]!), 1e-8);
    expect(rel).toBeLessThan(1e-4);
  };
  let nonzero = 0;
  for (let k = 0; k < 40; k++) {
    const j = r.int(w.length);
    check(w, dW, j);
    if (Math.abs(dW[j]!) > 1e-8) nonzero++;
  }
  for (let j = 0; j < b.length; j++) check(b, db, j);
  expect(nonzero).toBeGreaterThan(10);
}

describe('Forward-Forward layer gradient', () => {
  it('dense: matches finite differences (float64, relative error < 1e-4)', () => {
    checkGradient(ffDense({ inputs: 12, units: 9, seed: 2 }), 11);
  });

  it('conv (stride 1, same padding): matches finite differences', () => {
    checkGradient(ffConv({ inputShape: [7, 7, 2], channels: 3, kernel: 3, seed: 3 }), 12);
  });

  it('conv with one goodness per position: matches finite differences', () => {
    const layer = ffConv({ inputShape: [6, 6, 2], channels: 3, kernel: 3, seed: 5 });
    checkGradient(layer, 14, layer.positionSize);
  });

  it('conv (stride 2, padding 1, 5×5 kernel): matches finite differences', () => {
    checkGradient(ffConv({ inputShape: [9, 8, 3], channels: 4, kernel: 5, stride: 2, pad: 1, seed: 4 }), 13);
  });

  it("the 'paired' loss (true-label goodness against the same image's wrong-label goodness): matches finite differences", () => {
    checkGradient(ffConv({ inputShape: [7, 7, 2], channels: 3, kernel: 3, seed: 6 }), 15, undefined, 'paired');
    checkGradient(ffDense({ inputs: 12, units: 9, seed: 7 }), 16, undefined, 'paired');
  });

  it("the 'paired' loss per position: matches finite differences", () => {
    const layer = ffConv({ inputShape: [6, 6, 2], channels: 3, kernel: 3, seed: 8 });
    checkGradient(layer, 17, layer.positionSize, 'paired');
  });

  it("the 'paired' loss per position is the mean over pairs and positions of softplus(−s·(g_pos,p − g_neg,p)), not the whole-layer comparison", () => {
    // 2 positions × 2 channels; pair (sample 0 +, sample 1 −): position 0 favours the positive, position 1 the negative
    const y = Float64Array.from([3, 0, 0, 1, /* − */ 1, 0, 0, 2]);
    const signs = [1, -1];
    const s = 0.5;
    const sp = (v: number) => Math.log1p(Math.exp(v));
    const perPosition = (sp(-s * (9 - 1)) + sp(-s * (1 - 4))) / 2;
    const perLayer = sp(-s * (10 - 5));
    expect(ffLossGradient(y, 4, signs, 2, 0, s, null, undefined, 2, 'paired')).toBeCloseTo(perPosition, 12);
    expect(ffLossGradient(y, 4, signs, 2, 0, s, null, undefined, 4, 'paired')).toBeCloseTo(perLayer, 12);
    expect(Math.abs(perPosition - perLayer)).toBeGreaterThan(0.1);
  });
});
