/**
 * `npm run bench`: run every benchmark in bench/*.ts, then regenerate bench/README.md
 * from bench/results/*.json (one table of every figure: ours, the peer's from the same
 * run, the ratio, the machine).
 *
 * A benchmark whose header has the word `@slow` is skipped unless `--slow` is given.
 * Options: --slow, --only=a,b (names without .ts), --table (only regenerate the table).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { atomicWriteFile } from '../src/sim/serialize.js';
import { fmt, type BenchReport, type BenchRow } from './lib/report.js';

const BENCH = 'bench';
const RESULTS = join(BENCH, 'results');

/** Benchmark scripts: bench/*.ts except this runner and files starting with '_'. */
export function benchmarks(dir = BENCH): { name: string; slow: boolean }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'run-all.ts')
    .sort()
    .map((f) => ({ name: basename(f, '.ts'), slow: /@slow\b/.test(readFileSync(join(dir, f), 'utf8').slice(0, 2000)) }));
}

/** Every report in bench/results, in name order; files that do not parse are named in `bad`. */
export function readReports(dir = RESULTS): { reports: BenchReport[]; bad: string[] } {
  const reports: BenchReport[] = [];
  const bad: string[] = [];
  if (!existsSync(dir)) return { reports, bad };
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    try {
      const json = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
      const r = Array.isArray(json.rows) ? (json as unknown as BenchReport) : trainingReport(basename(f, '.json'), json);
      if (typeof r.benchmark !== 'string' || !Array.isArray(r.rows)) throw new Error('not a bench report');
      reports.push(r);
    } catch (e) {
      bad.push(`${f}: ${(e as Error).message}`);
    }
  }
  return { reports, bad };
}

/**
 * Training runs (neurostream ff / bsp --report) write their own records; their headline
 * figures — test accuracies and training time — become table rows here.
 */
export function trainingReport(name: string, json: Record<string, unknown>): BenchReport {
  const rows: BenchRow[] = [];
  const test = json.test as Record<string, number> | undefined;
  const count = test?.count ?? (json.testImages as number | undefined);
  const images = count ? ` on ${count} test images` : '';
  if (test) {
    for (const [k, v] of Object.entries(test)) if (k !== 'count' && typeof v === 'number') rows.push({ name: `test accuracy (${k})${images}`, value: 100 * v, unit: '%', higherIsBetter: true });
  }
  if (typeof json.finalTestAccuracy === 'number') rows.push({ name: `test accuracy${images}`, value: 100 * json.finalTestAccuracy, unit: '%', higherIsBetter: true });
  const seconds = (json.trainSeconds ?? json.wallSeconds) as number | undefined;
  const epochs = Array.isArray(json.history) ? json.history.length : undefined;
  if (typeof seconds === 'number') rows.push({ name: `training wall time${epochs ? `, ${epochs} epochs` : ''}`, value: seconds, unit: 's', higherIsBetter: false });
  return {
    benchmark: (json.benchmark as string | undefined) ?? (json.name as string | undefined) ?? name,
    command: (json.command as string | undefined) ?? '',
    date: (json.date as string | undefined) ?? '',
    machine: (json.machine as string | undefined) ?? '2-core machine (training run)',
    rows,
    notes: [],
  };
}

