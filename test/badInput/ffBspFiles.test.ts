import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { BspClassifier, FFTrainer, type FFEpochRecord, loadFFTrainer, saveFFCheckpoint, saveFFModel, WriteTargetError } from '../../src/node.js';
import { ffFromJSON, ffToJSON } from '../../src/circuits/ff/ffModelFile.js';
import { collectWarnings, FileFormatError, NeurostreamError, NonFiniteParametersError, SpecError } from '../../src/index.js';
import { encodeFloat32 } from '../../src/core/base64.js';
import { main } from '../../src/cli/program.js';
import { cooldownReplanned } from '../../src/cli/commands/ff.js';
import { capturingLog, capturingWarn, MEMORY_BOUND, memoryInUse as used, suiteTempDir, thrown, withValueAt } from './fixtures.js';

/**
 * FF and BSP checkpoint/model files and the `ff`/`bsp` commands (issue 15, items 4–6): every
 * field checked and named, NaN weights neither loaded nor saved, sizes compared with the file
 * before allocating, resume honours --epochs, outputs probed before training.
 */
const dir = suiteTempDir('ff13-files-');

const TINY = {
  name: 'tiny',
  architecture: { arch: 'dense', units: [8, 6] },
  labels: 'onehot',
  intensity: 0.35,
  epochs: 1,
  batch: 10,
  lr: 1e-3,
  cooldown: false,
  logitScale: 1,
  thetaFactor: 1,
  readoutLr: 1e-3,
  seed: 1,
} as const;

