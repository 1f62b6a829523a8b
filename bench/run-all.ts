/**
 * `npm run bench`: run the benchmarks in bench/*.ts one after another, then regenerate
 * bench/README.md from bench/results/*.json (issue 17's table with the peers' figures from
 * the same run and the load beside each, then every figure of every report).
 *
 * What runs: every script except this runner, files starting with '_', and those named in
 * NOT_BY_DEFAULT or marked `@slow` in their header: slow ones run with `--slow`, tools
 * (scripts that need arguments, or draw plots and analyse models rather than time anything)
 * only when named in `--only`. A benchmark that fails (exit status, signal or `--timeout-min`)
 * is reported with its last lines of output in the README and the run goes on. The run's own
 * record (what ran, exit status, wall and CPU seconds, load) is bench/results/run-all.json.
 *
 * Options: --slow, --only=a,b (names without .ts), --table (only regenerate the README),
 * --nice=N (each benchmark's niceness, default 10: the machine is shared), --timeout-min=M
 * (per benchmark, default 30).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { atomicWriteFile } from '../src/sim/serialize.js';
import { fmt, loadNow, machineDescription, type BenchReport, type BenchRow } from './lib/report.js';

const BENCH = 'bench';
const RESULTS = join(BENCH, 'results');
const RUN_RECORD = 'run-all.json';

/**
 * Scripts `npm run bench` leaves out unless asked, and why. Slow: minutes each estimated from
 * their last reports on this loaded 2-core machine, ~75 min together, where the default set —
 * issue 17's rows and the fast ones — took 12–16 min (2026-12-04, load 5–13). Tools are not
 * benchmarks of speed at all.
 */
export const NOT_BY_DEFAULT: Readonly<Record<string, { readonly kind: 'slow' | 'tool'; readonly why: string }>> = {
  'bsp-gating': { kind: 'slow', why: 'five BSP trainings on 10,000 images (~2 min each): ~10 min' },
  'bsp-method1': { kind: 'slow', why: 'thirteen method-1 trainings of the 784-839-283-96-32-10 tree on 10,000 images: ~25 min' },
  'ff-gpu': { kind: 'slow', why: 'gpu.js fallback FF training steps (20–70 s a batch) and SwiftShader products (40–70 s a call): ~15 min' },
  sweep: { kind: 'slow', why: 'the 24-job fly-DSI sweep four ways (local 1 and 2 workers, Redis, Redis with kills): ~14 min' },
  'bsp-curves': { kind: 'tool', why: 'redraws docs/img/bsp-m2-gating.svg from committed training reports' },
  'ff-plots': { kind: 'tool', why: 'redraws FF training curves from the reports named on its command line' },
  'ff-ablation': { kind: 'tool', why: 'prints or collects the issue-19 ablation runs (needs `commands` or `collect`)' },
  'ff-readout-grid': { kind: 'tool', why: 'fits the linear classifier afresh in variants on a checkpoint named on its command line, scored on held-out training images' },
  'ff-readout-seeds': { kind: 'tool', why: 'fits the linear classifier afresh once per seed on a checkpoint named on its command line and scores each on the test set (the spread of a chosen fit)' },
  'ff-label-offsets': { kind: 'tool', why: 'accuracy analysis of FF checkpoints named on its command line' },
  'ff-state-speed': { kind: 'tool', why: 'times training batches of an FF checkpoint named on its command line against a fresh network of its config' },
  'fly2d-decoding': { kind: 'tool', why: 'decoding accuracy of a saved 2-D model (science, not speed; writes its own record)' },
  'fly2d-reversals': { kind: 'tool', why: 'selectivity reversals of a saved 2-D model (science, not speed; writes its own record)' },
  'fly2d-variants': { kind: 'tool', why: 'trains one 2-D recipe variant per call (name and options as arguments; a named variant appends to fly2d-variants.jsonl)' },
  'fly2d-arms': { kind: 'tool', why: 'splits a saved 2-D model\'s detector drive into its arms (science, not speed)' },
};

export interface BenchScript {
  readonly name: string;
  readonly kind: 'default' | 'slow' | 'tool';
  readonly why?: string;
}