const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * A row with no single `value` (an ablation run's record, say) still shows what it measured:
 * its numeric fields, so the table never shows a bare '—' for a run that has figures.
 */
export function figures(row: BenchRow): string {
  const skip = new Set(['value', 'peerValue', 'speedup']);
  const shown = Object.entries(row as unknown as Record<string, unknown>)
    .filter(([k, v]) => !skip.has(k) && typeof v === 'number' && Number.isFinite(v))
    .slice(0, 8)
    .map(([k, v]) => `${k} ${fmt(v as number)}`);
  return shown.length ? `: ${shown.join(', ')}` : '';
}

/** One line of issue 17's table: which report and row hold it, and the benchmark that makes it. */
interface HeadlineSpec {
  readonly work: string;
  readonly benchmark: string;
  readonly row: RegExp;
  readonly script: string;
}

/** Issue 17's table (work, ours, peer, ratio), each line found among the reports. */
export const HEADLINES: readonly HeadlineSpec[] = [
  { work: 'CUBA 4000 LIF vs Brian2 cpp_standalone', benchmark: 'cuba', row: /^CUBA 4000 LIF, wasm backend.*cpp_standalone/, script: 'bench/cuba.ts' },
  { work: 'CUBA 4000 LIF vs Brian2 cython', benchmark: 'cuba', row: /^CUBA 4000 LIF, wasm backend.*cython/, script: 'bench/cuba.ts' },
  { work: 'CUBA 4000 LIF vs Brian2 numpy', benchmark: 'cuba', row: /^CUBA 4000 LIF, wasm backend.*numpy/, script: 'bench/cuba.ts' },
  { work: 'CUBA scaling exponent 1k → 128k neurons (goal ≤ 1.05)', benchmark: 'cuba-scaling', row: /^CUBA scaling exponent.*n 1000–/, script: 'bench/cuba-scaling.ts' },
  { work: 'CUBA synapse storage at 128k neurons (goal ≤ 8)', benchmark: 'cuba-scaling', row: /^synapse storage/, script: 'bench/cuba-scaling.ts' },
  { work: 'FF conv 3×16 5×5 training step vs PyTorch CPU, 1 thread', benchmark: 'ff', row: /^FF conv 3×16 5×5.*(1 thread|wasm)(?!.*2 threads)/, script: 'bench/ff.ts' },
  { work: 'BSP MNIST epoch {784,300,300,10} vs numpy BSP reference', benchmark: 'bsp-epoch', row: /^BSP MNIST epoch.*wasm backend/, script: 'bench/bsp-epoch.ts' },
  { work: 'gpu.js fallback (webasm), CUBA step vs our cpu step', benchmark: 'gpu', row: /^CUBA 4000 LIF.*gpu\.js webasm/, script: 'bench/gpu.ts' },
  { work: 'past–future CCA accumulation 10⁶ vs numpy', benchmark: 'cca', row: /^covariance accumulation/, script: 'bench/cca.ts' },
  { work: 'fly 64-pixel row, batch 1 (goal ≥ 500× real time)', benchmark: 'fly-speed', row: /batch 1:/, script: 'bench/fly-speed.ts' },
  { work: 'fly 64-pixel row, batch 16', benchmark: 'fly-speed', row: /batch 16:/, script: 'bench/fly-speed.ts' },
];

/** The issue's table: one line per headline, 'not measured' or 'peer not present' where a figure is missing. */
export function headlineTable(reports: readonly BenchReport[]): string[] {
  const out = ['## Issue 17: neurostream against its peers', '', '| work | ours | unit | peer | peer\'s figure | ratio | date | measured as |', '|---|---|---|---|---|---|---|---|'];
  for (const h of HEADLINES) {
    const report = reports.find((r) => r.benchmark === h.benchmark);
    const row = report?.rows.find((x) => h.row.test(x.name));
    if (!report || !row) {
      out.push(`| ${cell(h.work)} | not measured | | | | | | run \`npx tsx ${h.script}\` |`);
      continue;
    }
    const peer = row.peer === undefined || row.peerValue === undefined ? 'peer not present' : row.peer;
    const ratio = row.speedup === undefined ? '' : `×${row.speedup.toFixed(2)}`;
    out.push(`| ${cell(h.work)} | ${fmt(row.value ?? null)} | ${cell(row.unit)} | ${cell(peer)} | ${row.peerValue === undefined ? '' : fmt(row.peerValue)} | ${ratio} | ${report.date.slice(0, 10)} | ${cell(row.name)} |`);
  }
  out.push('', 'Ratio > 1: ours is ahead. The load average (1 minute) of each side is in the last column; figures from one report come from one invocation.', '');
  return out;
}

/** The README: one table of every row of every report, then each report's command and notes. */
export function renderTable(reports: readonly BenchReport[], bad: readonly string[] = []): string {
  const out: string[] = [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` from `bench/results/*.json`; do not edit by hand.',
    'Ratio = speed-up of ours over the peer in the same run (> 1: ours is faster, whatever the unit).',
    '',
    ...headlineTable(reports),
    '## Every figure',
    '',
    '| benchmark | measure | ours | unit | peer | peer\'s figure | ratio | machine | date |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of reports) {
    for (const row of r.rows) {
      const ratio = row.speedup === undefined ? '' : `×${row.speedup.toFixed(2)}`;
      const named = typeof row.value === 'number' ? row.name : `${row.name}${figures(row)}`;
      const measure = row.note ? `${named} (${row.note})` : named;
      out.push(
        `| ${cell(r.benchmark)} | ${cell(measure)} | ${fmt(row.value ?? null)} | ${cell(row.unit)} | ${cell(row.peer ?? '')} | ${row.peerValue === undefined ? '' : fmt(row.peerValue)} | ${ratio} | ${cell(r.machine)} | ${r.date.slice(0, 10)} |`,
      );
    }
  }
  out.push('', '## How each was made', '');
  for (const r of reports) {
    out.push(`### ${r.benchmark}`, '', `\`${r.command}\``, '');
    for (const n of r.notes ?? []) out.push(`- ${n}`);
    out.push('');
  }
  if (bad.length) out.push('## Unreadable result files', '', ...bad.map((b) => `- ${b}`), '');
  return `${out.join('\n')}\n`;
}

function main(): void {
  const args = process.argv.slice(2);
  const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  let failed = 0;
  if (!args.includes('--table')) {
    for (const b of benchmarks()) {
      if (only && !only.includes(b.name)) continue;
      if (b.slow && !args.includes('--slow') && !only) {
        console.log(`skip ${b.name} (@slow; run with --slow)`);
        continue;
      }
      console.log(`\n=== ${b.name}`);
      const r = spawnSync('nice', ['-n', '10', 'npx', 'tsx', join(BENCH, `${b.name}.ts`)], { stdio: 'inherit' });
      if (r.status !== 0) {
        failed++;
        console.log(`${b.name} failed (exit ${r.status ?? r.signal})`);
      }
    }
  }
  const { reports, bad } = readReports();
  atomicWriteFile(join(BENCH, 'README.md'), renderTable(reports, bad));
  console.log(`\nbench/README.md: ${reports.reduce((n, r) => n + r.rows.length, 0)} rows from ${reports.length} reports`);
  if (failed > 0) process.exit(1);
}

if (process.argv[1] && basename(process.argv[1]) === 'run-all.ts') main();
