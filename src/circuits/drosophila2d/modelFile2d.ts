import { z } from 'zod';
import { decodeFloat32, encodeFloat32 } from '../../core/base64.js';
import { FileFormatError } from '../../core/errors.js';
import type { Drosophila2dCircuit, Drosophila2dSettings } from './circuit2d.js';
import { SUBTYPES_2D, type Subtype2d } from './subtypes2d.js';
import type { ResuParametersJson } from '../drosophila/modelFile.js';
import type { Training2dReport } from './train2d.js';

/** The format name of the 2-D model file. */
export const MODEL_FORMAT_2D = 'neurostream.drosophila-motion-2d';
/** The version of the 2-D model-file layout; files with another version are refused. */
export const MODEL_VERSION_2D = 1;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64 of little-endian float32 values');
const resuParams = z.object({ filters: base64, bias: base64, threshold: base64 }).strict();

/** The schema of models/drosophila-motion-2d.json: every field checked on load. */
export const modelFile2dSchema = z
  .object({
    format: z.literal(MODEL_FORMAT_2D),
    version: z.literal(MODEL_VERSION_2D),
    settings: z
      .object({
        radius: z.number().int().min(2),
        spacingDeg: z.number().positive(),
        memory: z.number().int().positive(),
        horizon: z.number().int().positive(),
        offset: z.number().int().positive(),
        ridge: z.number().nonnegative(),
        detectorMemory: z.number().int().positive(),
        medullaTau: z.number().nonnegative(),
      })
      .strict(),
    dt: z.number().positive(),
    lamina: resuParams,
    detectors: z.object(Object.fromEntries(SUBTYPES_2D.map((s) => [s, resuParams])) as Record<Subtype2d, typeof resuParams>).strict(),
    training: z.unknown().optional(),
  })
  .strict();

/** models/drosophila-motion-2d.json: the 2-D fly circuit's settings and learned parameters (checked on load by a zod schema). */
export interface ModelFile2d {
  /** `neurostream.drosophila-motion-2d`. */
  format: typeof MODEL_FORMAT_2D;
  /** Layout version (1). */
  version: typeof MODEL_VERSION_2D;
  /** The settings the circuit was built with. */
  settings: Drosophila2dSettings;
  /** The time step the circuit was trained at, in seconds. */
  dt: number;
  /** The lamina ReSU bank. */
  lamina: ResuParametersJson;
  /** One ReSU bank per T4/T5 subtype (a–d). */
  detectors: Record<Subtype2d, ResuParametersJson>;
  /** What training measured ({@link Training2dReport}), kept for reports; not checked on load. */
  training?: unknown;
}

/** The interface documents the file, the schema checks it: each accepts what the other describes. */
type Assignable<A, B extends A> = B;
type ModelFile2dMatchesSchema = [Assignable<ModelFile2d, z.infer<typeof modelFile2dSchema>>, Assignable<z.infer<typeof modelFile2dSchema>, ModelFile2d>];

type Params = { filters: Float64Array; bias: Float64Array; threshold: Float64Array };
const encode = (p: Params) => ({ filters: encodeFloat32(Float32Array.from(p.filters)), bias: encodeFloat32(Float32Array.from(p.bias)), threshold: encodeFloat32(Float32Array.from(p.threshold)) });

/** The learned parameters and settings as plain JSON. */
export function toModelFile2d(circuit: Drosophila2dCircuit, dt: number, training?: Training2dReport): ModelFile2d {
  return {
    format: MODEL_FORMAT_2D,
    version: MODEL_VERSION_2D,
    settings: { ...circuit.settings },
    dt,
    lamina: encode(circuit.laminaModel.parameters),
    detectors: Object.fromEntries(SUBTYPES_2D.map((s) => [s, encode(circuit.detectorModels[s].parameters)])) as ModelFile2d['detectors'],
    ...(training ? { training } : {}),
  };
}

/** Validate parsed JSON against the schema; errors name the file and the field. */
export function parseModelFile2d(json: unknown, file: string): ModelFile2d {
  const r = modelFile2dSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new FileFormatError(file, `field ${issue.path.length ? issue.path.join('.') : '(top level)'}`, issue.message);
  }
  return r.data;
}

/** Copy decoded parameters into a circuit, checking each length and that every value is finite. */
export function applyModelFile2d(circuit: Drosophila2dCircuit, data: ModelFile2d, file: string): void {
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
  const each = (name: string, p: Params, d: { filters: string; bias: string; threshold: string }) => {
    put(`${name}.filters`, p.filters, d.filters);
    put(`${name}.bias`, p.bias, d.bias);
    put(`${name}.threshold`, p.threshold, d.threshold);
  };
  each('lamina', circuit.laminaModel.parameters, data.lamina);
  for (const s of SUBTYPES_2D) each(`detectors.${s}`, circuit.detectorModels[s].parameters, data.detectors[s]);
}

/** Copy every learned parameter from one circuit to another with the same filter shapes (e.g. to a larger eye). */
export function copyParameters2d(from: Drosophila2dCircuit, to: Drosophila2dCircuit): void {
  const copy = (a: Params, b: Params) => {
    b.filters.set(a.filters);
    b.bias.set(a.bias);
    b.threshold.set(a.threshold);
  };
  copy(from.laminaModel.parameters, to.laminaModel.parameters);
  for (const s of SUBTYPES_2D) copy(from.detectorModels[s].parameters, to.detectorModels[s].parameters);
}
