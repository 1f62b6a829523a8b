import { describe, expect, it } from '@jest/globals';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpecError } from '../../src/core/errors.js';
import { expandSweep } from '../../src/sweep/expand.js';
import { checkJobs } from '../../src/sweep/resolveJob.js';
import { loadSweep, parseSweep } from '../../src/sweep/sweepFile.js';
import { summarize, summaryTable } from '../../src/sweep/summary.js';
import type { SweepRecord } from '../../src/sweep/record.js';
import { fixtureSweep, GRID_24, tempDir } from './helpers.js';

const fly = (fields: Record<string, unknown>) => ({ name: 'fly', job: { function: 'fly-dsi' }, ...fields });

describe('sweep files', () => {
  it('reads YAML and JSON alike and expands grid × seeds × repeats in order', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), 'name: fly\njob: { function: fly-dsi }\ngrid:\n  thresholdFactor: [0.5, 1, 2]\n  temporalFrequency: [1, 2, 4, 8]\nseeds: [1, 2]\ntimeLimit: 5 min\n');
    writeFileSync(join(dir, 'b.json'), JSON.stringify(fly({ grid: { thresholdFactor: [0.5, 1, 2], temporalFrequency: [1, 2, 4, 8] }, seeds: [1, 2], timeLimit: '300 s' })));
    const a = loadSweep(join(dir, 'a.yaml'));
    const b = loadSweep(join(dir, 'b.json'));
    expect(a.timeLimitMs).toBe(300_000);
    const ja = expandSweep(a);
    expect(ja).toHaveLength(24);
    expect(ja.map((j) => j.id)).toEqual(expandSweep(b).map((j) => j.id));
    expect(ja[0]).toMatchObject({ parameters: { thresholdFactor: 0.5, temporalFrequency: 1 }, seed: 1 });
    expect(ja[1]).toMatchObject({ parameters: { thresholdFactor: 0.5, temporalFrequency: 1 }, seed: 2 });
    expect(ja[23]).toMatchObject({ parameters: { thresholdFactor: 2, temporalFrequency: 8 }, seed: 2 });
    expect(a.output).toBe(join(dir, 'fly.jsonl'));
  });

  it('gives a job the same id whatever the key order or sweep, and another id when anything changes', () => {
    const dir = tempDir();
    const one = expandSweep(parseSweep(fly({ parameters: { steps: 100, rows: 2 }, list: [{ temporalFrequency: 1 }] }), join(dir, 'x.json')))[0]!;
    const same = expandSweep(parseSweep({ ...fly({ list: [{ temporalFrequency: 1 }], parameters: { rows: 2, steps: 100 } }), name: 'other' }, join(dir, 'y.json')))[0]!;
    const other = expandSweep(parseSweep(fly({ parameters: { steps: 100, rows: 3 }, list: [{ temporalFrequency: 1 }] }), join(dir, 'x.json')))[0]!;
    expect(one.id).toMatch(/^[0-9a-f]{20}$/);
    expect(same.id).toBe(one.id);
    expect(other.id).not.toBe(one.id);
    const repeats = expandSweep(parseSweep(fly({ list: [{ temporalFrequency: 1 }], repeats: 3 }), join(dir, 'x.json')));
    expect(new Set(repeats.map((j) => j.id)).size).toBe(3);
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown field', fly({ grid: { temporalFrequency: [1] }, seed: [1] }), /bad\.json: seed: unknown field/],
    ['an empty grid', fly({ grid: {} }), /bad\.json: grid: the grid is empty/],
    ['a grid parameter with no values', fly({ grid: { temporalFrequency: [] } }), /bad\.json: grid\.temporalFrequency: no values/],
    ['an empty list', fly({ list: [] }), /bad\.json: list: the list is empty/],
    ['both a grid and a list', fly({ grid: { a: [1] }, list: [{ a: 1 }] }), /bad\.json: grid: give either a grid or a list/],
    ['a time limit that is not a time', fly({ timeLimit: '90 mV' }), /bad\.json: timeLimit: '90 mV' is .*expected/],
    ['a time limit of zero', fly({ timeLimit: '0 s' }), /bad\.json: timeLimit: must be a positive duration/],
    ['a job that is neither function nor command', { name: 'x', job: { script: 'a.sh' } }, /bad\.json: job/],
    ['no seeds', fly({ seeds: [] }), /bad\.json: seeds/],
  ];
  for (const [what, raw, message] of bad) {
    it(`refuses ${what}, naming the field`, () => {
      expect(() => parseSweep(raw, 'bad.json')).toThrow(SpecError);
      expect(() => parseSweep(raw, 'bad.json')).toThrow(message);
    });
  }

  it('refuses an unknown parameter of a built-in job, naming it and where it came from', async () => {
    const s = parseSweep(fly({ grid: { temporalFrequency: [1, 2], thresold: [1] } }), 'bad.json');
    await expect(checkJobs(s, expandSweep(s))).rejects.toThrow(/bad\.json: grid\.thresold: unknown parameter \(the job takes: thresholdFactor, temporalFrequency/);
    const t = parseSweep(fly({ list: [{ temporalFrequency: 1 }, { temporalFrequency: 'fast' }] }), 'bad.json');
    await expect(checkJobs(t, expandSweep(t))).rejects.toThrow(/bad\.json: list\[1\]\.temporalFrequency: .*number/);
    const u = parseSweep({ name: 'x', job: { function: 'fly-dis' } }, 'bad.json');
    await expect(checkJobs(u, expandSweep(u))).rejects.toThrow(/job\.function: no built-in job 'fly-dis' \(built in: fly-dsi\)/);
  });

  it('checks a module job against its declared parameters and a command job against its options', async () => {
    const dir = tempDir();
    const s = fixtureSweep(dir, 'alwaysThrows', { grid: { x: [1], y: [2] } });
    await expect(checkJobs(s, expandSweep(s))).rejects.toThrow(/grid\.y: unknown parameter \(the job takes: x\)/);
    const m = fixtureSweep(dir, 'nothing', { grid: { x: [1] } });
    await expect(checkJobs(m, expandSweep(m))).rejects.toThrow(/exports no function or defineSweepJob\(\.\.\.\) named 'nothing' \(exports: .*square/);
    const ok = fixtureSweep(dir, 'square', GRID_24);
    await expect(checkJobs(ok, expandSweep(ok))).resolves.toBeUndefined();
    const c = parseSweep({ name: 'c', job: { command: 'demo' }, grid: { seconds: [1], speed: [2] } }, 'bad.json');
    await expect(checkJobs(c, expandSweep(c))).rejects.toThrow(/bad\.json: grid\.speed: unknown parameter: 'demo' has no option --speed \(options: /);
    const w = parseSweep({ name: 'c', job: { command: 'worker' } }, 'bad.json');
    await expect(checkJobs(w, expandSweep(w))).rejects.toThrow(/job\.command: no command 'worker' to sweep/);
  });

  it('has example sweep files that load and whose every job checks', async () => {
    const files = readdirSync('examples/sweeps').filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const s = loadSweep(join('examples/sweeps', f));
      const jobs = expandSweep(s);
      expect(jobs.length).toBeGreaterThan(0);
      await checkJobs(s, jobs);
    }
    expect(expandSweep(loadSweep('examples/sweeps/fly-dsi.yaml'))).toHaveLength(24);
  });

  it('summarizes numbers per parameter set over seeds, nested ones by dotted name, failures counted', () => {
    const rec = (x: number, seed: number, result?: Record<string, unknown>): SweepRecord => ({ id: `${x}-${seed}`, index: x * 2 + seed, sweep: 's', parameters: { x }, seed, repeat: 0, status: result ? 'ok' : 'failed', result, error: result ? undefined : 'boom', attempts: 1, seconds: 0, worker: 'w' });
    const rows = summarize([rec(1, 1, { test: { goodness: 0.5, perClass: [1, 2] }, name: 'a' }), rec(1, 0, { test: { goodness: 0.7 } }), rec(2, 0)]);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.runs).toBe(2);
    expect(rows[0]!.fields['test.goodness']!.mean).toBeCloseTo(0.6, 12);
    expect(rows[0]!.fields['test.goodness']!.sd).toBeCloseTo(Math.SQRT2 * 0.1, 12);
    expect(Object.keys(rows[0]!.fields)).toEqual(['test.goodness']);
    expect(rows[1]).toMatchObject({ runs: 1, failed: 1, fields: {} });
    expect(summaryTable(rows)).toContain('| 1 | 2 | 0 | 0.600 ± 0.141 |');
    expect(summaryTable(rows)).toContain('| 2 | 1 | 1 | — |');
  });
});
