import { z } from 'zod';
import type { Drosophila2dCircuit, Drosophila2dSettings } from './circuit2d.js';
import { applyLearned, copyLearned, detectorsSchema, encodeLearned, learnedArraysSchema, parseWith, type ResuParametersJson } from '../drosophila/learnedResu.js';
import { SUBTYPES_2D, type Subtype2d } from './subtypes2d.js';
import type { Training2dReport } from './train2d.js';

/** The format name of the 2-D model file. */
export const MODEL_FORMAT_2D = 'neurostream.drosophila-motion-2d';
/** The version of the 2-D model-file layout; files with another version are refused. */
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
        medullaStages: z.number().int().positive().optional(),
        onOffStages: z.number().int().positive().optional(),
        // 0 = no high-pass (documented, and written for a circuit without a medulla)
        onOffHighPass: z.number().nonnegative().optional(),
        medullaHighPass: z.number().nonnegative().optional(),
        onOffExponent: z.number().positive().max(1).optional(),
        gainControl: z.number().positive().optional(),
        gainFloor: z.number().positive().optional(),
        gainArms: z.enum(['onOff', 'both']).optional(),
        onOffGainFloor: z.number().positive().optional(),
        offL3HighPass: z.number().nonnegative().optional(),
        l3HighPassStages: z.number().int().positive().optional(),
        offL3HighPassStages: z.number().int().positive().optional(),
        l3Rectify: z.boolean().optional(),
        offComponent: z.union([z.number().int().positive(), z.literal('flow'), z.literal('mirror')]).optional(),
        slowArmDelaySteps: z.array(z.number().int().positive()).readonly().optional(),
        component: z.union([z.number().int().positive(), z.literal('flow'), z.literal('mirror')]).optional(),
        laminaLagSpacing: z.number().positive().optional(),
        detectorLagSpacing: z.number().positive().optional(),
      })
      .strict(),
    dt: z.number().positive(),
    lamina: learnedArraysSchema,
    detectors: detectorsSchema(SUBTYPES_2D),
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
export function parseModelFile2d(json: unknown, file: string): ModelFile2d {
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