/** Benchmark scripts: bench/*.ts except this runner and files starting with '_'. */
export function benchmarks(dir = BENCH): BenchScript[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && f !== 'run-all.ts')
    .sort()
    .map((f) => {
      const name = basename(f, '.ts');
      const listed = NOT_BY_DEFAULT[name];
      if (listed) return { name, kind: listed.kind, why: listed.why };
      const header = readFileSync(join(dir, f), 'utf8').slice(0, 2000);
      const slow = /@slow\b(.*)/.exec(header);
      return slow ? { name, kind: 'slow' as const, why: `marked @slow in its header${slow[1]!.trim() ? ` ${slow[1]!.trim()}` : ''}` } : { name, kind: 'default' as const };
    });
}

/** What one invocation runs and what it leaves out (with the reason). */
export function selection(scripts: readonly BenchScript[], opts: { only?: readonly string[]; slow?: boolean }): { run: BenchScript[]; skipped: { name: string; why: string }[] } {
  const unknown = opts.only?.filter((n) => !scripts.some((s) => s.name === n)) ?? [];
  if (unknown.length) throw new Error(`--only: no benchmark named ${unknown.join(', ')} in ${BENCH}/ (known: ${scripts.map((s) => s.name).join(', ')})`);
  const run: BenchScript[] = [];
  const skipped: { name: string; why: string }[] = [];
  for (const s of scripts) {
    if (opts.only) {
      if (opts.only.includes(s.name)) run.push(s);
    } else if (s.kind === 'default' || (s.kind === 'slow' && opts.slow)) run.push(s);
    else skipped.push({ name: s.name, why: s.kind === 'slow' ? `slow (run with --slow): ${s.why}` : `tool (run with --only=${s.name}): ${s.why}` });
  }
  return { run, skipped };
}

/** One benchmark's run: how it ended, how long it took, and its last lines when it failed. */
export interface RunResult {
  readonly name: string;
  /** Exit status; null when it was ended by a signal (then `signal`). */
  readonly status: number | null;
  readonly signal?: string;
  readonly timedOut?: boolean;
  readonly started: string;
  readonly wallSeconds: number;
  /** CPU seconds of the benchmark's process tree (Linux: the runner's waited-for children). */
  readonly cpuSeconds?: number;
  readonly loadStart: number;
  readonly loadEnd: number;
  /** The last lines it printed (stdout and stderr together), kept for a failure. */
  readonly tail: readonly string[];
  /** Result files whose date is at or after its start: what this run produced. */
  readonly reports: readonly string[];
}

/** The run record in bench/results/run-all.json. */
export interface RunRecord {
  readonly benchmark: 'run-all';
  readonly command: string;
  readonly date: string;
  readonly machine: string;
  readonly finished: string;
  readonly wallSeconds: number;
  readonly results: readonly RunResult[];
  readonly skipped: readonly { name: string; why: string }[];
  readonly notes: readonly string[];
}

export const failed = (r: RunResult) => r.status !== 0;

/** CPU seconds used by this process's waited-for children (Linux /proc; undefined elsewhere). */
function childCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17, in clock ticks (100 a second on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

const TAIL_LINES = 25;

/** Run one benchmark through tsx at the given niceness, echoing its output and keeping the last lines. */
export function runBenchmark(name: string, opts: { nice: number; timeoutMinutes: number; command?: readonly string[]; echo?: boolean }): Promise<RunResult> {
  const started = new Date();
  const loadStart = loadNow();
  const cpu0 = childCpuSeconds();
  const t0 = performance.now();
  const argv = opts.command ?? ['npx', 'tsx', join(BENCH, `${name}.ts`)];
  // detached: its own process group, so a timeout ends tsx's node and any peers it started.
  const child = spawn('nice', ['-n', `${opts.nice}`, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const lines: string[] = [];
  let partial = '';
  const keep = (chunk: Buffer, to: NodeJS.WriteStream) => {
    if (opts.echo !== false) to.write(chunk);
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    if (lines.length > 4 * TAIL_LINES) lines.splice(0, lines.length - TAIL_LINES);
  };
  child.stdout.on('data', (c: Buffer) => keep(c, process.stdout));
  child.stderr.on('data', (c: Buffer) => keep(c, process.stderr));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }, opts.timeoutMinutes * 60_000);
  return new Promise((resolve) => {
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      if (partial) lines.push(partial);
      const cpu1 = childCpuSeconds();
      resolve({
        name,
        status,
        ...(signal ? { signal } : {}),
        ...(timedOut ? { timedOut } : {}),
        started: started.toISOString(),
        wallSeconds: (performance.now() - t0) / 1000,
        ...(cpu0 !== undefined && cpu1 !== undefined ? { cpuSeconds: cpu1 - cpu0 } : {}),
        loadStart,
        loadEnd: loadNow(),
        tail: status === 0 ? [] : lines.slice(-TAIL_LINES),
        reports: reportsSince(started),
      });
    });
    child.on('error', (e) => {
      lines.push(`could not start: ${e.message}`);
    });
  });
}

