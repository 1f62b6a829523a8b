import { describe, expect, it } from '@jest/globals';
import { FFTrainer } from '../../../src/circuits/ff/ffTrainer.js';
import { ffFromJSON, ffToJSON } from '../../../src/circuits/ff/ffModelFile.js';
import { FileFormatError } from '../../../src/core/errors.js';
import { loadMnist } from '../../../src/data/mnist.js';

describe('FF epoch records keep how they were made', () => {
  const config = {
    name: 'provenance',
    architecture: { arch: 'dense', units: [8] },
    labels: 'onehot',
    intensity: 0.35,
    epochs: 1,
    batch: 10,
    lr: 1e-3,
    cooldown: false,
    logitScale: 1,
    thetaFactor: 1,
    readoutLr: 1e-3,
    seed: 3,
    trainLimit: 20,
  } as const;

  it('the training command, CPU seconds and load average survive a save and load; a bad one names its field', () => {
    const train = loadMnist({ split: 'train', limit: 20 });
    const t = new FFTrainer(config);
    const rec = t.trainEpoch(train);
    rec.command = 'neurostream ff --epochs 1 --name provenance';
    rec.cpuSeconds = 1.5;
    rec.loadAverage = [3.1, 2.2, 1.4];
    t.history.push(rec);
    const json = ffToJSON(t, 'checkpoint');
    const back = ffFromJSON(JSON.parse(JSON.stringify(json)), 'p.json');
    const h = back.history[0]!;
    expect([h.command, h.cpuSeconds, h.loadAverage]).toEqual([rec.command, 1.5, [3.1, 2.2, 1.4]]);
    // re-saving what was loaded writes the same file (records keep their fields' order)
    expect(JSON.stringify(ffToJSON(back, 'checkpoint'))).toBe(JSON.stringify(json));
    const bad = JSON.parse(JSON.stringify(json));
    bad.history[0].cpuSeconds = -1;
    expect(() => ffFromJSON(bad, 'p.json')).toThrow(FileFormatError);
    expect(() => ffFromJSON(bad, 'p.json')).toThrow(/history\.0\.cpuSeconds/);
  });
});
