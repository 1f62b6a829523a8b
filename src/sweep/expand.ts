import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { SpecError } from '../core/errors.js';
import type { JobSpec, Parameters, Sweep } from './sweepFile.js';

/** How a worker finds the code of a job (serialisable: it travels through Redis). */
export type JobTarget =
  | {
      /** A function: built in, or exported by a module. */
      readonly kind: 'function';
      /** The function's name. */
      readonly name: string;
      /** The module's file URL (absent: a built-in job). */
      readonly moduleUrl?: string;
    }
  | {
      /** One of our CLI commands. */
      readonly kind: 'command';
      /** The command's name. */
      readonly command: string;
      /** Arguments before the swept flags. */
      readonly args: readonly string[];
    };

/** One run of the job: a parameter set, a seed and a repeat, with a stable id. */
export interface SweepJob {
  /** Hash of the job's configuration: the same job in any sweep, on any machine, has the same id. */
  readonly id: string;
  /** Position in the expanded sweep (for ordering the summary). */
  readonly index: number;
  /** The sweep's name. */
  readonly sweep: string;
  /** What to run. */
  readonly target: JobTarget;
  /** The job's parameters (shared ones and its grid or list entry). */
  readonly parameters: Parameters;
  /** The seed it runs with. */
  readonly seed: number;
  /** Which repeat of the same parameters and seed (0-based). */
  readonly repeat: number;
  /** Folder a command job may write its files to (under the results file's folder). */
  readonly outDir: string;
}

/** JSON with object keys sorted, so equal configurations hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The stable id of a job: sha-256 of what it runs (job as written, parameters, seed, repeat). */
export function jobId(job: JobSpec, parameters: Parameters, seed: number, repeat: number): string {
  return createHash('sha256').update(canonicalJson({ job, parameters, seed, repeat })).digest('hex').slice(0, 20);
}

function parameterSets(sweep: Sweep): Parameters[] {
  if (sweep.list) return sweep.list.map((p) => ({ ...sweep.parameters, ...p }));
  let sets: Parameters[] = [{ ...sweep.parameters }];
  for (const [name, values] of Object.entries(sweep.grid ?? {})) {
    sets = sets.flatMap((s) => values.map((v) => ({ ...s, [name]: v })));
  }
  return sets;
}

export function jobTarget(sweep: Sweep): JobTarget {
  const j = sweep.job;
  if ('command' in j) return { kind: 'command', command: j.command, args: j.args };
  return j.module === undefined ? { kind: 'function', name: j.function } : { kind: 'function', name: j.function, moduleUrl: pathToFileURL(resolve(sweep.dir, j.module)).href };
}

/** Every job of a sweep: parameter sets × seeds × repeats, in that order. */
export function expandSweep(sweep: Sweep): SweepJob[] {
  const target = jobTarget(sweep);
  const jobs: SweepJob[] = [];
  for (const parameters of parameterSets(sweep)) {
    for (const seed of sweep.seeds) {
      for (let repeat = 0; repeat < sweep.repeats; repeat++) {
        const id = jobId(sweep.job, parameters, seed, repeat);
        jobs.push({ id, index: jobs.length, sweep: sweep.name, target, parameters, seed, repeat, outDir: resolve(sweep.output, '..', `${sweep.name}-jobs`, id) });
      }
    }
  }
  const ids = new Set(jobs.map((j) => j.id));
  if (ids.size !== jobs.length) throw new SpecError(`${sweep.file}: ${sweep.list ? 'list' : 'grid'}`, 'two jobs have the same configuration (a value repeated?)');
  return jobs;
}
