import { z } from 'zod';
import type { DrosophilaCircuit, DrosophilaSettings } from './circuit.js';
import { applyLearned, detectorsSchema, encodeLearned, learnedArraysSchema, parseWith, type ResuParametersJson } from './learnedResu.js';
import { SUBTYPES, type Subtype } from './subtypes.js';
import type { TrainingReport } from './train.js';

/** Model-file formats are spelt `neurostream.<what>` (one spelling for every file neurostream writes). */
export const MODEL_FORMAT = 'neurostream.drosophila-motion';
/** The spelling of files written before 0.2, still read. */
export const LEGACY_MODEL_FORMAT = 'neurostream/drosophila-motion';
/** The version of the model-file layout; files with another version are refused. */
export const MODEL_VERSION = 1;

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
    lamina: learnedArraysSchema,
    detectors: detectorsSchema(SUBTYPES),
    training: trainingSchema.optional(),
  })
  .strict();

export type { ResuParametersJson } from './learnedResu.js';

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
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    settings: { ...circuit.settings },
    dt,
    ...encodeLearned(circuit, SUBTYPES),
    ...(training ? { training } : {}),
  };
}

/** Validate parsed JSON against the schema; errors name the file and the field. */
export function parseModelFile(json: unknown, file: string): ModelFile {
  return parseWith(modelFileSchema, json, file);
}

/** Copy decoded arrays into a circuit's parameters, checking each length and that every value is finite. */
export function applyModelFile(circuit: DrosophilaCircuit, data: ModelFile, file: string): void {
  applyLearned(circuit, SUBTYPES, data, file);
}
