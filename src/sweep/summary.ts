import { writeSvg, type VegaLiteSpec } from '../analysis/plot.js';
import { canonicalJson } from './expand.js';
import type { SweepRecord } from './record.js';
import type { Parameters } from './sweepFile.js';

/** One parameter set's results over its seeds and repeats. */
export interface SummaryRow {
  /** The parameter set. */
  readonly parameters: Parameters;
  /** Runs that finished. */
  readonly runs: number;
  /** Runs that failed. */
  readonly failed: number;
  /** Mean and sample standard deviation of each numeric result field. */
  readonly fields: Readonly<
    Record<
      string,
      {
        /** Mean over the finished runs. */
        mean: number;
        /** Sample standard deviation. */
        sd: number;
      }
    >
  >;
}

/** The numbers in a result, nested objects' as dotted names (test.goodness); arrays are skipped. */
function numbers(o: Record<string, unknown>, prefix = '', out: Record<string, number> = {}): Record<string, number> {
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'number' && Number.isFinite(v)) out[prefix + k] = v;
    else if (v !== null && typeof v === 'object' && !Array.isArray(v) && prefix.split('.').length < 3) numbers(v as Record<string, unknown>, `${prefix}${k}.`, out);
  }
  return out;
}

/** Group records by parameter set (in sweep order) and average numeric result fields. */
export function summarize(records: readonly SweepRecord[]): SummaryRow[] {
  const groups = new Map<string, SweepRecord[]>();
  for (const r of [...records].sort((a, b) => a.index - b.index)) {
    const key = canonicalJson(r.parameters);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((rs) => {
    const ok = rs.filter((r) => r.status === 'ok');
    const flat = ok.map((r) => numbers(r.result ?? {}));
    const names = [...new Set(flat.flatMap((f) => Object.keys(f)))];
    const fields: Record<string, { mean: number; sd: number }> = {};
    for (const f of names) {
      const xs = flat.map((r) => r[f]).filter((x): x is number => x !== undefined);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
      fields[f] = { mean, sd };
    }
    return { parameters: rs[0]!.parameters, runs: rs.length, failed: rs.length - ok.length, fields };
  });
}

const fmt = (x: number) => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(2) : x.toFixed(3));

/** The summary as a Markdown table: parameters, runs, failures, mean ± sd of each field. */
export function summaryTable(rows: readonly SummaryRow[]): string {
  if (rows.length === 0) return '(no results)\n';
  const params = [...new Set(rows.flatMap((r) => Object.keys(r.parameters)))];
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r.fields)))];
  const head = [...params, 'runs', 'failed', ...fields];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const cells = [
      ...params.map((p) => String(r.parameters[p] ?? '')),
      String(r.runs),
      String(r.failed),
      ...fields.map((f) => (r.fields[f] ? `${fmt(r.fields[f].mean)}${r.runs - r.failed > 1 ? ` ± ${fmt(r.fields[f].sd)}` : ''}` : '—')),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Plot a result field's mean against one parameter, one line per value of another. */
export function summaryPlot(rows: readonly SummaryRow[], plot: { x: string; y: string; color?: string }, title: string): VegaLiteSpec {
  const values = rows
    .filter((r) => r.fields[plot.y] !== undefined)
    .map((r) => ({ x: r.parameters[plot.x], y: r.fields[plot.y]!.mean, sd: r.fields[plot.y]!.sd, series: plot.color ? `${plot.color} = ${String(r.parameters[plot.color])}` : plot.y }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 420,
    height: 240,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: plot.x },
      y: { field: 'y', type: 'quantitative', title: `${plot.y} (mean over seeds)` },
      color: { field: 'series', type: 'nominal', title: null },
    },
  } as VegaLiteSpec;
}

export async function writeSummaryPlot(path: string, rows: readonly SummaryRow[], plot: { x: string; y: string; color?: string }, title: string): Promise<void> {
  await writeSvg(path, summaryPlot(rows, plot, title));
}
