import type { Command } from 'commander';
import { durationMs } from '../../sweep/duration.js';
import { startQueueWorker } from '../../sweep/queueWorker.js';
import { numberFlag } from '../flags.js';

interface WorkerOptions {
  queue: string;
  queueName: string;
  concurrency: string;
  lockDuration: string;
  stalledInterval: string;
  maxStalled: string;
  quiet: boolean;
}

/** `neurostream worker --queue redis://…` — take sweep jobs from the queue until stopped (Ctrl-C, SIGTERM). */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('take sweep jobs from a Redis queue (BullMQ) and run them, until stopped')
    .requiredOption('--queue <url>', 'Redis URL (redis://host:port)')
    .option('--queue-name <name>', 'BullMQ queue name', 'sweeps')
    .option('--concurrency <n>', 'jobs at once, each in its own process', '1')
    .option('--lock-duration <time>', 'a job whose worker is silent this long runs again elsewhere', '30 s')
    .option('--stalled-interval <time>', 'how often to look for such stalled jobs', '30 s')
    .option('--max-stalled <n>', 'times a job may stall before it fails', '5')
    .option('--quiet', 'print nothing per job', false)
    .action(async (opts: WorkerOptions) => {
      const handle = await startQueueWorker({
        url: opts.queue,
        queueName: opts.queueName,
        concurrency: numberFlag('worker', 'concurrency', opts.concurrency, { integer: true, min: 1 }),
        lockDurationMs: durationMs('worker --lock-duration', opts.lockDuration),
        stalledIntervalMs: durationMs('worker --stalled-interval', opts.stalledInterval),
        maxStalledCount: numberFlag('worker', 'max-stalled', opts.maxStalled, { integer: true, min: 0 }),
        onJob: opts.quiet ? undefined : (id, outcome, detail) => console.log(`${new Date().toISOString()} job ${id}: ${outcome}${detail ? ` (${detail})` : ''}`),
      });
      console.log(`worker ${process.pid} taking jobs from ${opts.queue} (queue '${opts.queueName}')`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          void handle.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
