import { z } from 'zod';
import type { Drosophila2dCircuit, Drosophila2dSettings } from './circuit2d.js';
import { applyLearned, copyLearned, detectorsSchema, encodeLearned, learnedArraysSchema, parseWith } from '../drosophila/learnedResu.js';
import { SUBTYPES_2D } from './subtypes2d.js';
import type { Training2dReport } from './train2d.js';

export const MODEL_FORMAT_2D = 'neurostream.drosophila-motion-2d';
export const MODEL_VERSION_2D = 1;

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
    lamina: learnedArraysSchema,
    detectors: detectorsSchema(SUBTYPES_2D),
    training: z.unknown().optional(),
  })
  .strict();

export type ModelFile2d = z.infer<typeof modelFile2dSchema>;

/** The learned parameters and settings as plain JSON. */
export function toModelFile2d(circuit: Drosophila2dCircuit, dt: number, training?: Training2dReport): ModelFile2d {
  return {
    format: MODEL_FORMAT_2D,
    version: MODEL_VERSION_2D,
    settings: { ...circuit.settings },
    dt,
    ...encodeLearned(circuit, SUBTYPES_2D),
    ...(training ? { training } : {}),
  };
}

/** Validate parsed JSON against the schema; errors name the file and the field. */
export function parseModelFile2d(json: unknown, file: string): ModelFile2d & { settings: Drosophila2dSettings } {
  return parseWith(modelFile2dSchema, json, file);
}

/** Copy decoded parameters into a circuit, checking each length and that every value is finite. */
export function applyModelFile2d(circuit: Drosophila2dCircuit, data: ModelFile2d, file: string): void {
  applyLearned(circuit, SUBTYPES_2D, data, file);
}

/** Copy every learned parameter from one circuit to another with the same filter shapes (e.g. to a larger eye). */
export function copyParameters2d(from: Drosophila2dCircuit, to: Drosophila2dCircuit): void {
  copyLearned(from, to, SUBTYPES_2D);
}
