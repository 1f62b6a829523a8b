import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { atomicWriteFile } from '../../src/sim/serialize.js';

/** One measured figure, with the peer's figure from the same run where there is one. */
export interface BenchRow {
  /** What was measured, e.g. "CUBA 4000 LIF, 1 s simulated". */
  readonly name: string;
  readonly value: number;
  /** Unit of value, e.g. "s wall / s simulated", "events/s". */
  readonly unit: string;
  /** Whether a higher value is better (for the ratio's reading). */
  readonly higherIsBetter: boolean;
  readonly peer?: string;
  readonly peerValue?: number;
  /** ours / peer expressed as a speed-up (>1 means we are faster/better). */
  readonly speedup?: number;
  readonly note?: string;
  /** The 1-minute load average while ours was measured (median over the runs). */
  readonly load?: number;
  /** The same while the peer was measured. */
  readonly peerLoad?: number;
}

export interface BenchReport {
  readonly benchmark: string;
  readonly command: string;
  readonly date: string;
  readonly machine: string;
  readonly rows: readonly BenchRow[];
  readonly notes: readonly string[];
}

export function machineDescription(): string {
  const c = cpus();
  return `${c.length}× ${c[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
}

/** Speed-up of ours over the peer, whatever the direction of the unit. */
export function speedup(row: Omit<BenchRow, 'speedup'>): number | undefined {
  if (row.peerValue === undefined || row.peerValue === 0 || row.value === 0) return undefined;
  return row.higherIsBetter ? row.value / row.peerValue : row.peerValue / row.value;
}

/** Print the rows as a table and save them to bench/results/<benchmark>.json. */
export function report(benchmark: string, rows: Omit<BenchRow, 'speedup'>[], notes: string[] = []): BenchReport {
  const full: BenchRow[] = rows.map((r) => {
    const s = speedup(r);
    return s === undefined ? { ...r } : { ...r, speedup: s };
  });
  const out: BenchReport = {
    benchmark,
    command: `npx tsx bench/${benchmark}.ts ${process.argv.slice(2).join(' ')}`.trim(),
    date: new Date().toISOString(),
    machine: machineDescription(),
    rows: full,
    notes,
  };
  console.log(`\n${benchmark} — ${out.machine}`);
  for (const r of full) {
    const peer = r.peerValue === undefined ? '' : ` | ${r.peer}: ${fmt(r.peerValue)} | ×${r.speedup?.toFixed(2)}`;
    const load = r.load === undefined ? '' : ` [load ${r.load.toFixed(1)}${r.peerLoad === undefined ? '' : ` / peer ${r.peerLoad.toFixed(1)}`}]`;
    console.log(`  ${r.name}: ${fmt(r.value)} ${r.unit}${peer}${load}${r.note ? ` (${r.note})` : ''}`);
  }
  for (const n of notes) console.log(`  note: ${n}`);
  atomicWriteFile(`bench/results/${benchmark}.json`, `${JSON.stringify(out, null, 2)}\n`);
  return out;
}

/** The 1-minute load average now: printed beside every figure (the 2-core machine is shared). */
export function loadNow(): number {
  return loadavg()[0]!;
}

/** The median (upper median for an even count): every headline figure is a median of ≥ 3 runs. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no runs');
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function fmt(x: number | null): string {
  // JSON writes NaN (a failed run's figure) as null.
  if (x === null || Number.isNaN(x)) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return x.toExponential(3);
  return x.toPrecision(4);
}

/**
 * A Python interpreter that can import the given modules, or null. Debian's packages
 * (python3-numpy, python3-brian, python3-torch) live under /usr/bin/python3, which a
 * pyenv shim may hide, so both are tried.
 */
export function findPython(modules: readonly string[]): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return null;
}

/** Run a Python peer script and parse the JSON lines it prints. */
export function runPython(python: string, script: string, args: string[], timeoutMs = 600_000): Record<string, unknown>[] {
  const out = execFileSync(python, [script, ...args], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
  return out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}
