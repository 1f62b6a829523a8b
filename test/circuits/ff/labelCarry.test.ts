import { describe, expect, it } from '@jest/globals';
import { FFTrainer, type FFTrainingConfig } from '../../../src/circuits/ff/ffTrainer.js';
import { loadMnist } from '../../../src/data/mnist.js';
import { prepareBackend } from '../../../src/sim/backends/registry.js';
import { ffLossGradient, type ForwardForwardStats } from '../../../src/plasticity/forwardForward.js';
import { mixLabel } from '../../../src/stimuli/ffLabels.js';

/**
 * Issue 19: goodness inference of the FF-CNN stayed near (and below) chance in short runs.
 * These tests pin down the parts a bug could hide in — how positives and negatives are made,
 * the sign of the local loss, θ, and inference by the argmax of goodness — on settings where
 * a correct implementation must learn.
 */
const base: Omit<FFTrainingConfig, 'name' | 'architecture'> = {
  labels: 'fourier',
  intensity: 0.35,
  epochs: 1,
  batch: 50,
  lr: 3e-3,
  cooldown: false,
  logitScale: 0.03,
  thetaFactor: 1,
  readoutLr: 1e-3,
  seed: 1,
  trainLimit: 100,
};

describe('FF goodness carries the label', () => {
  it('a training batch is each image three times: with its true label, with a wrong label, with the neutral label', () => {
    const train = loadMnist({ split: 'train', limit: 100 });
    const t = new FFTrainer({ ...base, name: 'batch', architecture: { arch: 'conv', layers: [{ channels: 2, kernel: 3 }] } });
    const B = base.batch;
    const px = 784;
    const enc = t.encoding;
    const want = new Float32Array(px);
    const same = (a: Float32Array, o: number) => {
      for (let k = 0; k < px; k++) if (Math.abs(a[o + k]! - want[k]!) > 1e-6) return false;
      return true;
    };
    const neutral = new Float32Array(train.count * px);
    for (let i = 0; i < train.count; i++) enc.apply(train.images, i * px, -1, neutral, i * px);
    let checked = 0;
    const sub = t.sim.tick$.subscribe(() => {
      const x = t.ff.input.output as Float32Array;
      for (let j = 0; j < B; j++) {
        // which image is in slot j: the one whose neutral-labelled copy is slot 2B + j
        let img = -1;
        for (let i = 0; i < train.count && img < 0; i++) {
          want.set(neutral.subarray(i * px, (i + 1) * px));
          if (same(x, (2 * B + j) * px)) img = i;
        }
        expect(img).toBeGreaterThanOrEqual(0);
        const y = train.labels[img]!;
        enc.apply(train.images, img * px, y, want, 0);
        expect(same(x, j * px)).toBe(true);
        const wrong: number[] = [];
        for (let c = 0; c < enc.classes; c++) {
          enc.apply(train.images, img * px, c, want, 0);
          if (same(x, (B + j) * px)) wrong.push(c);
        }
        expect(wrong).toHaveLength(1);
        expect(wrong[0]).not.toBe(y);
        checked++;
      }
    });
    try {
      t.trainEpoch(train);
    } finally {
      sub.unsubscribe();
    }
    expect(checked).toBe(2 * B);
    // the rules saw +1 for the first B samples, −1 for the next B, 0 for the neutral third
    expect(Array.from(t.ff.signs.subarray(0, B)).every((s) => s === 1)).toBe(true);
    expect(Array.from(t.ff.signs.subarray(B, 2 * B)).every((s) => s === -1)).toBe(true);
    expect(Array.from(t.ff.signs.subarray(2 * B)).every((s) => s === 0)).toBe(true);
  });

  it('a conv layer whose kernel covers the image learns a fixed set: positives above negatives, labels inferred by the argmax of goodness', async () => {
    await prepareBackend('wasm');
    const train = loadMnist({ split: 'train', limit: 100 });
    // kernel 28, no padding: one position, so the layer sees the whole labelled image (a dense layer in conv form)
    const t = new FFTrainer({ ...base, name: 'whole', architecture: { arch: 'conv', layers: [{ channels: 256, kernel: 28, pad: 0 }] } }, 'wasm');
    const before = t.evaluate(train, 100);
    const gaps: number[] = [];
    for (let e = 0; e < 20; e++) {
      const rec = t.trainEpoch(train);
      const s = t.ff.rules[0]!.stats;
      gaps.push(s.meanPositive - s.meanNegative);
      if (e === 19) expect(rec.layerSeparation[0]).toBeGreaterThan(0.9);
    }
    const after = t.evaluate(train, 100);
    // the positives' goodness rises above the negatives' (a reversed loss sign would lower it)
    expect(gaps.slice(-5).every((g) => g > 0)).toBe(true);
    // argmax over labels of the goodness (an argmin would score near 0 on a learned set)
    expect(after.goodness).toBeGreaterThan(0.8);
    expect(after.goodness).toBeGreaterThan(before.goodness + 0.5);
  }, 120_000);

  it('the label pattern carries the share K of the mixed image (before the stretch to [0, 1])', () => {
    const n = 50;
    const image = new Float32Array(n);
    const pattern = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      image[i] = i % 7 === 0 ? 0 : (i % 5) / 4;
      pattern[i] = 0.5 + 0.5 * Math.cos(i / 3);
    }
    pattern[3] = 0;
    for (const K of [0.2, 0.35, 0.5]) {
      const out = new Float32Array(n);
      mixLabel(image, 0, pattern, K, out, 0, n);
      // the pattern is scaled by a = K/(1−K) · Σimage/Σpattern, added, and the sum stretched to [0, 1]
      const a = ((K / (1 - K)) * image.reduce((s, v) => s + v, 0)) / pattern.reduce((s, v) => s + v, 0);
      const mixed = Array.from(image, (v, i) => v + a * pattern[i]!);
      const lo = Math.min(...mixed);
      const hi = Math.max(...mixed);
      const labelShare = (a * pattern.reduce((s, v) => s + v, 0)) / mixed.reduce((s, v) => s + v, 0);
      expect(labelShare).toBeCloseTo(K, 6);
      for (let i = 0; i < n; i++) expect(out[i]).toBeCloseTo((mixed[i]! - lo) / (hi - lo), 5);
    }
  });

  it('pair accuracy counts the images whose true label gave the larger goodness, whatever θ', () => {
    // 6 samples × 2 units with goodness [4, 1, 1, 9, 5, 2], all above θ = 0.5
    const y = Float32Array.from([2, 0, 1, 0, 1, 0, 3, 0, 2, 1, 1, 1]);
    const signs = [1, 1, 1, -1, -1, -1];
    const stats = { loss: 0, accuracy: 0, meanPositive: 0, meanNegative: 0, pairAccuracy: 0 } satisfies ForwardForwardStats;
    ffLossGradient(y, 2, signs, 6, 0.5, 1, null, stats);
    // pairs (0, 3): 4 < 9, (1, 4): 1 < 5, (2, 5): 1 < 2 → none right; against θ the positives are right, the negatives wrong → 3/6
    expect(stats.pairAccuracy).toBe(0);
    expect(stats.accuracy).toBe(0.5);
    const dy = new Float32Array(12);
    const paired = { ...stats };
    ffLossGradient(y, 2, [1, -1, 1, -1, 1, -1], 6, 0.5, 1, dy, paired, 2, 'paired');
    // pairs (0, 1): 4 vs 1 right; (2, 3): 1 vs 9 wrong; (4, 5): 5 vs 2 right
    expect(paired.pairAccuracy).toBeCloseTo(2 / 3, 12);
    // the gradient raises each positive's goodness and lowers its negative's: ∂L/∂y has the sign −y for positives, +y for negatives
    for (let b = 0; b < 6; b++) for (let i = 0; i < 2; i++) if (y[b * 2 + i]! > 0) expect(Math.sign(dy[b * 2 + i]!)).toBe(b % 2 === 0 ? -1 : 1);
  });

  it('a frozen layer keeps its weights but still reports its separation', () => {
    const train = loadMnist({ split: 'train', limit: 100 });
    const t = new FFTrainer({ ...base, name: 'frozen', frozenLayers: 1, architecture: { arch: 'conv', layers: [{ channels: 2, kernel: 3 }, { channels: 2, kernel: 3 }] } });
    const w0 = Array.from(t.ff.layers[0]!.parameters.weights);
    const w1 = Array.from(t.ff.layers[1]!.parameters.weights);
    const rec = t.trainEpoch(train);
    expect(Array.from(t.ff.layers[0]!.parameters.weights)).toEqual(w0);
    expect(Array.from(t.ff.layers[1]!.parameters.weights)).not.toEqual(w1);
    expect(Number.isFinite(rec.layerSeparation[0]!)).toBe(true);
    expect(Number.isFinite(rec.layerPairSeparation![0]!)).toBe(true);
  });
});
