import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FFTrainer } from '../../../src/circuits/ff/ffTrainer.js';
import { loadFFTrainer, saveFFCheckpoint } from '../../../src/circuits/ff/ffFiles.js';
import { loadMnist } from '../../../src/data/mnist.js';

describe("FF trainer with the paper's layer order (norm-relu)", () => {
  it('trains the gain and shift by the local loss, and a checkpoint resumes them with their optimiser state', () => {
    const train = loadMnist({ split: 'train', limit: 100 });
    const config = {
      name: 'norm-relu-ckpt',
      architecture: { arch: 'conv', layers: [{ channels: 2, kernel: 3 }, { channels: 2, kernel: 3 }] },
      labels: 'fourier',
      intensity: 0.35,
      epochs: 2,
      batch: 50,
      lr: 1e-2,
      cooldown: false,
      logitScale: 0.01,
      thetaFactor: 1,
      readoutLr: 1e-3,
      seed: 5,
      trainLimit: 100,
      order: 'norm-relu',
    } as const;
    const a = new FFTrainer(config);
    a.trainEpoch(train);
    const gain = a.ff.layers[1]!.parameters.gain!;
    // θ = N and Σ ReLU(u)² ≤ N at gain 1: the positives' loss can only fall by raising the gain
    expect(Array.from(gain).some((g) => Math.abs(g - 1) > 1e-3)).toBe(true);
    const path = join(mkdtempSync(join(tmpdir(), 'ff-')), 'c.json');
    saveFFCheckpoint(a, path);
    const b = loadFFTrainer(path);
    expect(b.ff.layers[1]!.order).toBe('norm-relu');
    expect(Array.from(b.ff.layers[1]!.parameters.gain!)).toEqual(Array.from(gain));
    a.trainEpoch(train);
    b.trainEpoch(train);
    for (const k of [0, 1]) {
      expect(Array.from(b.ff.layers[k]!.parameters.gain!)).toEqual(Array.from(a.ff.layers[k]!.parameters.gain!));
      expect(Array.from(b.ff.layers[k]!.parameters.shift!)).toEqual(Array.from(a.ff.layers[k]!.parameters.shift!));
      expect(Array.from(b.ff.layers[k]!.parameters.weights)).toEqual(Array.from(a.ff.layers[k]!.parameters.weights));
    }
  }, 60_000);
});
