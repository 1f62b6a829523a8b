import type { SweepJob } from './expand.js';
import type { SweepResult } from './jobDefinition.js';
import type { Parameters } from './sweepFile.js';

/** One line of a sweep's JSON Lines results: a job that finished, or failed for good. */
export interface SweepRecord {
  readonly id: string;
  readonly index: number;
  readonly sweep: string;
  readonly parameters: Parameters;
  readonly seed: number;
  readonly repeat: number;
  readonly status: 'ok' | 'failed';
  readonly result?: SweepResult;
  /** Why the last attempt failed (status 'failed'). */
  readonly error?: string;
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
