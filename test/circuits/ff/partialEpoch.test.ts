import { describe, expect, it } from '@jest/globals';
import { FFTrainer, type FFEpochRecord, type FFTrainingConfig } from '../../../src/circuits/ff/ffTrainer.js';
import { ffFromJSON, ffToJSON } from '../../../src/circuits/ff/ffModelFile.js';
import { FileFormatError, SpecError } from '../../../src/core/errors.js';
import { loadMnist } from '../../../src/data/mnist.js';

const config: FFTrainingConfig = {
  name: 'partial',
  architecture: { arch: 'dense', units: [16, 12] },
  labels: 'onehot',
  intensity: 0.35,
  epochs: 2,
  batch: 10,
  lr: 3e-3,
  cooldown: true,
  logitScale: 0.05,
  thetaFactor: 1,
  readoutLr: 3e-3,
  seed: 9,
  trainLimit: 300,
};

/** A record without its wall-clock field (the only one a stop may change). */
const untimed = (r: FFEpochRecord | null) => ({ ...r!, trainSeconds: 0 });
/** The trainer's parameters and Adam state as a checkpoint would write them. */
const state = (t: FFTrainer) => JSON.stringify(ffToJSON(t, 'checkpoint'));
/** Through a checkpoint file's JSON text and back. */
const reload = (t: FFTrainer) => ffFromJSON(JSON.parse(state(t)), 'p.json');

/**
 * An epoch stopped part-way (`trainEpoch` with a pause) and finished later — in the same trainer
 * or in one loaded from the checkpoint saved at the stop — ends with the weights, Adam moments
 * and record of the unbroken epoch: the image order is the epoch's seeded one, the wrong labels
 * the stopped part drew are drawn again, and the sums go on from where they were.
 */
describe('FF epochs stopped part-way and finished later', () => {
  const train = loadMnist({ split: 'train', limit: 300 });

  it.each(['random', 'hard'] as const)('%s negatives: stop, save, load, stop again, finish: as the unbroken epochs, bit for bit', (negatives) => {
    const cfg = { ...config, negatives };
    const whole = new FFTrainer(cfg);
    const wholeRecords = [whole.trainEpoch(train), whole.trainEpoch(train)];
    const parts = new FFTrainer(cfg);
    const first = parts.trainEpoch(train);
    expect(parts.trainEpoch(train, undefined, { at: (b) => b === 10 })).toBeNull();
    expect(parts.partial).toMatchObject({ epoch: 2, batches: 10 });
    expect(parts.epoch).toBe(1);
    const loaded = reload(parts);
    expect(loaded.partial).toEqual(parts.partial);
    // a different stride after the reload, and a second stop
    expect(loaded.trainEpoch(train, undefined, { every: 7, at: (b) => b === 24 })).toBeNull();
    expect(loaded.partial!.batches).toBe(24);
    const second = loaded.trainEpoch(train);
    expect(loaded.partial).toBeNull();
    expect(loaded.epoch).toBe(2);
    expect([untimed(first), untimed(second)]).toEqual(wholeRecords.map(untimed));
    expect(state(loaded)).toBe(state(whole));
  }, 120_000);

  it('stopped and finished in the same trainer: as the unbroken epoch; progress counts on from the stop', () => {
    const whole = new FFTrainer(config);
    const record = whole.trainEpoch(train);
    const t = new FFTrainer(config);
    const seen: number[] = [];
    expect(t.trainEpoch(train, (d) => seen.push(d), { every: 5, at: (b) => b === 15 })).toBeNull();
    const rest = t.trainEpoch(train, (d) => seen.push(d));
    expect(untimed(rest)).toEqual(untimed(record));
    expect(state(t)).toBe(state(whole));
    expect(seen).toEqual([10, 20, 30]);
  }, 120_000);

  it('a model file holds whole epochs; a bad stopped epoch in a file names its field', () => {
    const t = new FFTrainer(config);
    expect(t.trainEpoch(train, undefined, { at: (b) => b === 10 })).toBeNull();
    expect(() => ffToJSON(t, 'model')).toThrow(SpecError);
    expect(() => ffToJSON(t, 'model')).toThrow(/part-way through epoch 1 \(10 batches\)/);
    expect(() => t.setEpochs(0)).toThrow(/at least 1 \(epoch 1 is under way/);
    const good = JSON.parse(state(t));
    const bad = (edit: (j: { format: string; epoch: number; partial: Record<string, unknown> }) => void) => {
      const j = JSON.parse(JSON.stringify(good));
      edit(j);
      return () => ffFromJSON(j, 'p.json');
    };
    expect(bad((j) => (j.format = 'neurostream.ff-model'))).toThrow(FileFormatError);
    expect(bad((j) => (j.format = 'neurostream.ff-model'))).toThrow(/\(field partial\): .*holds whole epochs/);
    expect(bad((j) => (j.partial.epoch = 3))).toThrow(/\(field partial\.epoch\): is 3; the epoch under way after 0 whole epochs is 1/);
    expect(bad((j) => (j.partial.layerLoss = [1]))).toThrow(/\(field partial\.layerLoss\): holds 1 sums for 2 layers/);
    expect(bad((j) => (j.partial.batches = 30))).toThrow(/\(field partial\.batches\): is 30/);
    expect(bad((j) => (j.partial.readoutLoss = -1))).toThrow(/partial\.readoutLoss/);
    expect(bad((j) => (j.partial.extra = 1))).toThrow(FileFormatError);
  }, 120_000);
});
