import type { z } from 'zod';
import type { Parameters } from './sweepFile.js';

/** What a job function learns about its run besides its configuration. */
export interface SweepJobContext {
  /** The job's stable id (sha-256 of the job as written, parameters, seed and repeat). */
  readonly id: string;
  /** Which repeat this is (0-based). */
  readonly repeat: number;
  /** A folder it may write files to (created on demand by the job). */
  readonly outDir: string;
}

/** A job's result: a JSON object (numbers are what the summary averages). */
export type SweepResult = Record<string, unknown>;

/**
 * A function a sweep can run: `run(config, context)` with config = the job's parameters plus
 * `seed`. `parameters` (a zod object schema, or the list of names) lets the sweep refuse
 * unknown or ill-typed parameters before anything runs.
 */
export interface SweepJobDefinition<C extends Parameters = Parameters> {
  /** The parameters the job takes: a zod schema checked before any job runs, or their names. */
  readonly parameters?: z.ZodType<C> | readonly string[];
  /** Run one job with its parameters and seed; returns the result fields to record. */
  run(config: C & { seed: number }, context: SweepJobContext): SweepResult | Promise<SweepResult>;
}

/** Declare a job function for sweeps (a module exports it by name; `job: { module, function }`). */
export function defineSweepJob<C extends Parameters>(definition: SweepJobDefinition<C>): SweepJobDefinition<C> {
  return definition;
}
