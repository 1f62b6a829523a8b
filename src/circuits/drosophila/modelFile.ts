import { z } from 'zod';
import { decodeFloat32, encodeFloat32 } from '../../core/base64.js';
import { FileFormatError } from '../../core/errors.js';
import type { DrosophilaCircuit, DrosophilaSettings } from './circuit.js';
import { SUBTYPES, type Subtype } from './subtypes.js';
import type { TrainingReport } from './train.js';

/** Model-file formats are spelt `neurostream.<what>` (one spelling for every file neurostream writes). */
export const MODEL_FORMAT = 'neurostream.drosophila-motion';
/** The spelling of files written before 0.2, still read. */
export const LEGACY_MODEL_FORMAT = 'neurostream/drosophila-motion';
/** The version of the model-file layout; files with another version are refused. */
export const MODEL_VERSION = 1;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64 of little-endian float32 values');
const resuParams = z.object({ filters: base64, bias: base64, threshold: base64 }).strict();

const finite = z.number().finite();
const detectorReport = z.object({ correlations: z.array(finite).readonly(), responseStd: finite, threshold: finite, windows: z.number().int().nonnegative() }).strict();

/** What training measured (TrainingReport), kept in the file for reports. */
const trainingSchema = z
  .object({
    dt: z.number().positive(),
    scenes: z.array(z.string()).readonly(),
    lamina: z.object({ correlations: z.array(finite).readonly(), mutualInformation: finite, zeroFrequencyRatio: z.tuple([finite, finite]).readonly(), windows: z.number().int().nonnegative() }).strict(),
    detectors: z.object(Object.fromEntries(SUBTYPES.map((s) => [s, detectorReport])) as Record<Subtype, typeof detectorReport>).strict(),
    options: z
      .object({
        steps: z.number().int().positive(),
        rows: z.number().int().positive(),
        speed: z.number().positive(),
        spacing: z.number().positive(),
        noiseStd: finite,
        thresholdFactor: z.number().nonnegative(),
        dt: z.number().positive(),
        seed: z.number().int(),
        keepLamina: z.boolean(),
      })
      .strict(),
  })
  .strict();

/** The schema of models/drosophila-motion.json: every field checked on load. */
export const modelFileSchema = z
  .object({
    format: z.union([z.literal(MODEL_FORMAT), z.literal(LEGACY_MODEL_FORMAT)]),
    version: z.literal(MODEL_VERSION),
    settings: z
      .object({
        pixels: z.number().int().min(3),
        memory: z.number().int().positive(),
        horizon: z.number().int().positive(),
        offset: z.number().int().positive(),
        ridge: z.number().nonnegative(),
        detectorMemory: z.number().int().positive(),
      })
      .strict(),
    dt: z.number().positive(),
    lamina: resuParams,
    detectors: z.object(Object.fromEntries(SUBTYPES.map((s) => [s, resuParams])) as Record<Subtype, typeof resuParams>).strict(),
    training: trainingSchema.optional(),
  })
  .strict();

/**
 * One ReSU bank's learned parameters in a model file, each array as base64 of
 * little-endian float32 values (so the file stays small and reproduces byte for byte).
 * @inline
 */
export interface ResuParametersJson {
  /** The CCA filters, k × (channels·memory), row-major ({@link ResuParameters}). */
  filters: string;
  /** Per component, subtracted from the projection. */
  bias: string;
  /** Per output, subtracted before rectification. */
  threshold: string;
}

/** models/drosophila-motion.json: the fly circuit's settings and learned parameters (checked on load by a zod schema). */
export interface ModelFile {
  /** `neurostream.drosophila-motion`; files written before 0.2 say `neurostream/drosophila-motion`. */
  format: typeof MODEL_FORMAT | typeof LEGACY_MODEL_FORMAT;
  /** Layout version (1). */
  version: typeof MODEL_VERSION;
  /** The settings the circuit was built with. */
  settings: DrosophilaSettings;
  /** The time step the circuit was trained at, in seconds. */
  dt: number;
  /** The lamina ReSU bank (L3, L1, L2 per pixel). */
  lamina: ResuParametersJson;
  /** One ReSU bank per T4/T5 subtype. */
  detectors: Record<Subtype, ResuParametersJson>;
  /** What training measured, kept for reports; absent in files written without it. */
  training?: TrainingReport;
}

/** The interface documents the file, the schema checks it: each accepts what the other describes. */
type Assignable<A, B extends A> = B;
type ModelFileMatchesSchema = [Assignable<ModelFile, z.infer<typeof modelFileSchema>>, Assignable<z.infer<typeof modelFileSchema>, ModelFile>];

/** The learned parameters and settings as plain JSON. */
export function toModelFile(circuit: DrosophilaCircuit, dt: number, training?: TrainingReport): ModelFile {
  const params = (p: { filters: Float64Array; bias: Float64Array; threshold: Float64Array }) => ({
    filters: encodeFloat32(Float32Array.from(p.filters)),
    bias: encodeFloat32(Float32Array.from(p.bias)),
    threshold: encodeFloat32(Float32Array.from(p.threshold)),
  });
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    settings: { ...circuit.settings },
    dt,
    lamina: params(circuit.laminaModel.parameters),
    detectors: Object.fromEntries(SUBTYPES.map((s) => [s, params(circuit.detectorModels[s].parameters)])) as ModelFile['detectors'],
    ...(training ? { training } : {}),
  };
}

/** Validate parsed JSON against the schema; errors name the file and the field. */
export function parseModelFile(json: unknown, file: string): ModelFile {
  const r = modelFileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.length ? issue.path.join('.') : '(top level)';
    throw new FileFormatError(file, `field ${field}`, issue.message);
  }
  return r.data;
}

/** Copy decoded arrays into a circuit's parameters, checking each length. */
export function applyModelFile(circuit: DrosophilaCircuit, data: ModelFile, file: string): void {
  const put = (field: string, dst: Float64Array, b64: string) => {
    let values: Float32Array;
    try {
      values = decodeFloat32(b64, dst.length);
    } catch (e) {
      throw new FileFormatError(file, `field ${field}`, (e as Error).message);
    }
    for (let i = 0; i < dst.length; i++) {
      if (!Number.isFinite(values[i]!)) throw new FileFormatError(file, `field ${field}[${i}]`, `not finite: ${values[i]}`);
      dst[i] = values[i]!;
    }
  };
  const p = circuit.laminaModel.parameters;
  put('lamina.filters', p.filters, data.lamina.filters);
  put('lamina.bias', p.bias, data.lamina.bias);
  put('lamina.threshold', p.threshold, data.lamina.threshold);
  for (const s of SUBTYPES) {
    const q = circuit.detectorModels[s].parameters;
    const d = data.detectors[s];
    put(`detectors.${s}.filters`, q.filters, d.filters);
    put(`detectors.${s}.bias`, q.bias, d.bias);
    put(`detectors.${s}.threshold`, q.threshold, d.threshold);
  }
}
