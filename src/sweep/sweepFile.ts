import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { FileFormatError, SpecError } from '../core/errors.js';
import { durationMs } from './duration.js';

/** A parameter value a job can take. */
export const ParameterValue = z.union([z.number(), z.string(), z.boolean()]);
export type ParameterValue = z.infer<typeof ParameterValue>;
/** A job's parameters by name. */
export type Parameters = Record<string, ParameterValue>;

/** The job: a function (built in, or exported by a module) or one of our CLI commands. */
export const JobSpec = z.union([
  z.strictObject({
    /** The name of a built-in job, or of a function the module exports. */
    function: z.string().min(1),
    /** A module exporting the function, relative to the sweep file (absent: a built-in job). */
    module: z.string().min(1).optional(),
  }),
  z.strictObject({
    /** A `neurostream` CLI command to run. */
    command: z.string().min(1),
    /** Extra arguments before the swept flags. */
    args: z.array(z.string()).default([]),
  }),
]);
export type JobSpec = z.infer<typeof JobSpec>;

export const SweepFileSchema = z.strictObject({
  name: z.string().min(1).regex(/^[\w.-]+$/, 'letters, digits, _ . - only'),
  job: JobSpec,
  /** Parameters every job gets. */
  parameters: z.record(z.string(), ParameterValue).default({}),
  /** Cartesian product: every combination of these values. */
  grid: z.record(z.string(), z.array(ParameterValue)).optional(),
  /** Or an explicit list of parameter sets. */
  list: z.array(z.record(z.string(), ParameterValue)).optional(),
  seeds: z.array(z.number().int()).min(1).default([1]),
  repeats: z.number().int().min(1).default(1),
  /** JSON Lines results file, relative to the sweep file (default <name>.jsonl beside it). */
  output: z.string().min(1).optional(),
  /** Longest time one run of a job may take, with its unit. */
  timeLimit: z.union([z.string(), z.number()]).default('1 h'),
  /** Runs after the first failure before a job is reported failed. */
  retries: z.number().int().min(0).default(2),
  /** First wait before a retry (doubles each time), with its unit. */
  backoff: z.union([z.string(), z.number()]).default('1 s'),
  /** Optional plot of the summary: a result field against a parameter, one line per another parameter. */
  plot: z.strictObject({ x: z.string(), y: z.string(), color: z.string().optional() }).optional(),
});

/** A sweep file, validated and with paths resolved. */
export interface Sweep {
  /** The sweep's name (letters, digits, _ . -). */
  readonly name: string;
  /** The job every parameter set runs. */
  readonly job: JobSpec;
  /** Parameters every job gets. */
  readonly parameters: Parameters;
  /** Cartesian product: every combination of these values. */
  readonly grid?: Record<string, ParameterValue[]>;
  /** Or an explicit list of parameter sets. */
  readonly list?: Parameters[];
  /** Seeds each parameter set runs with. */
  readonly seeds: readonly number[];
  /** Runs per parameter set and seed. */
  readonly repeats: number;
  /** Absolute path of the JSON Lines results. */
  readonly output: string;
  /** Longest one run may take, in milliseconds. */
  readonly timeLimitMs: number;
  /** Attempts after the first failure before a job is reported failed. */
  readonly retries: number;
  /** First wait before a retry, in milliseconds (doubles each time). */
  readonly backoffMs: number;
  /** A plot of the summary: a result field against a parameter, one line per another parameter. */
  readonly plot?: {
    /** The parameter on the x axis. */
    x: string;
    /** The result field on the y axis. */
    y: string;
    /** The parameter that separates the lines. */
    color?: string;
  };
  /** Folder the sweep file is in: modules and outputs are relative to it. */
  readonly dir: string;
  /** The sweep file's absolute path. */
  readonly file: string;
}

/** Validate a parsed sweep object; `file` names it in errors and anchors relative paths. */
export function parseSweep(raw: unknown, file: string): Sweep {
  const r = SweepFileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const keys = 'keys' in issue ? (issue.keys as string[]) : [];
    const path = [...issue.path, ...(keys.length === 1 ? keys : [])].join('.') || '(top level)';
    throw new SpecError(`${file}: ${path}`, issue.code === 'unrecognized_keys' ? `unknown field${keys.length > 1 ? `s ${keys.join(', ')}` : ''}` : issue.message);
  }
  const s = r.data;
  if (s.grid && s.list) throw new SpecError(`${file}: grid`, 'give either a grid or a list, not both');
  if (s.grid) {
    if (Object.keys(s.grid).length === 0) throw new SpecError(`${file}: grid`, 'the grid is empty: name at least one parameter and its values');
    for (const [k, v] of Object.entries(s.grid)) if (v.length === 0) throw new SpecError(`${file}: grid.${k}`, 'no values: the grid would expand to no jobs');
  }
  if (s.list && s.list.length === 0) throw new SpecError(`${file}: list`, 'the list is empty: it would expand to no jobs');
  const dir = dirname(resolve(file));
  return {
    name: s.name,
    job: s.job,
    parameters: s.parameters,
    grid: s.grid,
    list: s.list,
    seeds: s.seeds,
    repeats: s.repeats,
    output: resolve(dir, s.output ?? `${s.name}.jsonl`),
    timeLimitMs: durationMs(`${file}: timeLimit`, s.timeLimit),
    retries: s.retries,
    backoffMs: durationMs(`${file}: backoff`, s.backoff),
    plot: s.plot,
    dir,
    file: resolve(file),
  };
}

/** Read a sweep file (.json, .yaml or .yml). */
export function loadSweep(file: string): Sweep {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new FileFormatError(file, 'open', (e as Error).message);
  }
  let raw: unknown;
  try {
    raw = ['.yaml', '.yml'].includes(extname(file)) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new FileFormatError(file, 'parse', (e as Error).message);
  }
  return parseSweep(raw, file);
}
