import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { SeededRandom } from '../../src/core/random.js';
import { expandSweep } from '../../src/sweep/expand.js';
import { QueueUnavailableError } from '../../src/sweep/redis.js';
import { runSweep } from '../../src/sweep/runSweep.js';
import { freePort, startRedis, type RedisServer } from './redisServer.js';
import { fixtureSweep, GRID_24, readRecords, resultsById, tempDir } from './helpers.js';
import { startWorker, stopWorker, type WorkerProcess } from './workerProcess.js';

/** How often each job started, from the fixture jobs' log. */
function starts(log: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
    const [id, what] = line.split(' ');
    if (what === 'start') m.set(id!, (m.get(id!) ?? 0) + 1);
  }
  return m;
}

describe('sweeps through BullMQ on a real Redis', () => {
  let redis: RedisServer;
  const dir = tempDir();
  const log = join(dir, 'runs.log');
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    writeFileSync(log, '');
    workers = [startWorker(redis.url, { SWEEP_TEST_LOG: log }), startWorker(redis.url, { SWEEP_TEST_LOG: log })];
    await Promise.all(workers.map((w) => w.ready));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map(stopWorker));
    await redis?.stop();
  }, 60_000);

  it('gives the same results as a local run; a re-run collects them from Redis without running anything', async () => {
    const local = fixtureSweep(tempDir(), 'square', GRID_24);
    await runSweep(local, { workers: 1 });
    const queued = fixtureSweep(tempDir(), 'square', GRID_24);
    const out = await runSweep(queued, { queue: redis.url });
    expect(out.failed).toEqual([]);
    const records = readRecords(queued.output);
    expect(records).toHaveLength(24);
    expect(resultsById(records)).toEqual(resultsById(readRecords(local.output)));
    expect(new Set(records.map((r) => r.worker)).size).toBe(2); // both worker processes took jobs

    const ranBefore = [...starts(log).values()].reduce((a, b) => a + b, 0);
    const elsewhere = fixtureSweep(tempDir(), 'square', GRID_24); // a fresh results file: all come from Redis
    const again = await runSweep(elsewhere, { queue: redis.url });
    expect(again.resumed).toBe(0);
    expect(resultsById(readRecords(elsewhere.output))).toEqual(resultsById(records));
    expect([...starts(log).values()].reduce((a, b) => a + b, 0)).toBe(ranBefore);
  }, 180_000);

  it('reports a job that always throws after its retries and one over its time limit; the others finish', async () => {
    const s = fixtureSweep(tempDir(), 'alwaysThrows', { grid: { x: [1, 2, 3] }, retries: 1, backoff: '100 ms' });
    const out = await runSweep(s, { queue: redis.url });
    expect(out.failed).toMatchObject([{ parameters: { x: 2 }, status: 'failed', attempts: 2, error: 'bad input x=2' }]);
    expect(out.records.filter((r) => r.status === 'ok').map((r) => r.result)).toEqual([{ y: 1 }, { y: 3 }]);
    const h = await runSweep(fixtureSweep(tempDir(), 'hangs', { list: [{ x: 1 }], retries: 0, timeLimit: '1 s' }), { queue: redis.url });
    expect(h.failed).toMatchObject([{ status: 'failed', error: 'over its time limit of 1 s: stopped' }]);
  }, 120_000);

  it('says which Redis it could not reach', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const s = fixtureSweep(tempDir(), 'square', { list: [{ x: 1 }] });
    await expect(runSweep(s, { queue: url })).rejects.toThrow(QueueUnavailableError);
    await expect(runSweep(s, { queue: url })).rejects.toThrow(new RegExp(`queue ${url}: cannot reach Redis \\(.*ECONNREFUSED`));
  });

  it('loses and duplicates nothing when a worker is killed (SIGKILL) mid-sweep five times', async () => {
    const total = 30;
    const s = fixtureSweep(tempDir(), 'square', { grid: { x: Array.from({ length: total }, (_, k) => k + 100) }, parameters: { ms: 300 } });
    writeFileSync(log, '');
    const sweep = runSweep(s, { queue: redis.url });
    const rng = new SeededRandom(20, 'fault test');
    const ids = new Set(expandSweep(s).map((j) => j.id));
    const kills: { afterMs: number; doneBefore: number }[] = [];
    const stored = new Redis(redis.url);
    for (let k = 0; k < 5; k++) {
      const afterMs = 300 + Math.floor(rng.range(0, 1500));
      // the oldest worker, once ready (its job process is up), is taking jobs back to back
      const victim = workers.shift()!;
      await victim.ready;
      await new Promise((r) => setTimeout(r, afterMs));
      const doneBefore = (await stored.hkeys('neurostream:sweep-results')).filter((id) => ids.has(id)).length;
      victim.proc.kill('SIGKILL');
      kills.push({ afterMs, doneBefore });
      workers.push(startWorker(redis.url, { SWEEP_TEST_LOG: log }));
    }
    const out = await sweep;
    stored.disconnect();
    const records = readRecords(s.output);
    const runs = starts(log);
    const reruns = [...runs.values()].reduce((a, b) => a + b, 0) - total;
    console.log(`fault test: ${total} jobs, 5 kills (${kills.map((k) => `${k.afterMs} ms after ready, ${k.doneBefore} done`).join('; ')}), ${reruns} jobs ran again, ${records.length} results`);
    expect(kills.every((k) => k.doneBefore < total)).toBe(true); // every kill fell inside the sweep
    expect(out.failed).toEqual([]);
    expect(records).toHaveLength(total);
    expect(new Set(records.map((r) => r.id)).size).toBe(total);
    for (const r of records) expect(r.result).toEqual({ y: (r.parameters.x as number) ** 2 + r.seed, half: (r.parameters.x as number) / 2 });
    expect(runs.size).toBe(total);
    expect(reruns).toBeGreaterThanOrEqual(1); // a kill did interrupt a job, which then ran elsewhere
  }, 300_000);
});
