import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSweep } from '../../src/sweep/runSweep.js';
import { fixtureSweep, GRID_24, readRecords, resultsById, tempDir } from './helpers.js';

describe('local sweeps', () => {
  it('gives the same results with 1 and 2 worker processes, each job once; a re-run resumes', async () => {
    const one = fixtureSweep(tempDir(), 'square', GRID_24);
    const two = fixtureSweep(tempDir(), 'square', GRID_24);
    const a = await runSweep(one, { workers: 1 });
    const b = await runSweep(two, { workers: 2 });
    expect(a.failed).toEqual([]);
    const ra = readRecords(one.output);
    const rb = readRecords(two.output);
    expect(ra).toHaveLength(24);
    expect(new Set(rb.map((r) => r.id)).size).toBe(24);
    expect(resultsById(rb)).toEqual(resultsById(ra));
    expect(new Set(rb.map((r) => r.worker))).toEqual(new Set(['local:0', 'local:1']));
    // y = x² + seed, so the results are the job's and not made up by the pool
    for (const r of ra) expect(r.result).toEqual({ y: (r.parameters.x as number) ** 2 + r.seed, half: (r.parameters.x as number) / 2 });
    expect(b.table).toMatch(/\| ms \| x \| runs \| failed \| y \| half \|/);
    expect(b.table).toMatch(/\| 20 \| 5 \| 4 \| 0 \| 30\.000 ± 2\.309 \| 2\.500 ± 0\.000 \|/);
    expect(readFileSync(b.files[1]!, 'utf8')).toContain(b.table);

    // resume: nothing runs again; a job whose line is lost runs again, alone
    const again = await runSweep(two, { workers: 2 });
    expect(again.resumed).toBe(24);
    const lines = readFileSync(two.output, 'utf8').trim().split('\n');
    writeFileSync(two.output, `${lines.slice(0, 20).join('\n')}\n${lines[20]!.slice(0, 30)}`); // three lost, one torn
    const warnings: string[] = [];
    const partial = await runSweep(two, { workers: 2, warn: (m) => warnings.push(m) });
    expect(partial.resumed).toBe(20);
    expect(warnings.join('\n')).toMatch(/results\.jsonl line 21: not JSON/);
    expect(resultsById(readRecords(two.output))).toEqual(resultsById(ra));
  }, 120_000);

  it('reports a job that always throws, retries a flaky one, stops one over its time limit; the others finish', async () => {
    const dir = tempDir();
    const throws = fixtureSweep(dir, 'alwaysThrows', { grid: { x: [1, 2, 3] }, retries: 1 });
    const out = await runSweep(throws, { workers: 2 });
    expect(out.failed).toHaveLength(1);
    expect(out.failed[0]).toMatchObject({ status: 'failed', parameters: { x: 2 }, attempts: 2, error: 'bad input x=2' });
    expect(out.records.filter((r) => r.status === 'ok').map((r) => r.result)).toEqual([{ y: 1 }, { y: 3 }]);
    // a failed job is not "done": the next run tries it again, and it is stored once
    const again = await runSweep(throws, { workers: 1 });
    expect(again.resumed).toBe(2);
    expect(readRecords(throws.output).filter((r) => r.status === 'ok')).toHaveLength(2);

    const flaky = await runSweep(fixtureSweep(tempDir(), 'flaky', { list: [{ x: 4 }], retries: 1 }), { workers: 1 });
    expect(flaky.records).toMatchObject([{ status: 'ok', attempts: 2, result: { y: 4 } }]);

    const hang = fixtureSweep(tempDir(), 'hangs', { list: [{ x: 1 }], retries: 0, timeLimit: '1.5 s' });
    const h = await runSweep(hang, { workers: 1 });
    expect(h.failed).toMatchObject([{ status: 'failed', error: 'over its time limit of 1.5 s: stopped' }]);
  }, 120_000);
});
