import { Queue } from 'bullmq';
import type { SweepJob } from './expand.js';
import type { RetryPolicy } from './localPool.js';
import { failedRecord, type SweepRecord } from './record.js';
import { connectRedis, DEFAULT_QUEUE, QUEUE_PREFIX, queueJobId, RESULTS_KEY } from './redis.js';

/** What a queued job carries: the job and its time limit (retries are BullMQ's attempts). */
export interface QueuedJobData {
  readonly job: SweepJob;
  readonly timeLimitMs: number;
}

/** Options of `runOnQueue`. */
export interface QueueRunOptions {
  /** The Redis URL, redis://host:port. */
  readonly url: string;
  /** The BullMQ queue's name (default: neurostream's). */
  readonly queueName?: string;
  /** How often to look for new results (default 250 ms). */
  readonly pollMs?: number;
  /** Called with each record as its job finishes or fails. */
  readonly onRecord: (r: SweepRecord) => void;
  /** Where warnings go (default console.warn). */
  readonly warn?: (message: string) => void;
}

/**
 * Enqueue jobs into BullMQ on Redis and collect their results as workers store them. A job
 * already stored (by this or an earlier submission) is collected, not run; one still queued
 * or running (a submitter that stopped and came back) is waited for; one that failed before
 * is queued again.
 */
export async function runOnQueue(jobs: readonly SweepJob[], policy: RetryPolicy, options: QueueRunOptions): Promise<void> {
  const redis = await connectRedis(options.url, options.warn);
  const queue = new Queue<QueuedJobData>(options.queueName ?? DEFAULT_QUEUE, { connection: redis, prefix: QUEUE_PREFIX });
  const pending = new Map(jobs.map((j) => [j.id, j]));
  try {
    const collect = async () => {
      const ids = [...pending.keys()];
      if (ids.length === 0) return;
      const stored = await redis.hmget(RESULTS_KEY, ...ids);
      stored.forEach((s, k) => {
        if (s === null) return;
        pending.delete(ids[k]!);
        options.onRecord(JSON.parse(s) as SweepRecord);
      });
    };
    await collect();
    const toAdd: SweepJob[] = [];
    for (const job of pending.values()) {
      const existing = await queue.getJob(queueJobId(job.id));
      if (existing) {
        const state = await existing.getState();
        if (state !== 'failed' && state !== 'completed') continue;
        await existing.remove();
      }
      toAdd.push(job);
    }
    await queue.addBulk(
      toAdd.map((job) => ({
        name: job.sweep,
        data: { job, timeLimitMs: policy.timeLimitMs },
        opts: { jobId: queueJobId(job.id), attempts: policy.retries + 1, backoff: { type: 'exponential', delay: policy.backoffMs }, removeOnComplete: true, removeOnFail: false },
      })),
    );
    while (pending.size > 0) {
      await new Promise((r) => setTimeout(r, options.pollMs ?? 250));
      await collect();
      if (pending.size === 0) break;
      for (const f of await queue.getFailed()) {
        const job = pending.get(f.id!.slice(1));
        if (!job || f.id !== queueJobId(job.id)) continue;
        // stored meanwhile by a run that outlived its lock: the result wins
        if ((await redis.hexists(RESULTS_KEY, job.id)) === 1) continue;
        pending.delete(job.id);
        const seconds = f.finishedOn && f.processedOn ? (f.finishedOn - f.processedOn) / 1000 : 0;
        options.onRecord(failedRecord(job, f.failedReason ?? 'failed', f.attemptsMade, seconds, 'queue'));
      }
    }
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
