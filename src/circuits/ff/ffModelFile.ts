import { z } from 'zod';
import { decodeFiniteFloat32, encodeFiniteFloat32, float32Count } from '../../core/base64.js';
import { FileFormatError, SpecError } from '../../core/errors.js';
import { checkAllocation } from '../../core/memoryBudget.js';
import { convOutSize } from '../../math/im2col.js';
import type { Adam } from '../../plasticity/adam.js';
import { FFTrainer, ffLabelEncoding, type FFEpochRecord, type FFTrainingConfig } from './ffTrainer.js';
import { readoutParameters } from './linearReadout.js';

/** Formats are spelt `neurostream.<what>`: a checkpoint (with optimiser state) and a trained model. */
export const FF_CHECKPOINT_FORMAT = 'neurostream.ff-checkpoint';
/** The format of a trained FF model (weights, no optimiser state). */
export const FF_MODEL_FORMAT = 'neurostream.ff-model';
/** Version of both FF formats (v1: layers, read-out as one [features × classes] matrix and a bias). */
export const FF_FILE_VERSION = 1;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64 of little-endian float32 values');
const positive = z.number().finite().positive();
const count = z.number().int().positive();

const adamSchema = z.object({ t: z.number().int().nonnegative(), m: base64, v: base64 }).strict();

const convLayerSchema = z.object({ channels: count, kernel: count, stride: count.optional(), pad: z.number().int().nonnegative().optional() }).strict();

/** FFTrainingConfig, every field checked. */
const configSchema = z
  .object({
    name: z.string().min(1),
    architecture: z.discriminatedUnion('arch', [
      z.object({ arch: z.literal('dense'), units: z.array(count).min(1) }).strict(),
      z.object({ arch: z.literal('conv'), layers: z.array(convLayerSchema).min(1) }).strict(),
    ]),
    labels: z.enum(['onehot', 'fourier', 'morphology']),
    intensity: z.number().finite().min(0).max(1),
    epochs: count,
    batch: count,
    lr: positive,
    cooldown: z.boolean(),
    logitScale: positive,
    locality: z.enum(['layer', 'position']).optional(),
    thetaFactor: positive,
    readoutLr: positive,
    seed: z.number().int(),
    trainLimit: count.optional(),
    order: z.enum(['relu-norm', 'norm-relu']).optional(),
    labelFrequencies: z.tuple([positive, positive]).optional(),
    frozenLayers: z.number().int().nonnegative().optional(),
    loss: z.enum(['threshold', 'paired']).optional(),
    negatives: z.enum(['random', 'hard']).optional(),
  })
  .strict();

// JSON has no NaN: a measure that was NaN when saved comes back as null
const measure = z.number().nullable();
const recordSchema = z
  .object({
    epoch: count,
    lr: positive,
    layerLoss: z.array(measure),
    layerSeparation: z.array(measure),
    layerPairSeparation: z.array(measure).optional(),
    readoutLoss: measure,
    goodness: measure,
    goodnessAllLayers: measure,
    goodnessByLayer: z.array(measure).optional(),
    goodnessStandardised: measure.optional(),
    linear: measure,
    evaluated: z.number().int().nonnegative(),
    trainSeconds: measure,
    evalSeconds: measure,
    cpuSeconds: z.number().nonnegative().optional(),
    loadAverage: z.array(z.number()).optional(),
    command: z.string().optional(),
    negatives: z.literal('hard').optional(),
  })
  .strict();

const layerSchema = z
  .object({
    describe: z.record(z.string(), z.unknown()).optional(),
    weights: base64,
    bias: base64,
    gain: base64.optional(),
    shift: base64.optional(),
    adamWeights: adamSchema.optional(),
    adamBias: adamSchema.optional(),
    adamGain: adamSchema.optional(),
    adamShift: adamSchema.optional(),
  })
  .strict();

const sum = z.number().finite().nonnegative();
const partialSchema = z
  .object({
    epoch: z.number().int().positive(),
    batches: z.number().int().positive(),
    lr: z.number().finite().positive(),
    layerLoss: z.array(sum),
    layerSeparation: z.array(sum),
    layerPairSeparation: z.array(sum),
    readoutLoss: sum,
    trainSeconds: sum,
    cpuSeconds: sum.optional(),
  })
  .strict();

