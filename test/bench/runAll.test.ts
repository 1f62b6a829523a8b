import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HEADLINES, benchmarks, headlineTable, loadOf, notABenchReport, readReports, renderTable, runBenchmark, selection,
  type RunRecord,
} from '../../bench/run-all.js';

const report = (benchmark: string, rows: unknown[], date = '2026-12-04T16:00:00.000Z') => ({ benchmark, command: `npx tsx bench/${benchmark}.ts`, date, machine: 'm', rows, notes: [] });
const row = (name: string, value: number, extra: Record<string, unknown> = {}) => ({ name, value, unit: 's', higherIsBetter: false, ...extra });

describe('bench/run-all', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('says why a file is not a bench report', () => {
    expect(notABenchReport(report('cca', [row('x', 1)]))).toBeNull();
    expect(notABenchReport({ rows: [row('x', 1)] })).toMatch(/benchmark/);
    expect(notABenchReport({ ...report('cca', []), date: 'yesterday' })).toMatch(/date/);
    expect(notABenchReport(report('cca', [{ value: 1, unit: 's' }]))).toMatch(/row 0 has no name/);
    expect(notABenchReport(report('cca', [{ name: 'x', value: 'fast', unit: 's' }]))).toMatch(/not a number/);
  });

  it('reads proper reports and training records, and names every other file with the reason', () => {
    writeFileSync(join(dir, 'cca.json'), JSON.stringify(report('cca', [row('covariance accumulation, 10 samples', 0.1, { peer: 'numpy', peerValue: 0.4, speedup: 4 })])));
    writeFileSync(join(dir, 'ff-dense.json'), JSON.stringify({ name: 'dense', command: 'neurostream ff', test: { goodness: 0.98, count: 10000 } }));
    // what fly2d-reversals and fly2d-decoding write: records, not bench reports
    writeFileSync(join(dir, 'fly2d-reversals.json'), JSON.stringify({ model: 'm.json', rows: [{ images: ['a'], seconds: 1 }] }));
    writeFileSync(join(dir, 'fly2d-decoding.json'), JSON.stringify({ model: 'm.json', results: [] }));
    writeFileSync(join(dir, 'broken.json'), '{ "benchmark": ');
    const { reports, bad } = readReports(dir);
    expect(reports.map((r) => r.file)).toEqual(['cca.json', 'ff-dense.json']);
    expect(reports[1]!.rows[0]!.value).toBeCloseTo(98);
    expect(bad).toHaveLength(3);
    expect(bad.find((b) => b.startsWith('fly2d-reversals.json'))).toMatch(/not a bench report: no `benchmark` name/);
    expect(bad.find((b) => b.startsWith('fly2d-decoding.json'))).toMatch(/not a bench report/);
    expect(bad.find((b) => b.startsWith('broken.json'))).toBeDefined();
  });

  it("shows a training record's linear classifier fitted afresh beside its online read-out", () => {
    writeFileSync(join(dir, 'ff-far.json'), JSON.stringify({ benchmark: 'ff-far', command: 'neurostream ff', test: { linear: 0.9784, count: 10000 }, readoutRefit: { linear: 0.9796, evaluated: 10000, epochs: 3 } }));
    const rows = readReports(dir).reports[0]!.rows;
    expect(rows.map((r) => r.name)).toEqual(['test accuracy (linear) on 10000 test images', 'test accuracy (linear classifier fitted afresh on the final features, 3 epochs) on 10000 test images']);
    expect(rows[1]!.value).toBeCloseTo(97.96);
    // a fit made another way says how, so two fits of one model are told apart in the table
    writeFileSync(join(dir, 'ff-far.json'), JSON.stringify({ benchmark: 'ff-far', readoutRefit: { linear: 0.9893, evaluated: 10000, epochs: 3, lrStart: 3e-4, schedule: 'step', weightDecay: 10, validationImages: 5000 } }));
    expect(readReports(dir).reports[0]!.rows.map((r) => r.name)).toEqual(['test accuracy (linear classifier fitted afresh on the final features, 3 epochs, cool-down every step, weight decay 10, Adam 0.0003, 5000 held out) on 10000 test images']);
  });

  it("a training record's wall time carries the mean of its epochs' recorded load; without any, it says so", () => {
    writeFileSync(join(dir, 'ff-a.json'), JSON.stringify({ benchmark: 'ff-a', trainSeconds: 900, history: [{ loadAverage: [2, 3, 4] }, { loadAverage: [4, 1, 1] }] }));
    writeFileSync(join(dir, 'ff-b.json'), JSON.stringify({ benchmark: 'ff-b', trainSeconds: 900, history: [{}] }));
    const [a, b] = readReports(dir).reports.map((r) => r.rows[0]!);
    expect(a!.name).toBe("training wall time, 2 epochs (load: mean of 2 epochs' 1-min average at their end)");
    expect(loadOf(a!)).toBe('3.0');
    expect(b!.name).toBe('training wall time, 1 epoch');
    expect(loadOf(b!)).toBe('not recorded');
  });

  it('takes a headline only from the report file of its benchmark, not from an older copy under another name', () => {
    const ff = (ms: number) => row(`FF conv 3×16 5×5, batch 50+50, wasm backend, 1 thread, CPU ms per batch vs PyTorch CPU, 1 thread`, ms, { peer: 'PyTorch CPU, 1 thread', peerValue: 50, speedup: 50 / ms, load: 2.5, peerLoad: 3.5 });
    writeFileSync(join(dir, 'ff-second-run.json'), JSON.stringify(report('ff', [ff(999)], '2026-11-23T21:09:13.038Z')));
    writeFileSync(join(dir, 'ff.json'), JSON.stringify(report('ff', [ff(300)])));
    const { reports } = readReports(dir);
    const line = headlineTable(reports).find((l) => l.startsWith('| FF conv 3×16 5×5 training step vs PyTorch CPU, 1 thread'))!;
    expect(line).toContain('| 300.0 |');
    expect(line).toContain('| 2.5 / peer 3.5 |');
    // the older copy is still listed, under its file name
    expect(renderTable(reports)).toContain('| ff (ff-second-run.json) |');
  });

  it("says 'not measured' for a missing headline and 'peer missing' for a row without its peer", () => {
    writeFileSync(join(dir, 'cca.json'), JSON.stringify(report('cca', [row('covariance accumulation, 10 samples', 0.1)])));
    writeFileSync(join(dir, 'cuba-scaling.json'), JSON.stringify(report('cuba-scaling', [row('CUBA scaling exponent k, n 1000–128000', 0.9)])));
    const table = headlineTable(readReports(dir).reports);
    expect(table.find((l) => l.includes('scaling exponent'))).toMatch(/a goal: no peer/);
    expect(table.find((l) => l.includes('CCA accumulation'))).toMatch(/peer missing/);
    expect(table.find((l) => l.includes('CUBA 4000 LIF vs Brian2 numpy'))).toMatch(/not measured/);
    expect(table.filter((l) => l.startsWith('| ') && !l.startsWith('| work'))).toHaveLength(HEADLINES.length);
  });

  it('prints the load from a row\'s fields, else from its name, else says it was not recorded', () => {
    expect(loadOf(row('x', 1, { load: 4.04, peerLoad: 5 }) as never)).toBe('4.0 / peer 5.0');
    expect(loadOf(row('CUBA, wasm (load 2.1) vs Brian2 (load 3.6)', 1) as never)).toBe('2.1 / peer 3.6');
    expect(loadOf(row('x', 1) as never)).toBe('not recorded');
  });

  it('runs the default set, leaves slow ones and tools out with the reason, and refuses an unknown --only name', () => {
    const scripts = benchmarks();
    const { run, skipped } = selection(scripts, {});
    expect(run.map((s) => s.name)).toEqual(expect.arrayContaining(['cuba', 'ff', 'bsp-epoch', 'gpu', 'cca', 'fly-speed', 'cuba-scaling']));
    expect(run.map((s) => s.name)).not.toContain('fly');
    expect(skipped.find((s) => s.name === 'fly')!.why).toMatch(/slow/);
    expect(skipped.find((s) => s.name === 'ff-label-offsets')!.why).toMatch(/tool/);
    expect(selection(scripts, { slow: true }).run.map((s) => s.name)).toContain('fly');
    expect(selection(scripts, { only: ['ff-plots'] }).run.map((s) => s.name)).toEqual(['ff-plots']);
    expect(() => selection(scripts, { only: ['no-such-bench'] })).toThrow(/no-such-bench/);
  });

  it('reports a failing benchmark with its exit status and last lines, and ends one that overruns', async () => {
    const r = await runBenchmark('boom', { nice: 0, timeoutMinutes: 1, echo: false, command: ['node', '-e', "console.log('step 1'); console.error('Error: the peer died'); process.exit(3)"] });
    expect(r.status).toBe(3);
    expect(r.tail).toEqual(['step 1', 'Error: the peer died']);
    const slow = await runBenchmark('hang', { nice: 0, timeoutMinutes: 0.01, echo: false, command: ['node', '-e', 'setTimeout(() => {}, 60000)'] });
    expect(slow.timedOut).toBe(true);
    expect(slow.status).not.toBe(0);
    const record: RunRecord = {
      // the run's times bracket the two runs above (a benchmark started after `finished` reads as an --only re-run)
      benchmark: 'run-all', command: 'npm run bench', date: new Date(Date.parse(r.started) - 60_000).toISOString(), machine: 'm',
      finished: new Date(Date.parse(r.started) + 2_340_000).toISOString(),
      wallSeconds: 2400, results: [r, slow], skipped: [{ name: 'fly', why: 'slow (run with --slow): ~10 min' }], notes: [],
    };
    const md = renderTable([], [], record);
    expect(md).toContain('| boom | failed (exit 3) |');
    expect(md).toContain('| hang | timed out |');
    expect(md).toContain('Error: the peer died');
    expect(md).toContain('**fly**: slow (run with --slow)');
    expect(md).toContain('40.0 min wall');
  }, 30_000);
});
