import { describe, expect, it } from '@jest/globals';
import { FFTrainer } from '../../../src/circuits/ff/ffTrainer.js';
import { loadFFTrainer, saveFFCheckpoint } from '../../../src/circuits/ff/ffFiles.js';
import { readoutParameters } from '../../../src/circuits/ff/linearReadout.js';
import { loadMnist } from '../../../src/data/mnist.js';
import { prepareBackend } from '../../../src/sim/backends/registry.js';

describe('a small Forward-Forward net on MNIST', () => {
  it('learns a 10-class subset to at least 85 % by goodness (seeded)', async () => {
    await prepareBackend('wasm');
    const train = loadMnist({ split: 'train', limit: 6000 });
    const test = loadMnist({ split: 'test', limit: 1000 });
    const trainer = new FFTrainer(
      {
        name: 'test',
        architecture: { arch: 'dense', units: [256, 256] },
        labels: 'onehot',
        intensity: 0.35,
        epochs: 4,
        batch: 50,
        lr: 3e-3,
        cooldown: true,
        logitScale: 0.03,
        thetaFactor: 1,
        readoutLr: 3e-3,
        seed: 3,
      },
      'wasm',
    );
    for (let e = 0; e < trainer.config.epochs; e++) trainer.trainEpoch(train);
    const r = trainer.evaluate(test);
    // measured: goodness 90.7 %, linear read-out 90.4 % on these 1,000 test images
    expect(r.goodness).toBeGreaterThanOrEqual(0.85);
    expect(r.linear).toBeGreaterThanOrEqual(0.85);
    expect(trainer.history).toHaveLength(0);
  }, 180_000);

  it('saves and resumes: a checkpoint restores weights, optimiser state and epoch', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const train = loadMnist({ split: 'train', limit: 300 });
    const config = {
      name: 'ckpt',
      architecture: { arch: 'conv', layers: [{ channels: 2, kernel: 3 }, { channels: 2, kernel: 3 }] },
      labels: 'fourier',
      intensity: 0.35,
      epochs: 2,
      batch: 50,
      lr: 1e-3,
      cooldown: false,
      logitScale: 0.01,
      thetaFactor: 1,
      readoutLr: 1e-3,
      seed: 5,
      trainLimit: 100,
    } as const;
    const a = new FFTrainer(config);
    a.trainEpoch(train);
    const path = join(mkdtempSync(join(tmpdir(), 'ff-')), 'c.json');
    saveFFCheckpoint(a, path);
    const b = loadFFTrainer(path);
    expect(b.epoch).toBe(1);
    expect(Array.from(b.ff.layers[1]!.parameters.weights)).toEqual(Array.from(a.ff.layers[1]!.parameters.weights));
    a.trainEpoch(train);
    b.trainEpoch(train);
    expect(Array.from(b.ff.layers[1]!.parameters.weights)).toEqual(Array.from(a.ff.layers[1]!.parameters.weights));
    expect(Array.from(readoutParameters(b.readout).weights)).toEqual(Array.from(readoutParameters(a.readout).weights));
    expect(readoutParameters(a.readout).weights.some((w) => w !== 0)).toBe(true);
  }, 60_000);
});