/** The schema of an FF checkpoint or model file: every field checked on load. */
export const ffFileSchema = z
  .object({
    format: z.union([z.literal(FF_CHECKPOINT_FORMAT), z.literal(FF_MODEL_FORMAT)]),
    version: z.literal(FF_FILE_VERSION),
    config: configSchema,
    epoch: z.number().int().nonnegative(),
    history: z.array(recordSchema),
    layers: z.array(layerSchema).min(1),
    readout: z.object({ weights: base64, bias: base64, adamWeights: adamSchema.optional(), adamBias: adamSchema.optional() }).strict(),
    /** A checkpoint saved part-way through an epoch: where that epoch stands (see `FFPartialEpoch`). */
    partial: partialSchema.optional(),
  })
  .strict();

/** An FF checkpoint or model file as plain JSON. */
export type FFFile = z.infer<typeof ffFileSchema>;

/** Everything needed to resume (checkpoint) or only the trained parameters (model). */
export function ffToJSON(t: FFTrainer, kind: 'checkpoint' | 'model'): FFFile {
  const withState = kind === 'checkpoint';
  if (t.partial && !withState) {
    throw new SpecError('ff.partial', `training stopped part-way through epoch ${t.partial.epoch} (${t.partial.batches} batches): a model file holds whole epochs; save a checkpoint, or finish the epoch`);
  }
  const adam = (a: Adam | null | undefined, field: string) => (withState && a ? { t: a.t, m: encodeFiniteFloat32(a.m, `${field}.m`), v: encodeFiniteFloat32(a.v, `${field}.v`) } : undefined);
  const layers = t.ff.layers.map((l, k) => {
    const opt = t.ff.rules[k]!.optimisers;
    const { gain, shift } = l.parameters;
    return {
      describe: l.describe(),
      weights: encodeFiniteFloat32(l.parameters.weights, `layers[${k}].weights`),
      bias: encodeFiniteFloat32(l.parameters.bias, `layers[${k}].bias`),
      ...(gain && shift ? { gain: encodeFiniteFloat32(gain, `layers[${k}].gain`), shift: encodeFiniteFloat32(shift, `layers[${k}].shift`) } : {}),
      ...(withState ? { adamWeights: adam(opt.weights, `layers[${k}].adamWeights`), adamBias: adam(opt.bias, `layers[${k}].adamBias`) } : {}),
      ...(withState && opt.gain && opt.shift ? { adamGain: adam(opt.gain, `layers[${k}].adamGain`), adamShift: adam(opt.shift, `layers[${k}].adamShift`) } : {}),
    };
  });
  const rp = readoutParameters(t.readout);
  const rs = t.readout.rules.map((r) => r.optimiser!);
  return {
    format: withState ? FF_CHECKPOINT_FORMAT : FF_MODEL_FORMAT,
    version: FF_FILE_VERSION,
    config: t.config as FFFile['config'],
    epoch: t.epoch,
    ...(withState && t.partial ? { partial: t.partial } : {}),
    history: t.history as FFFile['history'],
    layers,
    readout: {
      weights: encodeFiniteFloat32(rp.weights, 'readout.weights'),
      bias: encodeFiniteFloat32(rp.bias, 'readout.bias'),
      ...(withState
        ? {
            adamWeights: { t: rs[0]!.t, m: encodeFiniteFloat32(stack(rs.slice(0, -1).map((a) => a.m)), 'readout.adamWeights.m'), v: encodeFiniteFloat32(stack(rs.slice(0, -1).map((a) => a.v)), 'readout.adamWeights.v') },
            adamBias: adam(rs.at(-1), 'readout.adamBias'),
          }
        : {}),
    },
  };
}

