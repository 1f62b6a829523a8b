import { Worker } from 'bullmq';
import { hostname } from 'node:os';
import { ChildExecutor } from './childExecutor.js';
import { okRecord } from './record.js';
import type { QueuedJobData } from './queueSubmit.js';
import { connectRedis, DEFAULT_QUEUE, QUEUE_PREFIX, RESULTS_KEY } from './redis.js';

/** Options of `startQueueWorker`. */
export interface QueueWorkerOptions {
  /** The Redis URL, redis://host:port. */
  readonly url: string;
  /** The BullMQ queue's name (default: neurostream's). */
  readonly queueName?: string;
  /** Jobs run at once, each in its own child process (default 1). */
  readonly concurrency?: number;
  /** How long a job's lock lasts without renewal: a worker silent this long has its job run elsewhere (default 30 s). */
  readonly lockDurationMs?: number;
  /** How often stalled jobs are looked for (default 30 s). */
  readonly stalledIntervalMs?: number;
  /** Times a job may stall (its worker died) before it is failed (default 5). */
  readonly maxStalledCount?: number;
  /** Where warnings go (default console.warn). */
  readonly warn?: (message: string) => void;
  /** Told of each job this worker finishes or fails. */
  readonly onJob?: (id: string, outcome: 'ok' | 'already stored' | 'failed', detail?: string) => void;
}

/**
 * Take sweep jobs from the queue and run each in a child process (so its time limit can stop
 * it); a result is stored once (HSETNX), however often its job ran. Resolves to a handle whose
 * `close()` finishes the running jobs and stops.
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<{
  /** Finish the running jobs and stop. */
  close(): Promise<void>;
  /** The BullMQ worker. */
  worker: Worker;
}> {
  const redis = await connectRedis(options.url, options.warn);
  const name = `${hostname()}:${process.pid}`;
  const free: ChildExecutor[] = Array.from({ length: options.concurrency ?? 1 }, () => new ChildExecutor());
  const all = [...free];
  await Promise.all(all.map((ex) => ex.warm()));
  const worker = new Worker<QueuedJobData>(
    options.queueName ?? DEFAULT_QUEUE,
    async (bull) => {
      const { job, timeLimitMs } = bull.data;
      if ((await redis.hexists(RESULTS_KEY, job.id)) === 1) {
        options.onJob?.(job.id, 'already stored');
        return 'already stored';
      }
      const ex = free.pop()!;
      const t0 = performance.now();
      try {
        const result = await ex.run(job, timeLimitMs);
        const record = okRecord(job, result, bull.attemptsMade + 1, (performance.now() - t0) / 1000, name);
        const stored = await redis.hsetnx(RESULTS_KEY, job.id, JSON.stringify(record));
        options.onJob?.(job.id, stored === 1 ? 'ok' : 'already stored');
        return stored === 1 ? 'stored' : 'already stored';
      } catch (e) {
        options.onJob?.(job.id, 'failed', (e as Error).message);
        throw e;
      } finally {
        free.push(ex);
      }
    },
    {
      connection: redis,
      prefix: QUEUE_PREFIX,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 5,
    },
  );
  worker.on('error', (e) => options.warn?.(`worker: ${e.message}`));
  await worker.waitUntilReady();
  return {
    worker,
    async close() {
      await worker.close();
      for (const ex of all) ex.close();
      redis.disconnect();
    },
  };
}
