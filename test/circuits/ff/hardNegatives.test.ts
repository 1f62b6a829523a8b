import { describe, expect, it } from '@jest/globals';
import { goodnessByLabel } from '../../../src/circuits/ff/ffEvaluation.js';
import { FFTrainer, type FFTrainingConfig } from '../../../src/circuits/ff/ffTrainer.js';
import { loadFFTrainer, saveFFCheckpoint } from '../../../src/circuits/ff/ffFiles.js';
import { SpecError } from '../../../src/core/errors.js';
import { loadMnist } from '../../../src/data/mnist.js';
import { suiteTempDir } from '../../badInput/fixtures.js';
import { join } from 'node:path';

// a step size so small that Adam moves no float32 weight: every batch sees the same network,
// so the wrong label picked before a batch can be checked against goodness measured once
const config: FFTrainingConfig = {
  name: 'hard',
  architecture: { arch: 'dense', units: [32, 32] },
  labels: 'onehot',
  intensity: 0.35,
  epochs: 1,
  batch: 20,
  lr: 1e-12,
  cooldown: false,
  logitScale: 0.03,
  thetaFactor: 1,
  readoutLr: 1e-3,
  seed: 4,
  loss: 'paired',
  trainLimit: 200,
};

describe("hard negatives: each image's wrong label is the one the network scores highest", () => {
  const train = loadMnist({ split: 'train', limit: 200 });
  const dir = suiteTempDir('hard-negatives');

  it('the true label beats its hard negative exactly when it beats every wrong label (goodness of the layers but the first)', () => {
    const t = new FFTrainer({ ...config, negatives: 'hard' });
    const before = Float32Array.from(t.ff.network.projections[0]!.synapses.weights);
    const g = goodnessByLabel(t, train, 200)[1]!;
    let beatsAll = 0;
    for (let i = 0; i < 200; i++) {
      const y = train.labels[i]!;
      let best = -Infinity;
      for (let c = 0; c < 10; c++) if (c !== y) best = Math.max(best, g[i * 10 + c]!);
      if (g[i * 10 + y]! > best) beatsAll++;
    }
    const rec = t.trainEpoch(train);
    expect(Array.from(t.ff.network.projections[0]!.synapses.weights)).toEqual(Array.from(before)); // the network did not move
    expect(rec.negatives).toBe('hard');
    expect(rec.layerPairSeparation![1]).toBeCloseTo(beatsAll / 200, 9);
    // random wrong labels are beaten far more often than the hardest one
    const r = new FFTrainer(config);
    const random = r.trainEpoch(train);
    expect(random.negatives).toBeUndefined();
    expect(random.layerPairSeparation![1]!).toBeGreaterThan(beatsAll / 200 + 0.2);
  }, 60_000);

  it('is kept in checkpoints and is deterministic', () => {
    const a = new FFTrainer({ ...config, lr: 1e-3, negatives: 'hard' });
    const ra = a.trainEpoch(train);
    const file = join(dir, 'ff-hard.json');
    saveFFCheckpoint(a, file);
    const loaded = loadFFTrainer(file);
    expect(loaded.config.negatives).toBe('hard');
    const b = new FFTrainer({ ...config, lr: 1e-3, negatives: 'hard' });
    const rb = b.trainEpoch(train);
    expect(rb.layerLoss).toEqual(ra.layerLoss);
    expect(Array.from(b.ff.network.projections[1]!.synapses.weights)).toEqual(Array.from(a.ff.network.projections[1]!.synapses.weights));
  }, 60_000);

  it('names a bad choice', () => {
    expect(() => new FFTrainer({ ...config, negatives: 'hardest' as never })).toThrow(SpecError);
    expect(() => new FFTrainer({ ...config, negatives: 'hardest' as never })).toThrow(/ff\.negatives: expected 'random' or 'hard', got 'hardest'/);
  });
});