function stack(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Parameter counts the config declares, per layer and for the read-out (no allocation). */
function declaredSizes(config: FFTrainingConfig): { layers: { weights: number; bias: number; units: number; channels: number }[]; readout: number; classes: number } {
  const { rows, cols, classes } = ffLabelEncoding(config);
  const layers: { weights: number; bias: number; units: number; channels: number }[] = [];
  if (config.architecture.arch === 'dense') {
    let nIn = rows * cols;
    for (const u of config.architecture.units) {
      layers.push({ weights: nIn * u, bias: u, units: u, channels: u });
      nIn = u;
    }
  } else {
    let [h, w, c] = [rows, cols, 1];
    for (const s of config.architecture.layers) {
      const stride = s.stride ?? 1;
      const pad = s.pad ?? Math.floor((s.kernel - 1) / 2);
      const oh = convOutSize(h, s.kernel, stride, pad);
      const ow = convOutSize(w, s.kernel, stride, pad);
      layers.push({ weights: s.kernel * s.kernel * c * s.channels, bias: s.channels, units: Math.max(0, oh * ow * s.channels), channels: s.channels });
      [h, w, c] = [oh, ow, s.channels];
    }
  }
  const read = layers.length > 1 ? layers.slice(1) : layers;
  return { layers, readout: read.reduce((s, l) => s + l.units, 0) * classes, classes };
}

/**
 * Rebuild a trainer from a checkpoint or model file's JSON (a model file holds no optimiser
 * state: its trainer has `optimiserStateKept` false once it has trained an epoch; a checkpoint
 * must hold every optimiser's). Every field is checked, array lengths are compared with what the
 * config declares and the memory budget before anything is allocated, and every weight must be
 * finite. Errors are FileFormatErrors naming the file and the field. `backend`: the simulator's (default 'cpu').
 */
export function ffFromJSON(json: unknown, file: string, backend?: string): FFTrainer {
  const r = ffFileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new FileFormatError(file, `field ${issue.path.length ? issue.path.join('.') : '(top level)'}`, issue.message);
  }
  const doc = r.data;
  const config: FFTrainingConfig = doc.config;
  let sizes: ReturnType<typeof declaredSizes>;
  try {
    sizes = declaredSizes(config);
  } catch (e) {
    throw new FileFormatError(file, 'field config', (e as Error).message);
  }
  if (doc.layers.length !== sizes.layers.length) {
    throw new FileFormatError(file, 'field layers', `has ${doc.layers.length} layers, config.architecture declares ${sizes.layers.length}`);
  }
  const expect = (field: string, b64: string | undefined, n: number) => {
    if (b64 !== undefined && float32Count(b64) !== n) throw new FileFormatError(file, `field ${field}`, `holds ${float32Count(b64)} values, config.architecture declares ${n}`);
  };
  let bytes = 0;
  doc.layers.forEach((l, k) => {
    const s = sizes.layers[k]!;
    expect(`layers.${k}.weights`, l.weights, s.weights);
    expect(`layers.${k}.bias`, l.bias, s.bias);
    expect(`layers.${k}.gain`, l.gain, s.channels);
    expect(`layers.${k}.shift`, l.shift, s.channels);
    bytes += 4 * (3 * (s.weights + s.bias) + 6 * s.units * doc.config.batch);
  });
  expect('readout.weights', doc.readout.weights, sizes.readout);
  expect('readout.bias', doc.readout.bias, sizes.classes);
  checkAllocation(`${file}: the FF network its config declares`, bytes + 4 * 3 * sizes.readout);
  let t: FFTrainer;
  try {
    t = new FFTrainer(config, backend);
  } catch (e) {
    if (e instanceof FileFormatError) throw e;
    throw new FileFormatError(file, 'field config', (e as Error).message);
  }
  const put = (field: string, dst: Float32Array, b64: string | undefined) => {
    if (b64 === undefined) throw new FileFormatError(file, `field ${field}`, 'missing');
    dst.set(decodeFiniteFloat32(b64, dst.length, file, field));
  };
  // a checkpoint holds every optimiser's state (ffToJSON writes all the trainer has): one left out
  // would restart that optimiser from zero moments, silently
  const checkpoint = doc.format === FF_CHECKPOINT_FORMAT;
  const putAdam = (field: string, a: Adam | null | undefined, s: z.infer<typeof adamSchema> | undefined) => {
    if (a && !s && checkpoint) throw new FileFormatError(file, `field ${field}`, `missing (a ${FF_CHECKPOINT_FORMAT} holds the Adam state of every optimiser)`);
    if (!a || !s) return;
    put(`${field}.m`, a.m, s.m);
    put(`${field}.v`, a.v, s.v);
    a.t = s.t;
  };
  t.ff.layers.forEach((l, k) => {
    const s = doc.layers[k]!;
    const opt = t.ff.rules[k]!.optimisers;
    put(`layers.${k}.weights`, l.parameters.weights, s.weights);
    put(`layers.${k}.bias`, l.parameters.bias, s.bias);
    putAdam(`layers.${k}.adamWeights`, opt.weights, s.adamWeights);
    putAdam(`layers.${k}.adamBias`, opt.bias, s.adamBias);
    const { gain, shift } = l.parameters;
    if (gain && shift) {
      put(`layers.${k}.gain`, gain, s.gain);
      put(`layers.${k}.shift`, shift, s.shift);
      putAdam(`layers.${k}.adamGain`, opt.gain, s.adamGain);
      putAdam(`layers.${k}.adamShift`, opt.shift, s.adamShift);
    }
  });
  // the read-out's stacked matrix goes back to its projections, read layer by read layer
  const rp = t.readout.projections;
  const rules = t.readout.rules;
  const weights = new Float32Array(t.readout.features * t.readout.classes);
  put('readout.weights', weights, doc.readout.weights);
  const m = new Float32Array(weights.length);
  const v = new Float32Array(weights.length);
  const aw = doc.readout.adamWeights;
  if (!aw && checkpoint) throw new FileFormatError(file, 'field readout.adamWeights', `missing (a ${FF_CHECKPOINT_FORMAT} holds the Adam state of every optimiser)`);
  if (aw) {
    put('readout.adamWeights.m', m, aw.m);
    put('readout.adamWeights.v', v, aw.v);
  }
  let off = 0;
  for (let k = 0; k < rp.length - 1; k++) {
    const w = rp[k]!.synapses.weights;
    w.set(weights.subarray(off, off + w.length));
    const a = rules[k]!.optimiser!;
    if (aw) {
      a.m.set(m.subarray(off, off + w.length));
      a.v.set(v.subarray(off, off + w.length));
      a.t = aw.t;
    }
    off += w.length;
  }
  put('readout.bias', rp.at(-1)!.synapses.weights, doc.readout.bias);
  putAdam('readout.adamBias', rules.at(-1)!.optimiser, doc.readout.adamBias);
  t.epoch = doc.epoch;
  t.optimiserStateKept = checkpoint || doc.epoch === 0;
  const part = doc.partial;
  if (part) {
    if (!checkpoint) throw new FileFormatError(file, 'field partial', `a ${FF_MODEL_FORMAT} holds whole epochs only; an epoch stopped part-way resumes from a ${FF_CHECKPOINT_FORMAT}`);
    if (part.epoch !== doc.epoch + 1) throw new FileFormatError(file, 'field partial.epoch', `is ${part.epoch}; the epoch under way after ${doc.epoch} whole epochs is ${doc.epoch + 1}`);
    const L = doc.layers.length;
    for (const f of ['layerLoss', 'layerSeparation', 'layerPairSeparation'] as const) {
      if (part[f].length !== L) throw new FileFormatError(file, `field partial.${f}`, `holds ${part[f].length} sums for ${L} layers`);
    }
    // (the training set's size is known only when the epoch resumes: trainEpoch checks it then)
    const steps = config.trainLimit !== undefined ? Math.floor(config.trainLimit / config.batch) : Infinity;
    if (part.batches >= steps) throw new FileFormatError(file, 'field partial.batches', `is ${part.batches}: an epoch of ${config.trainLimit} images in batches of ${config.batch} has ${steps}`);
    t.partial = { ...part };
  }
  // the file's records, validated, in their own field order (zod's output follows the schema's),
  // so that re-saving a loaded file writes the same bytes
  const raw = (json as { history: Record<string, unknown>[] }).history;
  t.history.push(...(doc.history.map((h, i) => nullToNaN(h, Object.keys(raw[i]!))) as FFEpochRecord[]));
  return t;
}

function nullToNaN<T extends Record<string, unknown>>(h: T, order: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const k of order) {
    const v = h[k];
    out[k] = v === null ? Number.NaN : Array.isArray(v) ? v.map((x) => (x === null ? Number.NaN : x)) : v;
  }
  return out as T;
}
