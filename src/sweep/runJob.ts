import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SweepJob } from './expand.js';
import type { SweepResult } from './jobDefinition.js';
import { COMMAND_REPORT, commandArgs, findCommand, jobConfig, loadJobFunction } from './resolveJob.js';

/** A command job's printed output, in its folder. */
const COMMAND_OUTPUT = 'output.txt';

/**
 * Run one job here, in this process: its function, or its command as `neurostream <command> …`
 * in the job's folder (its `--report`, if the command writes one, is the result).
 */
export async function runJob(job: SweepJob): Promise<SweepResult> {
  const t = job.target;
  if (t.kind === 'function') {
    const def = await loadJobFunction(t);
    const result = await def.run(jobConfig(def, job), { id: job.id, repeat: job.repeat, outDir: job.outDir });
    if (result === null || typeof result !== 'object' || Array.isArray(result)) {
      throw new Error(`job function '${t.name}' returned ${result === null ? 'null' : typeof result}, not an object of results`);
    }
    return JSON.parse(JSON.stringify(result)) as SweepResult;
  }
  const { buildProgram } = await import('../cli/program.js');
  const cmd = await findCommand(t.command);
  const args = commandArgs(cmd, job, t.args);
  const program = buildProgram().exitOverride();
  for (const c of program.commands) c.exitOverride();
  // A command writes where it always does (models/, out/, .checkpoints/), relative to the job's folder.
  mkdirSync(job.outDir, { recursive: true });
  const cwd = process.cwd();
  process.chdir(job.outDir);
  // what the command prints is kept in its folder
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    appendFileSync(join(job.outDir, COMMAND_OUTPUT), chunk);
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    process.stdout.write = write;
    process.chdir(cwd);
  }
  if (process.exitCode) throw new Error(`neurostream ${args.join(' ')} exited with code ${process.exitCode}`);
  const report = join(job.outDir, COMMAND_REPORT);
  const result: SweepResult = existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as SweepResult) : {};
  return { ...result, command: `neurostream ${args.join(' ')}`, folder: job.outDir };
}
