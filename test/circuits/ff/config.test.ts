import { describe, expect, it } from '@jest/globals';
import { cooldownRate } from '../../../src/circuits/ff/ffTrainer.js';
import { FF_PRESETS } from '../../../src/circuits/ff/presets.js';
import { ffConfigFromFlags, reportCommands } from '../../../src/cli/commands/ff.js';
import type { FFEpochRecord } from '../../../src/circuits/ff/ffTrainer.js';
import { SpecError } from '../../../src/core/errors.js';

describe('FF configuration', () => {
  it('the paper preset is the paper config: 3 conv × 128 filters 7×7, Adam 5e-5, batch 50, K 35 %, 200 epochs', () => {
    const c = ffConfigFromFlags({ preset: 'paper', finalEval: true, kernels: 'wasm', models: 'models', checkpoints: '.checkpoints' });
    expect(c.architecture).toEqual({ arch: 'conv', layers: [1, 2, 3].map(() => ({ channels: 128, kernel: 7 })) });
    expect([c.lr, c.batch, c.intensity, c.epochs, c.cooldown]).toEqual([5e-5, 50, 0.35, 200, true]);
    expect(FF_PRESETS.dense!.architecture).toEqual({ arch: 'dense', units: [500, 500] });
  });

  it('flags override the preset; bad flags name themselves', () => {
    const base = { finalEval: true, kernels: 'wasm', models: 'm', checkpoints: 'c' };
    const c = ffConfigFromFlags({ ...base, arch: 'conv', labels: 'morphology', epochs: '3', filters: '8', kernel: '3', layers: '2' });
    expect(c.labels).toBe('morphology');
    expect(c.epochs).toBe(3);
    expect(c.architecture).toEqual({ arch: 'conv', layers: [{ channels: 8, kernel: 3 }, { channels: 8, kernel: 3 }] });
    expect(() => ffConfigFromFlags({ ...base, arch: 'rnn' })).toThrow(/--arch/);
    expect(() => ffConfigFromFlags({ ...base, labels: 'braille' })).toThrow(SpecError);
    expect(() => ffConfigFromFlags({ ...base, epochs: 'ten' })).toThrow(/--epochs/);
  });

  it('the learning rate is constant for the first half, then cools down linearly', () => {
    const E = 10;
    const rates = Array.from({ length: E }, (_, e) => cooldownRate(1, e, E));
    expect(rates.slice(0, 5)).toEqual([1, 1, 1, 1, 1]);
    expect(rates[5]).toBeCloseTo(1, 10);
    expect(rates[9]).toBeCloseTo(0.2, 10);
    for (let e = 6; e < E; e++) expect(rates[e]!).toBeLessThan(rates[e - 1]!);
  });

  it("--order and --label-frequencies reach the config; wrong values name the flag", () => {
    const base = { finalEval: true, kernels: 'wasm', models: 'm', checkpoints: 'c', arch: 'conv' };
    const c = ffConfigFromFlags({ ...base, order: 'norm-relu', labelFrequencies: '1,4' });
    expect(c.order).toBe('norm-relu');
    expect(c.labelFrequencies).toEqual([1, 4]);
    expect(ffConfigFromFlags(base).order).toBeUndefined();
    expect(() => ffConfigFromFlags({ ...base, order: 'norm-first' })).toThrow(/--order/);
    expect(() => ffConfigFromFlags({ ...base, labelFrequencies: '4,1' })).toThrow(/--label-frequencies/);
    expect(() => ffConfigFromFlags({ ...base, labelFrequencies: '2,20' })).toThrow(/--label-frequencies/);
    expect(() => ffConfigFromFlags({ ...base, labelFrequencies: '3' })).toThrow(/--label-frequencies/);
    expect(() => ffConfigFromFlags({ ...base, labels: 'morphology', labelFrequencies: '1,4' })).toThrow(/fourier labels only/);
  });

  it('--loss paired combines with --locality position (one comparison per position) and refuses --theta-factor', () => {
    const base = { finalEval: true, kernels: 'wasm', models: 'm', checkpoints: 'c', arch: 'conv' };
    const c = ffConfigFromFlags({ ...base, loss: 'paired', locality: 'position' });
    expect([c.loss, c.locality]).toEqual(['paired', 'position']);
    expect(() => ffConfigFromFlags({ ...base, loss: 'paired', thetaFactor: '0.5' })).toThrow(/--theta-factor: means nothing with --loss paired/);
  });

  it("a report keeps the command that trained the epochs, not an evaluation-only rerun's", () => {
    const rec = (epoch: number, command?: string) => ({ epoch, ...(command ? { command } : {}) }) as FFEpochRecord;
    const train6 = 'neurostream ff --epochs 6 --name f';
    const history = [rec(1), rec(2, train6), rec(3, train6), rec(4, 'neurostream ff --epochs 8 --name f')];
    const evalOnly = reportCommands(history, 'neurostream ff --epochs 4 --name f --report r.json');
    expect(evalOnly.command).toBe('neurostream ff --epochs 8 --name f');
    expect(evalOnly.reportedBy).toBe('neurostream ff --epochs 4 --name f --report r.json');
    expect(evalOnly.trainingCommands).toEqual([
      { command: train6, epochs: [2, 3] },
      { command: 'neurostream ff --epochs 8 --name f', epochs: [4] },
    ]);
    const trained = reportCommands(history, 'neurostream ff --epochs 8 --name f');
    expect(trained.command).toBe('neurostream ff --epochs 8 --name f');
    expect(trained.reportedBy).toBeUndefined();
  });
});
