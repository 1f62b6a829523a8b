import type { Command } from 'commander';
import { SpecError } from '../../core/errors.js';
import { runSweep } from '../../sweep/runSweep.js';
import { loadSweep } from '../../sweep/sweepFile.js';
import { givenFlags, optionalNumberFlag } from '../flags.js';
import { Progress } from '../progress.js';

interface SweepOptions {
  queue?: string;
  queueName: string;
  workers?: string;
  quiet: boolean;
}

/**
 * `neurostream sweep <file>` — run a parameter/seed sweep: on this machine's cores, or with
 * `--queue redis://…` through BullMQ for `neurostream worker` processes anywhere.
 */
export function registerSweep(program: Command): void {
  program
    .command('sweep')
    .description('run a sweep file (JSON/YAML) on local cores, or through a Redis queue with --queue')
    .argument('<file>', 'sweep file (.json, .yaml)')
    .option('--queue <url>', 'enqueue into BullMQ on this Redis (redis://host:port) for `neurostream worker`s')
    .option('--queue-name <name>', 'BullMQ queue name', 'sweeps')
    .option('--workers <n>', 'local worker processes (default: one per core)')
    .option('--quiet', 'no progress bar', false)
    .action(async (file: string, opts: SweepOptions, cmd: Command) => {
      const workers = optionalNumberFlag('sweep', 'workers', opts.workers, { integer: true, min: 1 });
      if (workers !== undefined && opts.queue) throw new SpecError('sweep --workers', 'with --queue the workers are `neurostream worker` processes; drop --workers');
      if (!opts.queue && givenFlags(cmd)('queue-name')) throw new SpecError('sweep --queue-name', 'applies only with --queue (local runs use no queue); add --queue or drop --queue-name');
      const sweep = loadSweep(file);
      let bar: Progress | null = null;
      const outcome = await runSweep(sweep, {
        workers,
        queue: opts.queue,
        queueName: opts.queueName,
        onProgress: (done, total, failed) => {
          bar ??= new Progress(`sweep ${sweep.name}`, total, opts.quiet);
          bar.update(done, failed > 0 ? `${failed} failed` : '');
        },
      });
      (bar as Progress | null)?.stop();
      console.log(`${outcome.jobs.length} jobs (${outcome.resumed} done before), ${outcome.failed.length} failed; results in ${sweep.output}\n`);
      console.log(outcome.table);
      for (const f of outcome.failed) {
        console.error(`job ${f.id} (${JSON.stringify(f.parameters)}, seed ${f.seed}${f.repeat ? `, repeat ${f.repeat}` : ''}) failed after ${f.attempts} attempts: ${f.error}`);
      }
      if (outcome.failed.length > 0) process.exitCode = 1;
    });
}
