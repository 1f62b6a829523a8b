import type { Command, Option } from 'commander';
import { z } from 'zod';
import { SpecError } from '../core/errors.js';
import type { JobTarget, SweepJob } from './expand.js';
import type { SweepJobDefinition } from './jobDefinition.js';
import { BUILT_IN_JOBS } from './jobs/index.js';
import type { Parameters, Sweep } from './sweepFile.js';

/** The definition a function job names: built in, or exported by its module. */
export async function loadJobFunction(target: Extract<JobTarget, { kind: 'function' }>): Promise<SweepJobDefinition> {
  if (target.moduleUrl === undefined) {
    const load = BUILT_IN_JOBS[target.name];
    if (!load) throw new SpecError('job.function', `no built-in job '${target.name}' (built in: ${Object.keys(BUILT_IN_JOBS).join(', ')}); give a module to run your own`);
    return load();
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(target.moduleUrl)) as Record<string, unknown>;
  } catch (e) {
    throw new SpecError('job.module', `cannot import ${target.moduleUrl}: ${(e as Error).message}`);
  }
  const x = mod[target.name];
  if (typeof x === 'function') return { run: x as SweepJobDefinition['run'] };
  if (x && typeof x === 'object' && typeof (x as SweepJobDefinition).run === 'function') return x as SweepJobDefinition;
  throw new SpecError('job.function', `${target.moduleUrl} exports no function or defineSweepJob(...) named '${target.name}' (exports: ${Object.keys(mod).join(', ') || 'none'})`);
}

/** A function job's configuration after its schema (defaults filled in); names the bad field. */
export function jobConfig(def: SweepJobDefinition, job: Pick<SweepJob, 'parameters' | 'seed'>, field: (parameter: string) => string = (k) => `parameters.${k}`): Parameters & { seed: number } {
  const config = { ...job.parameters, seed: job.seed };
  const p = def.parameters;
  if (p === undefined) return config;
  if (Array.isArray(p)) {
    for (const k of Object.keys(config)) {
      if (k !== 'seed' && !p.includes(k)) throw new SpecError(field(k), `unknown parameter (the job takes: ${p.join(', ')})`);
    }
    return config;
  }
  const r = (p as z.ZodType).safeParse(config);
  if (r.success) return r.data as Parameters & { seed: number };
  const issue = r.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const shape = p instanceof z.ZodObject ? Object.keys(p.shape).filter((k) => k !== 'seed') : [];
    throw new SpecError(field(issue.keys[0]!), `unknown parameter (the job takes: ${shape.join(', ')})`);
  }
  throw new SpecError(field(issue.path.join('.')), issue.message);
}

/** The program's command a command job names. */
export async function findCommand(name: string): Promise<Command> {
  const { buildProgram } = await import('../cli/program.js');
  const cmd = buildProgram().commands.find((c) => c.name() === name);
  if (!cmd || ['sweep', 'worker'].includes(name)) {
    throw new SpecError('job.command', `no command '${name}' to sweep (commands: ${buildProgram().commands.map((c) => c.name()).filter((n) => !['sweep', 'worker', 'help'].includes(n)).join(', ')})`);
  }
  return cmd;
}

const flagName = (o: Option) => (o.long ?? '').replace(/^--/, '');

/** Where a command job's `--report` goes, in its folder; read back as the job's result. */
export const COMMAND_REPORT = 'report.json';

/**
 * Command-line arguments that pass a command job its parameters as flags (`rows: 8` → `--rows 8`,
 * `fresh: true` → `--fresh`), its seed as `--seed`, and `--report report.json` and `--quiet`
 * where the command has them.
 */
export function commandArgs(cmd: Command, job: Pick<SweepJob, 'parameters' | 'seed'>, extra: readonly string[], field: (parameter: string) => string = (k) => `parameters.${k}`): string[] {
  const args = [cmd.name(), ...extra];
  const byName = new Map<string, Option>();
  for (const o of cmd.options) {
    byName.set(flagName(o), o);
    byName.set(o.attributeName(), o);
  }
  for (const [k, v] of Object.entries(job.parameters)) {
    const o = byName.get(k);
    if (!o) throw new SpecError(field(k), `unknown parameter: '${cmd.name()}' has no option --${k} (options: ${cmd.options.map(flagName).join(', ')})`);
    if (o.isBoolean()) {
      if (typeof v !== 'boolean') throw new SpecError(field(k), `--${flagName(o)} is a switch: give true or false`);
      if (v) args.push(`--${flagName(o)}`);
    } else {
      args.push(`--${flagName(o)}`, String(v));
    }
  }
  const given = new Set(Object.keys(job.parameters).map((k) => flagName(byName.get(k)!)));
  if (byName.has('seed')) args.push('--seed', String(job.seed));
  // the job runs in its own folder: its report there becomes its result; no progress bars
  if (byName.has('report') && !given.has('report')) args.push('--report', COMMAND_REPORT);
  if (byName.get('quiet')?.isBoolean() && !given.has('quiet')) args.push('--quiet');
  return args;
}

/** Check every job's parameters before anything runs; the error names the field and the job. */
export async function checkJobs(sweep: Sweep, jobs: readonly SweepJob[]): Promise<void> {
  const target = jobs[0]?.target;
  if (!target) return;
  const perSet = sweep.seeds.length * sweep.repeats;
  const where = (job: SweepJob) => (k: string) => {
    const place = sweep.list && k in sweep.list[Math.floor(job.index / perSet)]! ? `list[${Math.floor(job.index / perSet)}]` : sweep.grid && k in sweep.grid ? 'grid' : 'parameters';
    return `${sweep.file}: ${place}.${k}`;
  };
  if (target.kind === 'function') {
    const def = await loadJobFunction(target);
    for (const job of jobs) jobConfig(def, job, where(job));
  } else {
    const cmd = await findCommand(target.command);
    if (sweep.seeds.length > 1 && !cmd.options.some((o) => flagName(o) === 'seed')) {
      throw new SpecError(`${sweep.file}: seeds`, `'${target.command}' has no --seed option, so several seeds would run the same job`);
    }
    for (const job of jobs) commandArgs(cmd, job, target.args, where(job));
  }
}
