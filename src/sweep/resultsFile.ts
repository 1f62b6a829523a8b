import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { atomicWriteFile } from '../sim/serialize.js';
import type { SweepRecord } from './record.js';

/**
 * A sweep's JSON Lines results. Each job is stored once: opening keeps the jobs that finished
 * (a resumed sweep skips them) and drops failed ones (they run again); `add` ignores a job
 * already stored. A torn last line (a crash mid-write) is dropped with a warning.
 */
export class ResultsFile {
  private readonly done = new Map<string, SweepRecord>();

  constructor(
    /** The JSON Lines file. */
    readonly path: string,
    warn: (message: string) => void = (m) => console.warn(m),
  ) {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      return;
    }
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
    let dropped = 0;
    lines.forEach((line, k) => {
      let r: SweepRecord;
      try {
        r = JSON.parse(line) as SweepRecord;
      } catch {
        warn(`${path} line ${k + 1}: not JSON (a run stopped mid-write?); ignoring it`);
        dropped++;
        return;
      }
      if (r.status === 'ok' && !this.done.has(r.id)) this.done.set(r.id, r);
      else dropped++;
    });
    if (dropped > 0) atomicWriteFile(path, [...this.done.values()].map((r) => `${JSON.stringify(r)}\n`).join(''));
  }

  /** Whether a record with this job id is in the file. */
  has(id: string): boolean {
    return this.done.has(id);
  }

  /** Every record read or appended so far. */
  get records(): SweepRecord[] {
    return [...this.done.values()];
  }

  /** Append a record unless its job is stored already; returns whether it was written. */
  add(record: SweepRecord): boolean {
    if (this.done.has(record.id)) return false;
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
    if (record.status === 'ok') this.done.set(record.id, record);
    return true;
  }
}