/** Result files (bench/results/*.json) whose `date` is at or after `t`. */
function reportsSince(t: Date, dir = RESULTS): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== RUN_RECORD)
    .filter((f) => {
      try {
        const d = (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { date?: unknown }).date;
        return typeof d === 'string' && new Date(d).getTime() >= t.getTime();
      } catch {
        return false;
      }
    });
}

/** Records in bench/results that are not bench reports by design: what they hold. */
export const RECORDS: Readonly<Record<string, string>> = {
  'fly-heldout.json': 'per-subtype details of the held-out runs of bench/fly.ts (its table rows are in fly.json)',
  'fly2d-decoding.json': "bench/fly2d-decoding.ts's decoding accuracies of a saved 2-D model",
};

/** A report read from bench/results, with the file it came from. */
export type ReadReport = BenchReport & { readonly file: string };

/** Why a parsed result file is not a proper bench report, or null when it is one. */
export function notABenchReport(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'not a JSON object';
  const r = json as Record<string, unknown>;
  if (typeof r.benchmark !== 'string' || r.benchmark === '') return 'no `benchmark` name';
  if (typeof r.command !== 'string') return 'no `command` that made it';
  if (typeof r.date !== 'string' || Number.isNaN(new Date(r.date).getTime())) return 'no valid `date`';
  if (!Array.isArray(r.rows)) return 'no `rows`';
  for (const [k, row] of (r.rows as unknown[]).entries()) {
    if (typeof row !== 'object' || row === null) return `row ${k} is not an object`;
    const x = row as Record<string, unknown>;
    if (typeof x.name !== 'string' || x.name === '') return `row ${k} has no name`;
    if (typeof x.unit !== 'string' && x.value !== undefined) return `row ${k} ('${x.name}') has no unit`;
    if (x.value !== undefined && x.value !== null && typeof x.value !== 'number') return `row ${k} ('${x.name}') has a value that is not a number`;
  }
  return null;
}

/**
 * Every report in bench/results, in name order, each checked to be a proper bench report;
 * files that are not (and why) are named in `bad`. Training records (neurostream ff / bsp
 * --report) are turned into rows; the run record comes back as `run`.
 */
export function readReports(dir = RESULTS): { reports: ReadReport[]; bad: string[]; run?: RunRecord } {
  const reports: ReadReport[] = [];
  const bad: string[] = [];
  let run: RunRecord | undefined;
  if (!existsSync(dir)) return { reports, bad };
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    try {
      const json = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
      if (f === RUN_RECORD) {
        run = json as unknown as RunRecord;
        continue;
      }
      const r = Array.isArray(json.rows) ? json : trainingReport(basename(f, '.json'), json);
      const why = notABenchReport(r);
      if (why) throw new Error(`not a bench report: ${why}`);
      reports.push({ ...(r as unknown as BenchReport), file: f });
    } catch (e) {
      bad.push(`${f}: ${(e as Error).message}${RECORDS[f] ? ` — ${RECORDS[f]}` : ''}`);
    }
  }
  return { reports, bad, ...(run ? { run } : {}) };
}

/**
 * Training runs (neurostream ff / bsp --report) write their own records; their headline
 * figures — test accuracies and training time — become table rows here. A record with none
 * of those figures is not a report.
 */