const checkpoint = () => structuredClone(ffToJSON(new FFTrainer(TINY), 'checkpoint')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('FF checkpoint and model files', () => {
  it('a null file is a FileFormatError naming the file, not a TypeError', () => {
    const path = join(dir, 'null.json');
    writeFileSync(path, 'null');
    const e = thrown(() => loadFFTrainer(path));
    expect(e).toBeInstanceOf(FileFormatError);
    expect(e.message).toContain(`${path} (field (top level))`);
  });

  it('epoch: "one" is refused naming the field', () => {
    const e = thrown(() => ffFromJSON({ ...checkpoint(), epoch: 'one' }, 'c.json'));
    expect(e).toBeInstanceOf(FileFormatError);
    expect(e.message).toMatch(/^c\.json \(field epoch\)/);
  });

  it('NaN weights are refused on load, naming the field and the index', () => {
    const c = checkpoint();
    const w = new Float32Array(784 * 8);
    w[3] = Number.NaN;
    c.layers[0].weights = encodeFloat32(w);
    expect(thrown(() => ffFromJSON(c, 'c.json')).message).toMatch(/c\.json \(field layers\.0\.weights\[3\]\): not finite: NaN/);
    const d = checkpoint();
    d.readout.bias = encodeFloat32(Float32Array.from([0, 0, 0, 0, Infinity, 0, 0, 0, 0, 0]));
    expect(thrown(() => ffFromJSON(d, 'c.json')).message).toMatch(/field readout\.bias\[4\]/);
  });

  it('NaN weights are never saved: the previous file stays as it was', () => {
    const t = new FFTrainer(TINY);
    const path = join(dir, 'nan-save.json');
    saveFFCheckpoint(t, path);
    const before = readFileSync(path, 'utf8');
    t.ff.layers[1]!.parameters.weights[5] = Number.NaN;
    const e = thrown(() => saveFFCheckpoint(t, path));
    expect(e).toBeInstanceOf(NonFiniteParametersError);
    expect(e.message).toMatch(/layers\[1\]\.weights\[5\] is NaN/);
    expect(() => saveFFModel(t, path)).toThrow(NonFiniteParametersError);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('a 3 KB checkpoint declaring 10⁶ units per layer is refused before allocating', () => {
    const c = checkpoint();
    c.config.architecture = { arch: 'dense', units: [1e6, 1e6] };
    const before = used();
    const e = thrown(() => ffFromJSON(c, 'huge.json'));
    expect(e).toBeInstanceOf(FileFormatError);
    expect(e.message).toMatch(/huge\.json \(field layers\.0\.weights\): holds 6272 values, config\.architecture declares 784000000/);
    expect(used() - before).toBeLessThan(MEMORY_BOUND);
  });

  it('a checkpoint saves and loads back to the same file; a model file loads without optimiser state', () => {
    const t = new FFTrainer(TINY);
    const json = ffToJSON(t, 'checkpoint');
    expect(json.format).toBe('neurostream.ff-checkpoint');
    expect(json.version).toBe(1);
    expect(JSON.stringify(ffToJSON(ffFromJSON(JSON.parse(JSON.stringify(json)), 'c.json'), 'checkpoint'))).toBe(JSON.stringify(json));
    const model = ffToJSON(t, 'model');
    expect(model.format).toBe('neurostream.ff-model');
    expect(model.layers[0]!.adamWeights).toBeUndefined();
    expect(ffFromJSON(JSON.parse(JSON.stringify(model)), 'm.json').epoch).toBe(0);
  });

  it('a model file after an epoch loads with optimiserStateKept false, a checkpoint with true; a checkpoint missing an Adam state is refused', () => {
    const model = JSON.parse(JSON.stringify(ffToJSON(new FFTrainer(TINY), 'model')));
    expect(ffFromJSON(model, 'm.json').optimiserStateKept).toBe(true); // epoch 0: zero moments are the run's own
    expect(ffFromJSON({ ...model, epoch: 3 }, 'm.json').optimiserStateKept).toBe(false);
    const c = checkpoint();
    expect(ffFromJSON({ ...c, epoch: 3 }, 'c.json').optimiserStateKept).toBe(true);
    delete c.layers[1].adamBias;
    expect(thrown(() => ffFromJSON(c, 'c.json')).message).toBe('c.json (field layers.1.adamBias): missing (a neurostream.ff-checkpoint holds the Adam state of every optimiser)');
    const d = checkpoint();
    delete d.readout.adamWeights;
    expect(thrown(() => ffFromJSON(d, 'c.json')).message).toMatch(/^c\.json \(field readout\.adamWeights\): missing/);
  });

  it('fuzz: any value in any field is a trainer or a typed error naming the file', () => {
    const paths = [['epoch'], ['version'], ['format'], ['config', 'batch'], ['config', 'lr'], ['config', 'architecture'], ['config', 'architecture', 'units'], ['config', 'labels'], ['config', 'seed'], ['layers'], ['layers', 0, 'weights'], ['layers', 0, 'adamWeights', 't'], ['readout', 'weights'], ['history']];
    const values = fc.oneof(fc.constant(null), fc.constant({}), fc.string({ maxLength: 8 }), fc.double(), fc.integer({ min: -5, max: 1e9 }), fc.array(fc.integer({ min: -2, max: 30 }), { maxLength: 3 }));
    const base = checkpoint();
    fc.assert(
      fc.property(fc.constantFrom(...paths), values, (path, value) => {
        const json = withValueAt(base, path, value);
        try {
          ffFromJSON(json, 'fuzz.json');
        } catch (e) {
          expect(e).toBeInstanceOf(NeurostreamError);
          expect((e as Error).message).toContain('fuzz.json');
        }
      }),
      { numRuns: 150, seed: 15 },
    );
  });
});

describe('BSP checkpoints', () => {
  const options = { layers: [4, 3, 2], batch: 2, integrator: 'euler' as const, seed: 1 };

  it('NaN or Infinity weights are refused on load, naming the field and the index', () => {
    const json = structuredClone(new BspClassifier(options).toJSON()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const w = new Float32Array(12);
    w[7] = Number.NaN;
    json.weights.C1 = encodeFloat32(w);
    expect(thrown(() => BspClassifier.fromJSON(json, 'bsp.json')).message).toMatch(/bsp\.json \(field weights\.C1\[7\]\): not finite: NaN/);
    json.weights.C1 = encodeFloat32(new Float32Array(12));
    const k3 = new Float32Array(10).fill(1); // 2 cells × 5 states
    k3[7] = -Infinity;
    json.parameters.F2.K3 = encodeFloat32(k3);
    expect(thrown(() => BspClassifier.fromJSON(json, 'bsp.json')).message).toMatch(/field parameters\.F2\.K3\[7\]\): not finite: -Infinity/);
  });

  it('NaN weights are never re-saved: the checkpoint on disk is kept', () => {
    const c = new BspClassifier(options);
    const path = join(dir, 'bsp-ckpt.json');
    c.save(path);
    const before = readFileSync(path, 'utf8');
    c.net.connections[1]!.weights[2] = Number.NaN;
    const e = thrown(() => c.save(path, { epoch: 0, batch: 3, correct: 0, seen: 6, seconds: 1 }));
    expect(e).toBeInstanceOf(NonFiniteParametersError);
    expect(e.message).toMatch(/weights\.C2\[2\] is NaN/);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('a small checkpoint declaring layers of 30000 is refused before allocating', () => {
    const json = structuredClone(new BspClassifier(options).toJSON()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    json.options.layers = [784, 30000, 30000, 10];
    const before = used();
    const e = thrown(() => BspClassifier.fromJSON(json, 'bsp-huge.json'));
    expect(e).toBeInstanceOf(FileFormatError);
    expect(e.message).toMatch(/bsp-huge\.json \(field weights\.C1\): holds 12 values, options\.layers \(784 → 30000, dense\) declare 23520000/);
    expect(used() - before).toBeLessThan(MEMORY_BOUND);
  });
});

describe('BSP checkpoints, fuzzed', () => {
  it('any value in any field is a classifier or a typed error naming the file, within the memory bound', () => {
    const base = new BspClassifier({ layers: [4, 3, 2], batch: 2, integrator: 'euler', seed: 1 }).toJSON() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const paths = [['format'], ['version'], ['options'], ['options', 'layers'], ['options', 'method'], ['options', 'k'], ['options', 'dt'], ['options', 'batch'], ['options', 'gate'], ['options', 'gateEvery'], ['options', 'layerRates'], ['weights'], ['weights', 'C1'], ['parameters', 'F1', 'K3'], ['history']];
    const values = fc.oneof(fc.constant(null), fc.constant({}), fc.string({ maxLength: 8 }), fc.double(), fc.integer({ min: -5, max: 1e9 }), fc.array(fc.integer({ min: -2, max: 30000 }), { maxLength: 4 }));
    fc.assert(
      fc.property(fc.constantFrom(...paths), values, (path, value) => {
        const json = withValueAt(base, path, value);
        const before = used();
        // an implausible value that loads (dt: 4.6e8) warns, naming its field; collected, not printed
        const { warnings } = collectWarnings(() => {
          try {
            BspClassifier.fromJSON(json, 'fuzz-bsp.json');
          } catch (e) {
            expect(e).toBeInstanceOf(NeurostreamError);
            expect((e as Error).message).toContain('fuzz-bsp.json');
          }
        });
        for (const w of warnings) expect(w.field).not.toBe('');
        expect(used() - before).toBeLessThan(MEMORY_BOUND);
      }),
      { numRuns: 150, seed: 15 },
    );
  });
});

describe('the ff and bsp commands', () => {
  const run = (args: string[]) => main(['node', 'neurostream', ...args]);
  const ffArgs = (sub: string, extra: string[] = []) => [
    'ff', '--arch', 'dense', '--units', '8', '--batch', '10', '--train-limit', '40', '--eval-limit', '20', '--no-final-eval', '--backend', 'cpu', '--quiet',
    '--name', 'tiny', '--models', join(dir, sub, 'models'), '--checkpoints', join(dir, sub, 'ckpt'), ...extra,
  ];
  // --models and --checkpoints one folder, join(dir, sub)
  const oneFolderArgs = (sub: string, extra: string[] = []) => ffArgs(sub, ['--models', join(dir, sub), '--checkpoints', join(dir, sub), ...extra]);
  // a 1-epoch model file (no Adam moments) where the one-folder checkpoint of `sub` is looked for: put
  // there by hand, or left by an earlier neurostream, whose one-folder runs saved it over the checkpoint
  const modelWhereCheckpointIs = async (sub: string) => {
    await capturingLog(() => run(ffArgs(`${sub}-made`, ['--epochs', '1'])));
    const saved = readFileSync(join(dir, `${sub}-made`, 'models', 'ff-tiny.json'), 'utf8');
    mkdirSync(join(dir, sub), { recursive: true });
    writeFileSync(join(dir, sub, 'ff-tiny.json'), saved);
    return saved;
  };

  it('resume honours --epochs: a 1-epoch checkpoint with --epochs 2 trains on to 2; fewer is an error and the model is kept', async () => {
    await capturingLog(async () => {
      await run(ffArgs('resume', ['--epochs', '1']));
      const ckpt = join(dir, 'resume', 'ckpt', 'ff-tiny.json');
      const model = join(dir, 'resume', 'models', 'ff-tiny.json');
      expect(JSON.parse(readFileSync(ckpt, 'utf8')).epoch).toBe(1);
      await run(ffArgs('resume', ['--epochs', '2']));
      const c = JSON.parse(readFileSync(ckpt, 'utf8'));
      expect(c.epoch).toBe(2);
      expect(c.config.epochs).toBe(2);
      expect(c.history.map((h: { epoch: number }) => h.epoch)).toEqual([1, 2]);
      const saved = readFileSync(model, 'utf8');
      expect(JSON.parse(saved).epoch).toBe(2);
      await expect(run(ffArgs('resume', ['--epochs', '1']))).rejects.toThrow(/ff --epochs.*has trained 2 epochs already/);
      await expect(run(ffArgs('resume', ['--epochs', '3', '--lr', '0.01']))).rejects.toThrow(/lr: 0\.001 in the checkpoint, 0\.01 now/);
      expect(readFileSync(model, 'utf8')).toBe(saved);
    });
  }, 120_000);

  it('resuming with another --epochs under the cool-down warns with both schedules and the next step size; same total, evaluation only and a clean-equivalent resume are silent', async () => {
    const ckpt = join(dir, 'replan', 'ckpt', 'ff-tiny.json');
    const warned: string[] = [];
    const warn = console.warn;
    console.warn = (...a: unknown[]) => void warned.push(a.map(String).join(' '));
    try {
      // a 3-epoch run: epoch 3 at 2·lr/3 (the dense preset's lr 1e-3, cool-down on)
      await capturingLog(() => run(ffArgs('replan', ['--epochs', '3'])));
      await capturingLog(() => run(ffArgs('replan', ['--epochs', '3']))); // evaluation only
      expect(warned).toEqual([]);
      const lines = await capturingLog(() => run(ffArgs('replan', ['--epochs', '5'])));
      expect(lines[0]).toBe(`resuming 'tiny' from ${ckpt} after epoch 3 of 5`);
      expect(warned).toEqual([
        `warning: ff --epochs: ${ckpt} was trained under the cool-down planned for 3 epochs (epoch 3: 6.67e-4); --epochs 5 re-plans it for 5 (epochs 4–5: 8.00e-4 … 4.00e-4), ` +
          'so epoch 4 trains at 8.00e-4 after epoch 3 at 6.67e-4 (step size up): the result is neither the 3-epoch run continued nor a clean 5-epoch run. ' +
          'For the planned run ask for --epochs 3; for a clean 5-epoch schedule start a new run (--fresh, or another --name)',
      ]);
      const c = JSON.parse(readFileSync(ckpt, 'utf8'));
      expect(c.history.map((h: { lr: number }) => h.lr.toExponential(2))).toEqual(['1.00e-3', '1.00e-3', '6.67e-4', '8.00e-4', '4.00e-4']);
      warned.length = 0;
      // epoch 1 ran at lr under a 1-epoch plan and under a 3-epoch one: the resumed run is a clean 3-epoch run
      await capturingLog(() => run(ffArgs('replan-clean', ['--epochs', '1'])));
      await capturingLog(() => run(ffArgs('replan-clean', ['--epochs', '3'])));
      expect(warned).toEqual([]);
    } finally {
      console.warn = warn;
    }
  }, 120_000);

  it('a same-total resume of a run re-planned before is silent, a further re-plan says what its epochs ran at; without the cool-down nothing is said', () => {
    // planned for 5 after a 3-epoch run was continued (epoch 3 ran at 2·lr/3), stopped after epoch 4, resumed with --epochs 5
    const t = new FFTrainer({ ...TINY, cooldown: true, epochs: 5 });
    t.epoch = 4;
    t.history.push(...[1e-3, 1e-3, (2 * 1e-3) / 3, 8e-4].map((lr, k) => ({ epoch: k + 1, lr }) as FFEpochRecord));
    expect(cooldownReplanned(t, 5, 'c.json')).toBeNull();
    t.setEpochs(6);
    // epoch 3 ran under the 3-epoch plan: the warning says what the epochs ran at, not that they ran under the latest plan
    expect(cooldownReplanned(t, 5, 'c.json')).toBe(
      'warning: ff --epochs: c.json was re-planned before: its epochs ran at 1–2: 1.00e-3, 3: 6.67e-4, 4: 8.00e-4, its latest plan 5 epochs (epochs 4–5: 8.00e-4 … 4.00e-4); ' +
        '--epochs 6 re-plans it for 6 (epochs 5–6: 6.67e-4 … 3.33e-4), so epoch 5 trains at 6.67e-4 after epoch 4 at 8.00e-4 (step size down): the result is neither the 5-epoch run continued nor a clean 6-epoch run. ' +
        'For the planned run ask for --epochs 5; for a clean 6-epoch schedule start a new run (--fresh, or another --name)',
    );
    const plain = new FFTrainer({ ...TINY, epochs: 6 });
    plain.epoch = 3;
    expect(cooldownReplanned(plain, 3, 'c.json')).toBeNull();
  });

  it("an epoch record and the report name the command line main() was given, not the process's argv", async () => {
    const args = ffArgs('command', ['--epochs', '1', '--seed', '7', '--report', join(dir, 'command', 'report.json')]);
    await capturingLog(() => run(args));
    const c = JSON.parse(readFileSync(join(dir, 'command', 'ckpt', 'ff-tiny.json'), 'utf8'));
    expect(c.history[0].command).toBe(`neurostream ${args.join(' ')}`);
    expect(c.history[0].command).toContain('--seed 7');
    expect(JSON.parse(readFileSync(join(dir, 'command', 'report.json'), 'utf8')).command).toBe(`neurostream ${args.join(' ')}`);
    const b = join(dir, 'command', 'bsp');
    const bspArgs = ['bsp', '--layers', '784,8,10', '--epochs', '1', '--train-limit', '10', '--test-limit', '10', '--batch', '10', '--seed', '7', '--backend', 'cpu', '--quiet', '--out', join(b, 'm.json'), '--checkpoint', join(b, 'c.json'), '--plot', join(b, 'p.svg'), '--report', join(b, 'r.json')];
    await capturingLog(() => run(bspArgs));
    expect(JSON.parse(readFileSync(join(b, 'r.json'), 'utf8')).command).toBe(`neurostream ${bspArgs.join(' ')}`);
  }, 120_000);

  it('--models and --checkpoints one folder: the file stays the checkpoint at the end of a training run, which trains on as the run continued', async () => {
    const folder = join(dir, 'one-folder-train');
    const file = join(folder, 'ff-tiny.json');
    const args = (extra: string[]) => oneFolderArgs('one-folder-train', extra);
    let lines: string[] = [];
    const warned = await capturingWarn(async () => (lines = await capturingLog(() => run(args(['--epochs', '1'])))));
    expect(warned).toEqual([]);
    expect(lines).toContain(`kept ${file} as it is: it is the checkpoint (--models and --checkpoints are the same folder) and already holds this model with its Adam moments, which a model file would drop; curves in ${folder}/ff-tiny-*.svg`);
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('neurostream.ff-checkpoint');
    const on = await capturingLog(() => run(args(['--epochs', '2'])));
    expect(on[0]).toBe(`resuming 'tiny' from ${file} after epoch 1 of 2`);
    const after = JSON.parse(readFileSync(file, 'utf8'));
    expect([after.format, after.epoch]).toEqual(['neurostream.ff-checkpoint', 2]);
  }, 120_000);

  it('training on from a model file (no Adam moments) is refused before any work unless --fresh-optimizer; evaluating it still works', async () => {
    const file = join(dir, 'model-on', 'ff-tiny.json');
    const args = (extra: string[]) => oneFolderArgs('model-on', extra);
    const saved = await modelWhereCheckpointIs('model-on');
    expect(JSON.parse(saved).format).toBe('neurostream.ff-model');
    const e = await run(args(['--epochs', '2'])).then(() => null, (err: Error) => err);
    expect(e).toBeInstanceOf(SpecError);
    expect(e!.message).toBe(
      `ff --epochs: ${file} is a trained model (format neurostream.ff-model, after epoch 1), not a checkpoint: it holds no Adam moments, so training it on to epoch 2 would restart Adam from zero moments, which is not the run continued ` +
        `(a model file stands here if it was put there, or was left by an earlier neurostream, whose runs saved their final model over the checkpoint when --models and --checkpoints were one folder). Ask for --epochs 1 to evaluate it, pass --fresh-optimizer to train on with new Adam moments deliberately, or start a new run (--fresh, or another --name)`,
    );
    expect(readFileSync(file, 'utf8')).toBe(saved); // nothing trained, nothing written
    // evaluation only: --epochs equal to the model's trains nothing and needs no flag
    const evaluated = await capturingLog(() => run(args(['--epochs', '1'])));
    expect(evaluated[0]).toBe(`resuming 'tiny' from ${file} after epoch 1 of 1`);
    expect(JSON.parse(readFileSync(file, 'utf8')).history).toEqual(JSON.parse(saved).history);
    await expect(run(args(['--epochs', '1', '--fresh-optimizer']))).rejects.toThrow(`ff --fresh-optimizer: applies only to training on from a model file (no Adam moments); --epochs 1 trains nothing (the model in ${file} is only evaluated)`);
    // accepted deliberately: trains on and says so
    let lines: string[] = [];
    const warnedOn = await capturingWarn(async () => (lines = await capturingLog(() => run(args(['--epochs', '2', '--fresh-optimizer'])))));
    expect(warnedOn).toEqual([]);
    expect(lines[0]).toBe(`resuming 'tiny' from ${file} after epoch 1 of 2 with fresh Adam moments (--fresh-optimizer: the model file holds none)`);
    const after = JSON.parse(readFileSync(file, 'utf8'));
    // trained on, the file is now a checkpoint (its moments those of epoch 2): a later run continues it without the flag
    expect([after.format, after.epoch]).toEqual(['neurostream.ff-checkpoint', 2]);
    expect(after.history.map((h: { epoch: number }) => h.epoch)).toEqual([1, 2]);
  }, 120_000);

  it('evaluating a checkpoint with --models its own folder keeps the checkpoint (a model file would drop its Adam moments)', async () => {
    await capturingLog(() => run(ffArgs('eval-one-folder', ['--epochs', '1'])));
    const folder = join(dir, 'eval-one-folder', 'ckpt');
    const file = join(folder, 'ff-tiny.json');
    const saved = readFileSync(file, 'utf8');
    expect(JSON.parse(saved).format).toBe('neurostream.ff-checkpoint');
    const lines = await capturingLog(() => run([...ffArgs('eval-one-folder'), '--epochs', '1', '--models', folder]));
    expect(lines).toContain(`kept ${file} as it is: it is the checkpoint (--models and --checkpoints are the same folder) and already holds this model with its Adam moments, which a model file would drop; curves in ${folder}/ff-tiny-*.svg`);
    expect(readFileSync(file, 'utf8')).toBe(saved);
    // and it still trains on as the run continued, not from a model file
    await capturingLog(() => run(ffArgs('eval-one-folder', ['--epochs', '2', '--models', join(dir, 'eval-one-folder', 'models2')])));
    expect(JSON.parse(readFileSync(file, 'utf8')).epoch).toBe(2);
  }, 120_000);

  it('--negatives: a checkpoint resumes only with its own; a model file trained on with --fresh-optimizer may switch, and each epoch says which it used', async () => {
    await expect(run(ffArgs('neg', ['--epochs', '1', '--negatives', 'hardest']))).rejects.toThrow("ff --negatives: expected random or hard, got 'hardest'");
    await capturingLog(() => run(ffArgs('neg', ['--epochs', '1'])));
    const ckpt = join(dir, 'neg', 'ckpt', 'ff-tiny.json');
    const saved = readFileSync(ckpt, 'utf8');
    await expect(run(ffArgs('neg', ['--epochs', '2', '--negatives', 'hard']))).rejects.toThrow('negatives: "random" in the checkpoint, "hard" now');
    expect(readFileSync(ckpt, 'utf8')).toBe(saved);
    const file = join(dir, 'neg-model', 'ff-tiny.json');
    const args = (extra: string[]) => oneFolderArgs('neg-model', extra);
    await modelWhereCheckpointIs('neg-model');
    await expect(run(args(['--epochs', '2', '--negatives', 'hard']))).rejects.toThrow(/ff --fresh: .*negatives: "random" in the checkpoint, "hard" now/);
    await capturingWarn(() => capturingLog(() => run(args(['--epochs', '2', '--negatives', 'hard', '--fresh-optimizer']))));
    const after = JSON.parse(readFileSync(file, 'utf8'));
    expect(after.config.negatives).toBe('hard');
    expect(after.history.map((h: { negatives?: string }) => h.negatives ?? 'random')).toEqual(['random', 'hard']);
  }, 120_000);

  it('--readout-epochs fits the linear classifier afresh on the frozen features and reports it; its flags are checked first', async () => {
    await expect(run(ffArgs('refit', ['--epochs', '1', '--readout-epochs', '0']))).rejects.toThrow('ff --readout-epochs: expected a whole number of epochs ≥ 1, got 0');
    await expect(run(ffArgs('refit', ['--epochs', '1', '--readout-lr', '0.01']))).rejects.toThrow('ff --readout-lr: sets the step size of the fit that --readout-epochs asks for: give --readout-epochs too');
    await expect(run(ffArgs('refit', ['--epochs', '1', '--readout-epochs', '2', '--readout-lr', '-1']))).rejects.toThrow('ff --readout-lr: expected a step size > 0, got -1');
    expect(existsSync(join(dir, 'refit'))).toBe(false);
    const report = join(dir, 'refit-report.json');
    const lines = await capturingLog(() => run(ffArgs('refit', ['--epochs', '1', '--readout-epochs', '2', '--readout-lr', '0.01', '--report', report])));
    const r = JSON.parse(readFileSync(report, 'utf8'));
    expect(r.readoutRefit.epochs).toBe(2);
    expect(r.readoutRefit.lrStart).toBe(0.01);
    expect(r.readoutRefit.loss).toHaveLength(2);
    expect(r.readoutRefit.evaluated).toBe(20);
    expect(r.readoutRefit.images).toBe(30); // whole steps of 3 × batch images
    expect(r.readoutRefit.linear).toBeGreaterThanOrEqual(0);
    expect(r.readoutRefit.command).toContain('--readout-epochs 2');
    expect(lines.some((l) => l.startsWith('linear classifier fitted afresh on the frozen features (2 epochs, Adam 0.01 with cool-down'))).toBe(true);
    expect(r.readoutRefit.keptEpoch).toBe(2);
    expect(r.readoutRefit.validation).toBeUndefined();
  }, 120_000);

  it('Ctrl-C stops part-way through an epoch with the checkpoint saved there; the same command finishes it as the unbroken run', async () => {
    // progress lines on (no --quiet), 40 batches, a pause chance every 10 batches, each taken
    const args = (sub: string) => ffArgs(sub, ['--epochs', '1', '--train-limit', '400', '--checkpoint-every', '1 us']).filter((a) => a !== '--quiet');
    const ckpt = join(dir, 'stop', 'ckpt', 'ff-tiny.json');
    const write = process.stderr.write;
    const exitCode = process.exitCode;
    const error = console.error;
    let lines: string[];
    try {
      console.error = () => {}; // the "stopping…" notice
      // the progress line of batch 10 (20 %) is followed by Ctrl-C, as a user would press it
      process.stderr.write = ((chunk: string | Uint8Array) => {
        if (String(chunk).includes('epoch 1/1 train: 20%')) process.emit('SIGINT');
        return true;
      }) as typeof process.stderr.write;
      lines = await capturingLog(() => run(args('stop')));
      expect(process.exitCode).toBe(130);
    } finally {
      process.stderr.write = write;
      console.error = error;
      process.exitCode = exitCode;
    }
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual([0, 0]);
    const saved = JSON.parse(readFileSync(ckpt, 'utf8'));
    expect(saved.epoch).toBe(0);
    expect(saved.partial.epoch).toBe(1);
    expect(saved.partial.batches).toBe(10); // the pause chance that follows that batch
    expect(saved.partial.cpuSeconds).toBeGreaterThanOrEqual(0);
    expect(existsSync(join(dir, 'stop', 'models', 'ff-tiny.json'))).toBe(false);
    expect(lines).toContain(`stopped in epoch 1 after 10 batches; checkpoint ${ckpt} saved there: the same command resumes it (no model file, report or final evaluation until the run ends)`);
    // finish it, and an unbroken run of the same flags elsewhere
    const resumed = await capturingLog(() => run(ffArgs('stop', ['--epochs', '1', '--train-limit', '400'])));
    expect(resumed[0]).toBe(`resuming 'tiny' from ${ckpt} after epoch 0 of 1, in epoch 1 after 10 batches`);
    await capturingLog(() => run(ffArgs('unbroken', ['--epochs', '1', '--train-limit', '400'])));
    const a = JSON.parse(readFileSync(ckpt, 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'unbroken', 'ckpt', 'ff-tiny.json'), 'utf8'));
    expect(a.partial).toBeUndefined();
    expect([a.layers, a.readout]).toEqual([b.layers, b.readout]);
    const measured = (h: FFEpochRecord) => [h.layerLoss, h.layerSeparation, h.layerPairSeparation, h.readoutLoss, h.goodness, h.linear];
    expect(measured(a.history[0])).toEqual(measured(b.history[0]));
    await expect(run(ffArgs('stop-bad', ['--epochs', '1', '--checkpoint-every', '5 kg']))).rejects.toThrow(/ff --checkpoint-every/);
  }, 120_000);

  it('--readout-validation holds the last training images out of the fit and tests its best epoch there', async () => {
    await expect(run(ffArgs('refit-v', ['--epochs', '1', '--readout-validation', '10']))).rejects.toThrow('ff --readout-validation: holds images out of the fit that --readout-epochs asks for: give --readout-epochs too');
    await expect(run(ffArgs('refit-v', ['--epochs', '1', '--readout-epochs', '2', '--readout-validation', '2.5']))).rejects.toThrow('ff --readout-validation: expected a whole number of images ≥ 0, got 2.5');
    expect(existsSync(join(dir, 'refit-v'))).toBe(false);
    const report = join(dir, 'refit-v-report.json');
    const lines = await capturingLog(() => run(ffArgs('refit-v', ['--epochs', '1', '--readout-epochs', '3', '--readout-validation', '10', '--report', report])));
    const r = JSON.parse(readFileSync(report, 'utf8')).readoutRefit;
    expect(r.images).toBe(30); // 40 − 10 held out: one step of 3 × batch images
    expect(r.validationImages).toBe(10);
    expect(r.validation).toHaveLength(3);
    expect(r.keptEpoch).toBe(r.validation.indexOf(Math.max(...r.validation)) + 1);
    expect(lines.some((l) => l.includes(`held-out 10 images`) && l.includes(`epoch ${r.keptEpoch} kept`))).toBe(true);
  }, 120_000);

  it('--readout-schedule and --readout-weight-decay reach the fit, are reported, and are named when wrong', async () => {
    await expect(run(ffArgs('refit-s', ['--epochs', '1', '--readout-weight-decay', '0.1']))).rejects.toThrow('ff --readout-weight-decay: sets the fit that --readout-epochs asks for: give --readout-epochs too');
    await expect(run(ffArgs('refit-s', ['--epochs', '1', '--readout-schedule', 'step']))).rejects.toThrow('ff --readout-schedule: sets the fit that --readout-epochs asks for: give --readout-epochs too');
    await expect(run(ffArgs('refit-s', ['--epochs', '1', '--readout-epochs', '2', '--readout-schedule', 'batch']))).rejects.toThrow("ff --readout-schedule: expected 'epoch' or 'step', got 'batch'");
    await expect(run(ffArgs('refit-s', ['--epochs', '1', '--readout-epochs', '2', '--readout-weight-decay', '-1']))).rejects.toThrow('ff --readout-weight-decay: expected a number ≥ 0, got -1');
    expect(existsSync(join(dir, 'refit-s'))).toBe(false);
    const report = join(dir, 'refit-s-report.json');
    const lines = await capturingLog(() => run(ffArgs('refit-s', ['--epochs', '1', '--readout-epochs', '2', '--readout-schedule', 'step', '--readout-weight-decay', '0.5', '--report', report])));
    const r = JSON.parse(readFileSync(report, 'utf8')).readoutRefit;
    expect([r.schedule, r.weightDecay]).toEqual(['step', 0.5]);
    expect(lines.some((l) => l.includes('cool-down after every step, weight decay 0.5'))).toBe(true);
  }, 120_000);

  it('the fit alone on a finished run (docs/ff.md): --no-final-eval --eval-limit N scores the fit on N test images, no new evaluation', async () => {
    await capturingLog(() => run(ffArgs('refit-only', ['--epochs', '1'])));
    const report = join(dir, 'refit-only-report.json');
    const lines = await capturingLog(() => run(ffArgs('refit-only', ['--epochs', '1', '--eval-limit', '50', '--readout-epochs', '1', '--report', report])));
    const r = JSON.parse(readFileSync(report, 'utf8'));
    expect(r.readoutRefit.evaluated).toBe(50);
    expect(r.test.count).toBe(20); // the epoch's own evaluation, not redone
    expect(lines.some((l) => l.startsWith('test (20 images)'))).toBe(true);
  }, 120_000);

  it('--fresh-optimizer with no run to resume or with a checkpoint is refused: it would mean nothing', async () => {
    const ckpt = join(dir, 'fresh-opt', 'ckpt', 'ff-tiny.json');
    await expect(run(ffArgs('fresh-opt', ['--epochs', '1', '--fresh-optimizer']))).rejects.toThrow(`ff --fresh-optimizer: applies only to training on from a model file (no Adam moments); no run is resumed (${ckpt} does not exist)`);
    expect(existsSync(ckpt)).toBe(false);
    await capturingLog(() => run(ffArgs('fresh-opt', ['--epochs', '1'])));
    const saved = readFileSync(ckpt, 'utf8');
    expect(JSON.parse(saved).format).toBe('neurostream.ff-checkpoint');
    await expect(run(ffArgs('fresh-opt', ['--epochs', '2', '--fresh-optimizer']))).rejects.toThrow(`ff --fresh-optimizer: applies only to training on from a model file (no Adam moments); ${ckpt} is a checkpoint: its Adam moments resume as they are`);
    await expect(run(ffArgs('fresh-opt', ['--epochs', '2', '--fresh', '--fresh-optimizer']))).rejects.toThrow('ff --fresh-optimizer: applies only to training on from a model file (no Adam moments); no run is resumed (--fresh)');
    expect(readFileSync(ckpt, 'utf8')).toBe(saved);
  }, 120_000);

  it('ff --epochs 0 and --eval-limit -5 are flag errors that leave an existing model and checkpoint untouched', async () => {
    const models = join(dir, 'keep', 'models');
    const ckpts = join(dir, 'keep', 'ckpt');
    mkdirSync(models, { recursive: true });
    mkdirSync(ckpts, { recursive: true });
    writeFileSync(join(models, 'ff-tiny.json'), 'trained');
    writeFileSync(join(ckpts, 'ff-tiny.json'), 'checkpoint');
    await expect(run(ffArgs('keep', ['--epochs', '0']))).rejects.toThrow(/ff --epochs: expected a positive integer, got '0'/);
    await expect(run(ffArgs('keep', ['--eval-limit', '-5']))).rejects.toThrow(/ff --eval-limit: expected a positive integer, got '-5'/);
    await expect(run(ffArgs('keep', ['--threads', '3']))).rejects.toThrow(SpecError);
    expect(readFileSync(join(models, 'ff-tiny.json'), 'utf8')).toBe('trained');
    expect(readFileSync(join(ckpts, 'ff-tiny.json'), 'utf8')).toBe('checkpoint');
  });

  it('ff and bsp probe their outputs before training: a folder or /proc as target fails at once', async () => {
    const folder = join(dir, 'probe', 'models', 'ff-tiny.json');
    mkdirSync(folder, { recursive: true });
    await expect(run(ffArgs('probe', ['--epochs', '1']))).rejects.toThrow(/cannot write .*ff-tiny\.json: it is a folder/);
    expect(existsSync(join(dir, 'probe', 'ckpt', 'ff-tiny.json'))).toBe(false);
    await expect(run(['ff', '--models', '/proc/ff13/models', '--checkpoints', join(dir, 'probe', 'c2'), '--quiet'])).rejects.toThrow(WriteTargetError);
    const bspOut = join(dir, 'probe', 'bsp');
    await expect(run(['bsp', '--out', '/proc/ff13/bsp.json', '--checkpoint', join(bspOut, 'c.json'), '--plot', join(bspOut, 'p.svg'), '--quiet'])).rejects.toThrow(/cannot write \/proc\/ff13\/bsp\.json/);
    mkdirSync(join(bspOut, 'plot.svg'), { recursive: true });
    await expect(run(['bsp', '--out', join(bspOut, 'm.json'), '--checkpoint', join(bspOut, 'c.json'), '--plot', join(bspOut, 'plot.svg'), '--quiet'])).rejects.toThrow(/plot\.svg: it is a folder/);
    expect(existsSync(join(bspOut, 'c.json'))).toBe(false);
    expect(statSync(join(bspOut, 'plot.svg')).isDirectory()).toBe(true);
  }, 30_000);
});
