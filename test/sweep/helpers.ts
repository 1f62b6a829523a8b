import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseSweep, type Sweep } from '../../src/sweep/sweepFile.js';
import type { SweepRecord } from '../../src/sweep/record.js';

export const FIXTURES = resolve('test/sweep/fixtures/jobs.ts');

export const tempDir = () => mkdtempSync(join(tmpdir(), 'neurostream-sweep-'));

/** A sweep of a fixture job, written as if from a file in `dir`. */
export function fixtureSweep(dir: string, fn: string, fields: Record<string, unknown>): Sweep {
  return parseSweep({ name: 'test', output: 'results.jsonl', backoff: '50 ms', job: { module: FIXTURES, function: fn }, ...fields }, join(dir, 'sweep.json'));
}

/** The 24-job sweep the acceptance test runs every way: 6 x × 2 seeds × 2 repeats. */
export const GRID_24 = { grid: { x: [0, 1, 2, 3, 4, 5] }, parameters: { ms: 20 }, seeds: [3, 7], repeats: 2 };

export function readRecords(path: string): SweepRecord[] {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SweepRecord);
}

/** Results by job id, without what legitimately differs between runs (timing, worker, attempts). */
export function resultsById(records: readonly SweepRecord[]): Record<string, unknown> {
  return Object.fromEntries([...records].sort((a, b) => a.index - b.index).map((r) => [r.id, { parameters: r.parameters, seed: r.seed, repeat: r.repeat, status: r.status, result: r.result }]));
}
