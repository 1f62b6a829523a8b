import type { SweepJob } from './expand.js';
import type { SweepResult } from './jobDefinition.js';
import type { Parameters } from './sweepFile.js';

/** One line of a sweep's JSON Lines results: a job that finished, or failed for good. */
export interface SweepRecord {
  /** The job's id. */
  readonly id: string;
  /** The job's position in the expanded sweep. */
  readonly index: number;
  /** The sweep's name. */
  readonly sweep: string;
  /** The job's parameters. */
  readonly parameters: Parameters;
  /** The seed it ran with. */
  readonly seed: number;
  /** Which repeat (0-based). */
  readonly repeat: number;
  /** Whether the job finished or failed for good. */
  readonly status: 'ok' | 'failed';
  /** The job's result fields (status 'ok'). */
  readonly result?: SweepResult;
  /** Why the last attempt failed (status 'failed'). */
  readonly error?: string;
  /** Attempts made. */
  readonly attempts: number;
  /** Wall seconds of the last attempt. */
  readonly seconds: number;
  /** Which worker ran it (host:pid or local:k). */
  readonly worker: string;
}

export function okRecord(job: SweepJob, result: SweepResult, attempts: number, seconds: number, worker: string): SweepRecord {
  return { id: job.id, index: job.index, sweep: job.sweep, parameters: job.parameters, seed: job.seed, repeat: job.repeat, status: 'ok', result, attempts, seconds, worker };
}

export function failedRecord(job: SweepJob, error: string, attempts: number, seconds: number, worker: string): SweepRecord {
  return { id: job.id, index: job.index, sweep: job.sweep, parameters: job.parameters, seed: job.seed, repeat: job.repeat, status: 'failed', error, attempts, seconds, worker };
}
