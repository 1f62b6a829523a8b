/**
 * Sweeps: the fly-DSI sweep of examples/sweeps/fly-dsi.yaml (3 thresholds × 4 temporal
 * frequencies × 2 seeds = 24 jobs) run locally on 1 worker, on 2 local workers, through
 * BullMQ on a real redis-server with 2 `neurostream worker` processes, and again through Redis
 * while one worker is killed with SIGKILL at 5 random points. The results must be identical
 * every way, each job stored exactly once; wall times are printed against the 1-worker run.
 *
 *   npx tsx bench/sweep.ts [--kills 5]
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { SeededRandom } from '../src/core/random.js';
import { expandSweep } from '../src/sweep/expand.js';
import type { SweepRecord } from '../src/sweep/record.js';
import { RESULTS_KEY } from '../src/sweep/redis.js';
import { runSweep } from '../src/sweep/runSweep.js';
import { loadSweep, type Sweep } from '../src/sweep/sweepFile.js';
import { readRecords, resultsById, tempDir } from '../test/sweep/helpers.js';
import { startRedis } from '../test/sweep/redisServer.js';
import { startWorker, stopWorker, type WorkerProcess } from '../test/sweep/workerProcess.js';
import { argValue } from './lib/args.js';
import { report } from './lib/report.js';

const kills = Number(argValue('kills', '5'));
const base = loadSweep('examples/sweeps/fly-dsi.yaml');
const fresh = (): Sweep => ({ ...base, output: join(tempDir(), 'fly-dsi.jsonl') });

async function timed(label: string, run: () => Promise<Sweep>): Promise<{ seconds: number; records: SweepRecord[] }> {
  const t0 = performance.now();
  const s = await run();
  const seconds = (performance.now() - t0) / 1000;
  const records = readRecords(s.output);
  console.log(`${label}: ${records.length} results in ${seconds.toFixed(1)} s`);
  return { seconds, records };
}

const one = await timed('local, 1 worker', async () => {
  const s = fresh();
  await runSweep(s, { workers: 1 });
  return s;
});
const two = await timed('local, 2 workers', async () => {
  const s = fresh();
  await runSweep(s, { workers: 2 });
  return s;
});

async function withRedis<T>(f: (url: string, workers: WorkerProcess[]) => Promise<T>): Promise<T> {
  const redis = await startRedis();
  const workers = [startWorker(redis.url), startWorker(redis.url)];
  try {
    await Promise.all(workers.map((w) => w.ready));
    return await f(redis.url, workers);
  } finally {
    await Promise.all(workers.map(stopWorker));
    await redis.stop();
  }
}

const queued = await withRedis((url) =>
  timed('Redis, 2 worker processes', async () => {
    const s = fresh();
    await runSweep(s, { queue: url });
    return s;
  }),
);

const killLog: string[] = [];
const faulted = await withRedis((url, workers) =>
  timed(`Redis, 2 worker processes, ${kills} × SIGKILL`, async () => {
    const s = fresh();
    const ids = new Set(expandSweep(s).map((j) => j.id));
    const redis = new Redis(url);
    const sweep = runSweep(s, { queue: url });
    const rng = new SeededRandom(20, 'bench kills');
    for (let k = 0; k < kills; k++) {
      const victim = workers.shift()!;
      await victim.ready;
      const afterMs = Math.floor(rng.range(500, 4000));
      await new Promise((r) => setTimeout(r, afterMs));
      const done = (await redis.hkeys(RESULTS_KEY)).filter((id) => ids.has(id)).length;
      victim.proc.kill('SIGKILL');
      killLog.push(`${afterMs} ms after ready (${done}/${ids.size} stored)`);
      workers.push(startWorker(url));
    }
    await sweep;
    redis.disconnect();
    return s;
  }),
);

const reference = resultsById(one.records);
const same = (r: SweepRecord[]) => JSON.stringify(resultsById(r)) === JSON.stringify(reference);
const once = (r: SweepRecord[]) => r.length === 24 && new Set(r.map((x) => x.id)).size === 24 && r.every((x) => x.status === 'ok');
const mark = (r: SweepRecord[]) => `${same(r) ? 'identical to 1 worker' : 'DIFFERENT from 1 worker'}; ${once(r) ? 'each job once' : 'NOT each job once'}`;
const attempts = faulted.records.reduce((a, r) => a + r.attempts, 0);
report(
  'sweep',
  [
    { name: 'fly-DSI sweep, 24 jobs, local 1 worker', value: one.seconds, unit: 's wall', higherIsBetter: false, note: mark(one.records) },
    { name: 'fly-DSI sweep, 24 jobs, local 2 workers', value: two.seconds, unit: 's wall', higherIsBetter: false, peer: 'local 1 worker', peerValue: one.seconds, note: mark(two.records) },
    { name: 'fly-DSI sweep, 24 jobs, Redis + 2 worker processes', value: queued.seconds, unit: 's wall', higherIsBetter: false, peer: 'local 1 worker', peerValue: one.seconds, note: mark(queued.records) },
    { name: `fly-DSI sweep, 24 jobs, Redis + 2 workers, ${kills} × SIGKILL`, value: faulted.seconds, unit: 's wall', higherIsBetter: false, peer: 'local 1 worker', peerValue: one.seconds, note: `${mark(faulted.records)}; kills ${killLog.join(', ')}; attempts recorded ${attempts}` },
  ],
  [
    `identical results: 2 local ${same(two.records)}, Redis ${same(queued.records)}, Redis with kills ${same(faulted.records)}`,
    `load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')} (2 cores shared with other work: wall times are noisy)`,
  ],
);
process.exit(0);