export function trainingReport(name: string, json: Record<string, unknown>): BenchReport {
  const rows: BenchRow[] = [];
  const test = json.test as Record<string, number> | undefined;
  const count = test?.count ?? (json.testImages as number | undefined);
  const images = count ? ` on ${count} test images` : '';
  if (test) {
    for (const [k, v] of Object.entries(test)) if (k !== 'count' && typeof v === 'number') rows.push({ name: `test accuracy (${k})${images}`, value: 100 * v, unit: '%', higherIsBetter: true });
  }
  const refit = json.readoutRefit as { linear?: number; evaluated?: number; epochs?: number; lrStart?: number; schedule?: string; weightDecay?: number; validationImages?: number } | undefined;
  if (typeof refit?.linear === 'number') {
    // how it was fitted, where that differs from the first fits' recipe (cool-down by epoch, no decay, all images)
    const how = [
      refit.schedule === 'step' ? 'cool-down every step' : '',
      refit.weightDecay ? `weight decay ${refit.weightDecay}` : '',
      refit.lrStart !== undefined && (refit.schedule === 'step' || refit.weightDecay) ? `Adam ${refit.lrStart}` : '',
      refit.validationImages ? `${refit.validationImages} held out` : '',
    ].filter(Boolean);
    rows.push({ name: `test accuracy (linear classifier fitted afresh on the final features, ${refit.epochs} epochs${how.map((h) => `, ${h}`).join('')}) on ${refit.evaluated} test images`, value: 100 * refit.linear, unit: '%', higherIsBetter: true });
  }
  if (typeof json.finalTestAccuracy === 'number') rows.push({ name: `test accuracy${images}`, value: 100 * json.finalTestAccuracy, unit: '%', higherIsBetter: true });
  const seconds = (json.trainSeconds ?? json.wallSeconds) as number | undefined;
  const epochs = Array.isArray(json.history) ? json.history.length : undefined;
  // the 1-minute load average each epoch recorded at its end (ff records since issue 19), averaged
  const loads = Array.isArray(json.history) ? (json.history as { loadAverage?: unknown }[]).map((h) => (Array.isArray(h.loadAverage) ? h.loadAverage[0] : undefined)).filter((l): l is number => typeof l === 'number') : [];
  const load = loads.length ? { load: loads.reduce((a, b) => a + b, 0) / loads.length } : {};
  const loadNote = loads.length ? ` (load: mean of ${loads.length} epochs' 1-min average at their end)` : '';
  if (typeof seconds === 'number') rows.push({ name: `training wall time${epochs ? `, ${epochs} epoch${epochs === 1 ? '' : 's'}` : ''}${loadNote}`, value: seconds, unit: 's', higherIsBetter: false, ...load });
  if (rows.length === 0) throw new Error('not a bench report: no `benchmark`, `rows`, test accuracy or training time');
  return {
    benchmark: (json.benchmark as string | undefined) ?? (json.name as string | undefined) ?? name,
    command: (json.command as string | undefined) ?? '',
    // A training record may carry no date: the table then shows none rather than failing.
    date: (json.date as string | undefined) ?? new Date(0).toISOString(),
    machine: (json.machine as string | undefined) ?? '2-core machine (training run)',
    rows,
    notes: [],
  };
}

const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
const day = (date: string) => (new Date(date).getTime() === 0 ? '' : date.slice(0, 10));

/**
 * A row with no single `value` (an ablation run's record, say) still shows what it measured:
 * its numeric fields, so the table never shows a bare '—' for a run that has figures.
 */
export function figures(row: BenchRow): string {
  const skip = new Set(['value', 'peerValue', 'speedup', 'load', 'peerLoad']);
  const shown = Object.entries(row as unknown as Record<string, unknown>)
    .filter(([k, v]) => !skip.has(k) && typeof v === 'number' && Number.isFinite(v))
    .slice(0, 8)
    .map(([k, v]) => `${k} ${fmt(v as number)}`);
  return shown.length ? `: ${shown.join(', ')}` : '';
}

/** The load average beside a row's figures: its `load`/`peerLoad` fields, else the "load X" its name states. */
export function loadOf(row: BenchRow): string {
  if (row.load !== undefined) return `${row.load.toFixed(1)}${row.peerLoad === undefined ? '' : ` / peer ${row.peerLoad.toFixed(1)}`}`;
  const named = [...row.name.matchAll(/load (\d+(?:\.\d+)?)/g)].map((m) => m[1]!);
  if (named.length === 0) return /%|accuracy|exponent|bytes/.test(`${row.unit} ${row.name}`) && !/ s\b|ms|real time/.test(row.unit) ? '(not a timing)' : 'not recorded';
  return named.length === 1 ? named[0]! : `${named[0]} / peer ${named.slice(1).join(', ')}`;
}

