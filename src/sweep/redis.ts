import { Redis } from 'ioredis';
import { NeurostreamError } from '../core/errors.js';

/** Redis could not be reached, or refused what a sweep needs. */
export class QueueUnavailableError extends NeurostreamError {
  constructor(
    /** The Redis URL. */
    readonly url: string,
    problem: string,
  ) {
    super(`queue ${url}: ${problem}`);
  }
}

/** BullMQ's key prefix for our queues, and the hash that stores each job's result once. */
export const QUEUE_PREFIX = 'neurostream';
export const RESULTS_KEY = `${QUEUE_PREFIX}:sweep-results`;
export const DEFAULT_QUEUE = 'sweeps';

/** BullMQ refuses integer-like custom ids; ours are hex, so they get a letter in front. */
export const queueJobId = (id: string) => `j${id}`;

/**
 * Connect to Redis for a sweep: fails fast with the URL and the reason when the server is
 * down, and warns when its eviction policy could silently drop queued jobs or results.
 */
export async function connectRedis(url: string, warn: (message: string) => void = (m) => console.warn(m)): Promise<Redis> {
  if (!/^rediss?:\/\//.test(url)) throw new QueueUnavailableError(url, "expected a URL like redis://host:6379");
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 5000, enableOfflineQueue: false });
  let lastError = '';
  probe.on('error', (e: Error) => {
    lastError = e.message;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    probe.disconnect();
    throw new QueueUnavailableError(url, `cannot reach Redis (${lastError || (e as Error).message}); is redis-server running there?`);
  }
  try {
    const policy = (await probe.config('GET', 'maxmemory-policy')) as string[];
    if (policy[1] && policy[1] !== 'noeviction') warn(`queue ${url}: Redis maxmemory-policy is ${policy[1]}; set it to noeviction, or Redis may evict queued jobs and results`);
  } catch {
    // CONFIG is often disabled on managed Redis: nothing to check then.
  }
  probe.disconnect();
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  redis.on('error', (e) => warn(`queue ${url}: ${e.message}`));
  return redis;
}
