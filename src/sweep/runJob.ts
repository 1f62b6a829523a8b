import type { SweepJob } from './expand.js';
import type { SweepResult } from './jobDefinition.js';
import { commandArgs, findCommand, jobConfig, loadJobFunction } from './resolveJob.js';

/** Run one job here, in this process: its function, or its command as `neurostream <command> …`. */
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
  await program.parseAsync(args, { from: 'user' });
  return { command: `neurostream ${args.join(' ')}`, out: args.includes('--out') ? args[args.indexOf('--out') + 1] : null };
}