/** One line of issue 17's table: which report and row hold it, and the benchmark that makes it. */
interface HeadlineSpec {
  readonly work: string;
  /** The report file's name without .json (the benchmark script's name). */
  readonly benchmark: string;
  readonly row: RegExp;
  readonly script: string;
  /** A goal with no peer (the scaling exponent, the bytes per synapse). */
  readonly peerless?: true;
}

/** Issue 17's table (work, ours, peer, ratio), each line found among the reports. */
export const HEADLINES: readonly HeadlineSpec[] = [
  { work: 'CUBA 4000 LIF vs Brian2 cpp_standalone', benchmark: 'cuba', row: /^CUBA 4000 LIF, wasm backend.*cpp_standalone/, script: 'bench/cuba.ts' },
  { work: 'CUBA 4000 LIF vs Brian2 cython', benchmark: 'cuba', row: /^CUBA 4000 LIF, wasm backend.*cython/, script: 'bench/cuba.ts' },
  { work: 'CUBA 4000 LIF vs Brian2 numpy', benchmark: 'cuba', row: /^CUBA 4000 LIF, wasm backend.*numpy/, script: 'bench/cuba.ts' },
  { work: 'CUBA scaling exponent 1k → 128k neurons (goal ≤ 1.05)', benchmark: 'cuba-scaling', row: /^CUBA scaling exponent.*n 1000–/, script: 'bench/cuba-scaling.ts', peerless: true },
  { work: 'CUBA synapse storage at 128k neurons (goal ≤ 8)', benchmark: 'cuba-scaling', row: /^synapse storage/, script: 'bench/cuba-scaling.ts', peerless: true },
  { work: 'FF conv 3×16 5×5 training step vs PyTorch CPU, 1 thread each (CPU time)', benchmark: 'ff', row: /^FF conv 3×16 5×5.*wasm backend, 1 thread, CPU ms.*PyTorch CPU, 1 thread/, script: 'bench/ff.ts' },
  { work: 'FF conv 3×16 5×5 training step vs PyTorch CPU, 2 threads each (wall time)', benchmark: 'ff', row: /^FF conv 3×16 5×5.*wasm backend, 2 threads, wall ms.*PyTorch CPU, 2 threads/, script: 'bench/ff.ts' },
  { work: 'BSP MNIST epoch {784,300,300,10} vs a numpy peer of the same model', benchmark: 'bsp-epoch', row: /^BSP MNIST epoch.*wasm backend, 1 thread, CPU time/, script: 'bench/bsp-epoch.ts' },
  { work: 'gpu.js fallback (webasm), CUBA step vs our cpu step', benchmark: 'gpu', row: /^CUBA 4000 LIF.*gpu\.js webasm/, script: 'bench/gpu.ts' },
  { work: 'past–future CCA accumulation 10⁶ vs numpy', benchmark: 'cca', row: /^covariance accumulation/, script: 'bench/cca.ts' },
  { work: 'fly 64-pixel row, batch 1 (goal ≥ 500× real time)', benchmark: 'fly-speed', row: /batch 1:/, script: 'bench/fly-speed.ts' },
  { work: 'fly 64-pixel row, batch 16', benchmark: 'fly-speed', row: /batch 16:/, script: 'bench/fly-speed.ts' },
];

