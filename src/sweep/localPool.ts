import { availableParallelism } from 'node:os';
import { ChildExecutor } from './childExecutor.js';
import type { SweepJob } from './expand.js';
import { failedRecord, okRecord, type SweepRecord } from './record.js';

/** How long a job may run and how it is retried. */
export interface RetryPolicy {
  /** Longest one attempt may take, in milliseconds. */
  readonly timeLimitMs: number;
  /** Attempts after the first failure before the job is reported failed. */
  readonly retries: number;
  /** First wait before a retry, in milliseconds (doubles each time). */
  readonly backoffMs: number;
}

/**
 * Run a job with retries: a failure (thrown, over time, process died) waits backoff·2^k and
 * runs again, up to `retries` more times; the last failure becomes a 'failed' record.
 */
export async function runWithRetries(executor: ChildExecutor, job: SweepJob, policy: RetryPolicy, worker: string): Promise<SweepRecord> {
  for (let attempt = 1; ; attempt++) {
    const t0 = performance.now();
    try {
      const result = await executor.run(job, policy.timeLimitMs);
      return okRecord(job, result, attempt, (performance.now() - t0) / 1000, worker);
    } catch (e) {
      const seconds = (performance.now() - t0) / 1000;
      if (attempt > policy.retries) return failedRecord(job, (e as Error).message, attempt, seconds, worker);
      await new Promise((r) => setTimeout(r, policy.backoffMs * 2 ** (attempt - 1)));
    }
  }
}

/** Local cores: one per core by default (at least 1). */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Run jobs on a pool of child processes on this machine, each taking the next job when it
 * finishes one; `onRecord` gets each result (or final failure) as it comes.
 */
export async function runLocalPool(jobs: readonly SweepJob[], policy: RetryPolicy, options: { workers?: number; onRecord: (r: SweepRecord) => void }): Promise<void> {
  const n = Math.max(1, Math.min(options.workers ?? defaultWorkers(), jobs.length));
  let next = 0;
  const executors = Array.from({ length: n }, () => new ChildExecutor());
  try {
    await Promise.all(
      executors.map(async (ex, k) => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          options.onRecord(await runWithRetries(ex, job, policy, `local:${k}`));
        }
      }),
    );
  } finally {
    for (const ex of executors) ex.close();
  }
}
