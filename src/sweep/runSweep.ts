import { atomicWriteFile } from '../sim/serialize.js';
import { expandSweep, type SweepJob } from './expand.js';
import { runLocalPool } from './localPool.js';
import { runOnQueue } from './queueSubmit.js';
import type { SweepRecord } from './record.js';
import { checkJobs } from './resolveJob.js';
import { ResultsFile } from './resultsFile.js';
import { summarize, summaryTable, writeSummaryPlot, type SummaryRow } from './summary.js';
import type { Sweep } from './sweepFile.js';

/** Options of `runSweep`. */
export interface SweepRunOptions {
  /** Local worker processes (default: one per core). Ignored with `queue`. */
  readonly workers?: number;
  /** redis://host:port — run through BullMQ there instead of locally. */
  readonly queue?: string;
  /** The BullMQ queue's name (with `queue`; default: neurostream's). */
  readonly queueName?: string;
  /** Called after each job: done (this run + resumed), total, failed so far. */
  readonly onProgress?: (done: number, total: number, failed: number) => void;
  /** Where warnings go (default console.warn). */
  readonly warn?: (message: string) => void;
}

/** What `runSweep` returns. */
export interface SweepOutcome {
  /** Every job of the sweep, in order. */
  readonly jobs: readonly SweepJob[];
  /** This sweep's records in job order (finished earlier or now, and failures of this run). */
  readonly records: readonly SweepRecord[];
  /** Jobs skipped because the results file had them. */
  readonly resumed: number;
  /** Records of jobs that failed in this run. */
  readonly failed: readonly SweepRecord[];
  /** One row per parameter set. */
  readonly summary: readonly SummaryRow[];
  /** The Markdown summary (also written beside the results as <name>.summary.md). */
  readonly table: string;
  /** Files written: results, summary, plot. */
  readonly files: readonly string[];
}

/**
 * Run a sweep: expand it into jobs, check every job's parameters, skip jobs the results file
 * holds already, run the rest locally or through the queue, stream each result into the
 * JSON Lines file, then write the summary table (and plot, if the sweep asks for one).
 */
export async function runSweep(sweep: Sweep, options: SweepRunOptions = {}): Promise<SweepOutcome> {
  const jobs = expandSweep(sweep);
  await checkJobs(sweep, jobs);
  const file = new ResultsFile(sweep.output, options.warn);
  const todo = jobs.filter((j) => !file.has(j.id));
  const resumed = jobs.length - todo.length;
  const failures = new Map<string, SweepRecord>();
  let done = resumed;
  options.onProgress?.(done, jobs.length, 0);
  const onRecord = (r: SweepRecord) => {
    if (!file.add(r) || r.status === 'ok') failures.delete(r.id);
    if (r.status === 'failed') failures.set(r.id, r);
    done++;
    options.onProgress?.(done, jobs.length, failures.size);
  };
  const policy = { timeLimitMs: sweep.timeLimitMs, retries: sweep.retries, backoffMs: sweep.backoffMs };
  if (todo.length > 0) {
    if (options.queue) await runOnQueue(todo, policy, { url: options.queue, queueName: options.queueName, onRecord, warn: options.warn });
    else await runLocalPool(todo, policy, { workers: options.workers, onRecord });
  }
  const byId = new Map(file.records.map((r) => [r.id, r]));
  const records = jobs.map((j) => byId.get(j.id) ?? failures.get(j.id)).filter((r): r is SweepRecord => r !== undefined);
  const summary = summarize(records);
  const table = summaryTable(summary);
  const base = sweep.output.replace(/\.jsonl$/, '');
  const files = [sweep.output, `${base}.summary.md`];
  atomicWriteFile(files[1]!, `# Sweep ${sweep.name}\n\n${table}`);
  if (sweep.plot) {
    files.push(`${base}.svg`);
    await writeSummaryPlot(files[2]!, summary, sweep.plot, `${sweep.name}: ${sweep.plot.y}`);
  }
  return { jobs, records, resumed, failed: [...failures.values()], summary, table, files };
}