/** The issue's table: one line per headline, 'not measured' or 'peer missing' where a figure is missing. */
export function headlineTable(reports: readonly ReadReport[], run?: RunRecord): string[] {
  const out = [
    '## Issue 17: neurostream against its peers',
    '',
    '| work | ours | unit | peer | peer\'s figure | ratio | load (1 min) | date | measured as |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const runStart = run ? new Date(run.date).getTime() : undefined;
  for (const h of HEADLINES) {
    const report = reports.find((r) => r.file === `${h.benchmark}.json`);
    const row = report?.rows.find((x) => h.row.test(x.name));
    if (!report || !row) {
      out.push(`| ${cell(h.work)} | not measured | | | | | | | run \`npx tsx ${h.script}\` |`);
      continue;
    }
    const missing = row.peer === undefined || row.peerValue === undefined;
    const peer = !missing ? row.peer : h.peerless ? '(a goal: no peer)' : 'peer missing: not measured in this run (see the report\'s notes)';
    const ratio = row.speedup === undefined ? '' : `×${row.speedup.toFixed(2)}`;
    const older = runStart !== undefined && new Date(report.date).getTime() < runStart ? ' (before the last run)' : '';
    out.push(
      `| ${cell(h.work)} | ${fmt(row.value ?? null)} | ${cell(row.unit)} | ${cell(peer)} | ${row.peerValue === undefined ? '' : fmt(row.peerValue)} | ${ratio} | ${loadOf(row)} | ${day(report.date)}${older} | ${cell(row.name)} |`,
    );
  }
  out.push('', 'Ratio > 1: ours is ahead. Ours and the peer\'s figure of a line come from one invocation of its benchmark.', '');
  return out;
}

/** The header's account of the last run: what ran, how long, what failed (with its last lines), what was left out. */
export function runSection(run: RunRecord | undefined, reports: readonly ReadReport[] = []): string[] {
  if (!run) return ['No run record (bench/results/run-all.json): the figures below come from single benchmark runs.', ''];
  const mins = (s: number) => `${(s / 60).toFixed(1)} min`;
  const out = [
    '## The last run',
    '',
    `\`${run.command}\`: started ${run.date.slice(0, 16).replace('T', ' ')} UTC, finished ${run.finished.slice(0, 16).replace('T', ' ')} UTC, ` +
      `${mins(run.wallSeconds)} wall on ${run.machine}.`,
    '',
    '| benchmark | result | wall s | CPU s | load at start → end | reports written |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of run.results) {
    const rerun = new Date(r.started).getTime() > new Date(run.finished).getTime() ? `, re-run alone at ${r.started.slice(11, 16)} UTC` : '';
    const result = (r.status === 0 ? 'ok' : r.timedOut ? 'timed out' : `failed (exit ${r.status ?? r.signal})`) + rerun;
    const cpu = r.cpuSeconds === undefined ? '' : r.cpuSeconds.toFixed(0);
    // only reports dated within the benchmark's run: not the one before it, nor a later --only re-run's
    const from = new Date(r.started).getTime();
    const kept = r.reports.filter((f) => {
      const now = reports.find((x) => x.file === f);
      const t = now ? new Date(now.date).getTime() : from;
      return t >= from && t <= from + 1000 * r.wallSeconds;
    });
    const written = kept.length ? kept.join(', ') : r.status === 0 ? 'none (it wrote no report)' : 'none';
    out.push(`| ${r.name} | ${result} | ${r.wallSeconds.toFixed(0)} | ${cpu} | ${r.loadStart.toFixed(1)} → ${r.loadEnd.toFixed(1)} | ${cell(written)} |`);
  }
  out.push('');
  const failures = run.results.filter(failed);
  if (failures.length) {
    out.push('### Failed in the last run', '');
    for (const r of failures) {
      out.push(`**${r.name}**: ${r.timedOut ? 'timed out, then ended' : `exit ${r.status ?? r.signal}`}; its last lines:`, '', '```', ...r.tail.map((l) => l.replace(/```/g, "'''")), '```', '');
    }
  }
  if (run.skipped.length) {
    out.push(
      '### Not run by default',
      '',
      'The default set is issue 17\'s rows and the fast benchmarks; the slow ones below would add about 75 minutes together (estimated from their last reports on this 2-core machine), so they wait for `--slow`, and tools for `--only`.',
      '',
      ...run.skipped.map((s) => `- **${s.name}**: ${s.why}`),
      '',
    );
  }
  for (const n of run.notes) out.push(`- ${n}`);
  if (run.notes.length) out.push('');
  return out;
}

/** The README: the last run, issue 17's table, one table of every row of every report, then each report's command and notes. */
export function renderTable(reports: readonly ReadReport[], bad: readonly string[] = [], run?: RunRecord): string {
  const out: string[] = [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` from `bench/results/*.json`; do not edit by hand.',
    'Ratio = speed-up of ours over the peer in the same run (> 1: ours is faster, whatever the unit).',
    '',
    ...runSection(run, reports),
    ...headlineTable(reports, run),
    '## Every figure',
    '',
    '| benchmark | measure | ours | unit | peer | peer\'s figure | ratio | load (1 min) | machine | date |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of reports) {
    const label = r.file === `${r.benchmark}.json` ? r.benchmark : `${r.benchmark} (${r.file})`;
    for (const row of r.rows) {
      const ratio = row.speedup === undefined ? '' : `×${row.speedup.toFixed(2)}`;
      const named = typeof row.value === 'number' ? row.name : `${row.name}${figures(row)}`;
      const measure = row.note ? `${named} (${row.note})` : named;
      out.push(
        `| ${cell(label)} | ${cell(measure)} | ${fmt(row.value ?? null)} | ${cell(row.unit)} | ${cell(row.peer ?? '')} | ${row.peerValue === undefined ? '' : fmt(row.peerValue)} | ${ratio} | ${loadOf(row)} | ${cell(r.machine)} | ${day(r.date)} |`,
      );
    }
  }
  out.push('', '## How each was made', '');
  for (const r of reports) {
    out.push(`### ${r.file === `${r.benchmark}.json` ? r.benchmark : `${r.benchmark} (${r.file})`}`, '', `\`${r.command}\``, '');
    for (const n of r.notes ?? []) out.push(`- ${n}`);
    out.push('');
  }
  if (bad.length) out.push('## Result files that are not bench reports', '', ...bad.map((b) => `- ${b}`), '');
  return `${out.join('\n')}\n`;
}

/** With --only, the earlier run's record keeps its other benchmarks and takes the new results in their place. */
function mergeRecord(previous: RunRecord | undefined, next: RunRecord, only: readonly string[] | undefined): RunRecord {
  if (!only || !previous) return next;
  const results = previous.results.map((r) => next.results.find((n) => n.name === r.name) ?? r);
  for (const n of next.results) if (!results.some((r) => r.name === n.name)) results.push(n);
  return {
    ...previous,
    results,
    notes: [...previous.notes, `${only.join(', ')} re-run alone at ${next.date.slice(0, 16).replace('T', ' ')} UTC (\`${next.command}\`, ${(next.wallSeconds / 60).toFixed(1)} min)`],
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const only = opt('only')?.split(',').filter(Boolean);
  const nice = Number(opt('nice') ?? '10');
  const timeoutMinutes = Number(opt('timeout-min') ?? '30');
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) throw new Error(`--nice=${opt('nice')}: expected an integer 0–19`);
  if (!(timeoutMinutes > 0)) throw new Error(`--timeout-min=${opt('timeout-min')}: expected minutes > 0`);
  let record: RunRecord | undefined;
  if (!args.includes('--table')) {
    const { run, skipped } = selection(benchmarks(), { ...(only ? { only } : {}), slow: args.includes('--slow') });
    for (const s of skipped) console.log(`skip ${s.name}: ${s.why}`);
    const started = new Date();
    const t0 = performance.now();
    const results: RunResult[] = [];
    for (const b of run) {
      console.log(`\n=== ${b.name} (load ${loadNow().toFixed(1)})`);
      const r = await runBenchmark(b.name, { nice, timeoutMinutes });
      results.push(r);
      console.log(`=== ${b.name}: ${r.status === 0 ? 'ok' : r.timedOut ? 'timed out' : `failed (exit ${r.status ?? r.signal})`}, ${r.wallSeconds.toFixed(0)} s wall`);
    }
    const next: RunRecord = {
      benchmark: 'run-all',
      command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
      date: started.toISOString(),
      machine: machineDescription(),
      finished: new Date().toISOString(),
      wallSeconds: (performance.now() - t0) / 1000,
      results,
      skipped,
      notes: [`each benchmark at nice ${nice}, timeout ${timeoutMinutes} min; load = 1-minute load average of the 2-core machine, shared with other jobs`],
    };
    record = mergeRecord(readReports().run, next, only);
    atomicWriteFile(join(RESULTS, RUN_RECORD), `${JSON.stringify(record, null, 2)}\n`);
  }
  const { reports, bad, run } = readReports();
  atomicWriteFile(join(BENCH, 'README.md'), renderTable(reports, bad, record ?? run));
  console.log(`\nbench/README.md: ${reports.reduce((n, r) => n + r.rows.length, 0)} rows from ${reports.length} reports`);
  const failures = (record?.results ?? []).filter(failed);
  if (failures.length) {
    console.log(`failed: ${failures.map((f) => f.name).join(', ')}`);
    process.exit(1);
  }
}

if (process.argv[1] && basename(process.argv[1]) === 'run-all.ts') await main();
