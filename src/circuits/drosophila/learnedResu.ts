import { z } from 'zod';
import { decodeFloat32, encodeFloat32 } from '../../core/base64.js';
import { FileFormatError } from '../../core/errors.js';
import type { ResuModel, ResuParameters } from '../../neurons/resu.js';

/**
 * What the 1-D and the 2-D fly model files share: a lamina ReSU bank and one ReSU per
 * detector subtype, whose learned arrays are stored as base64 float32. One copy of the
 * schema, the encoding and the checked decoding serves both files.
 */

/** The learned arrays of one ReSU model (filters, bias, threshold). */
export type LearnedArrays = ResuParameters;

/** A circuit with a learned lamina and one learned ReSU model per detector subtype. */
export interface LearnedResuCircuit<S extends string> {
  readonly laminaModel: ResuModel;
  readonly detectorModels: Readonly<Record<S, ResuModel>>;
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64 of little-endian float32 values');

/** Schema of one stored ReSU model: its three arrays as base64 of little-endian float32. */
export const learnedArraysSchema = z.object({ filters: base64, bias: base64, threshold: base64 }).strict();

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

/** Schema of the `detectors` object of a model file: one stored ReSU model per subtype, no others. */
export function detectorsSchema<S extends string>(subtypes: readonly S[]) {
  return z.object(Object.fromEntries(subtypes.map((s) => [s, learnedArraysSchema])) as Record<S, typeof learnedArraysSchema>).strict();
}

/** A model's learned arrays as JSON (float32, so a file stays small and reloads exactly). */
export function encodeArrays(p: LearnedArrays): ResuParametersJson {
  return { filters: encodeFloat32(Float32Array.from(p.filters)), bias: encodeFloat32(Float32Array.from(p.bias)), threshold: encodeFloat32(Float32Array.from(p.threshold)) };
}

/** The `lamina` and `detectors` fields of a model file, in the order the files list them. */
export function encodeLearned<S extends string>(circuit: LearnedResuCircuit<S>, subtypes: readonly S[]): { lamina: ResuParametersJson; detectors: Record<S, ResuParametersJson> } {
  return {
    lamina: encodeArrays(circuit.laminaModel.parameters),
    detectors: Object.fromEntries(subtypes.map((s) => [s, encodeArrays(circuit.detectorModels[s].parameters)])) as Record<S, ResuParametersJson>,
  };
}

/** Copy decoded arrays into a circuit, checking each length and that every value is finite; errors name the file and field. */
export function applyLearned<S extends string>(circuit: LearnedResuCircuit<S>, subtypes: readonly S[], data: { lamina: ResuParametersJson; detectors: Record<S, ResuParametersJson> }, file: string): void {
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
  const each = (name: string, p: LearnedArrays, d: ResuParametersJson) => {
    put(`${name}.filters`, p.filters, d.filters);
    put(`${name}.bias`, p.bias, d.bias);
    put(`${name}.threshold`, p.threshold, d.threshold);
  };
  each('lamina', circuit.laminaModel.parameters, data.lamina);
  for (const s of subtypes) each(`detectors.${s}`, circuit.detectorModels[s].parameters, data.detectors[s]);
}

/** Copy every learned array from one circuit to another with the same filter shapes. */
export function copyLearned<S extends string>(from: LearnedResuCircuit<S>, to: LearnedResuCircuit<S>, subtypes: readonly S[]): void {
  const copy = (a: LearnedArrays, b: LearnedArrays) => {
    b.filters.set(a.filters);
    b.bias.set(a.bias);
    b.threshold.set(a.threshold);
  };
  copy(from.laminaModel.parameters, to.laminaModel.parameters);
  for (const s of subtypes) copy(from.detectorModels[s].parameters, to.detectorModels[s].parameters);
}

/**
 * Round every learned array to float32, as the file stores it: a saved and reloaded circuit
 * then responds exactly as the one in memory.
 */
export function roundLearnedToFloat32<S extends string>(circuit: LearnedResuCircuit<S>): void {
  for (const p of [circuit.laminaModel, ...(Object.values(circuit.detectorModels) as ResuModel[])].map((m) => m.parameters)) {
    for (const a of [p.filters, p.bias, p.threshold]) for (let i = 0; i < a.length; i++) a[i] = Math.fround(a[i]!);
  }
}

/** Validate parsed JSON against a model-file schema; errors name the file and the first bad field. */
export function parseWith<T extends z.ZodType>(schema: T, json: unknown, file: string): z.infer<T> {
  const r = schema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new FileFormatError(file, `field ${issue.path.length ? issue.path.join('.') : '(top level)'}`, issue.message);
  }
  return r.data;
}

/** Read and parse a model file's JSON (Node only); a missing file or bad JSON names the file. */
export async function readModelJson(path: string): Promise<unknown> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new FileFormatError(path, 'file', `cannot read: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new FileFormatError(path, 'JSON', (e as Error).message);
  }
}

/** Write a model file atomically (Node only): a crash never leaves half a model. */
export async function writeModelJson(path: string, json: unknown): Promise<void> {
  const { atomicWriteFile } = await import('../../sim/serialize.js');
  atomicWriteFile(path, `${JSON.stringify(json, null, 1)}\n`);
}
