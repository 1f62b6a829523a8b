/**
 * The memory budget: the most bytes one allocation that a file, a flag or a size asks for
 * may take. Loaders and builders compare the size an input declares (a PNG's width × height,
 * an IDX header, a model's layer sizes, a population's units, a delay) against it *before*
 * allocating, and say how much would have been needed. Default 2 GiB; raise it with the
 * NEUROSTREAM_MEMORY_BUDGET environment variable ('8GiB', '512MiB', or bytes) or
 * `setMemoryBudget`.
 */
import { NeurostreamError, SpecError } from './errors.js';

/** The budget when neither the environment variable nor `setMemoryBudget` sets one: 2 GiB, in bytes. */
export const DEFAULT_MEMORY_BUDGET = 2 * 2 ** 30;

/**
 * An input asks for more memory than the budget allows: the one error for every size check
 * (files, populations, delays, dense weights, run recordings). `hint` says how to ask for less.
 */
export class MemoryBudgetError extends NeurostreamError {
  constructor(
    /** What asked for the memory: a file, a population, a flag. */
    readonly what: string,
    /** Bytes it would need. */
    readonly needed: number,
    /** The budget in force, in bytes. */
    readonly budget: number,
    /** How to ask for less (default 'check the sizes'). */
    hint = 'check the sizes',
  ) {
    super(
      `${what} would need ${formatBytes(needed)}, more than the memory budget of ${formatBytes(budget)}; ` +
        `${hint}, or raise the budget with NEUROSTREAM_MEMORY_BUDGET (e.g. 8GiB) or setMemoryBudget()`,
    );
  }
}

/** How one check may differ from the process-wide budget. */
export interface AllocationCheck {
  /** How to ask for less, for the message (default 'check the sizes'). */
  readonly hint?: string;
  /** A budget for this check only, in bytes (e.g. `run({ memoryBudget })`); default `memoryBudget()`. */
  readonly budget?: number;
}

let override: number | null = null;

/** Bytes as people read them: '1.5 GiB', '200 MiB', '512 B'. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} bytes`;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = bytes;
  let k = 0;
  while (v >= 1024 && k < units.length - 1) {
    v /= 1024;
    k++;
  }
  return `${k === 0 ? v : +v.toPrecision(3)} ${units[k]}`;
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, kib: 2 ** 10, m: 1e6, mb: 1e6, mib: 2 ** 20, g: 1e9, gb: 1e9, gib: 2 ** 30, t: 1e12, tb: 1e12, tib: 2 ** 40 };

/** '8GiB', '512 MiB', '1e9' → bytes; a SpecError naming `field` otherwise. */
export function parseByteSize(field: string, text: string): number {
  const t = text.trim().toLowerCase();
  let k = 0;
  while (k < t.length && ((t[k]! >= '0' && t[k]! <= '9') || t[k] === '.' || t[k] === 'e' || t[k] === '+')) k++;
  const n = Number(t.slice(0, k));
  const unit = SIZE_UNITS[t.slice(k).trim()];
  if (k === 0 || !Number.isFinite(n) || n <= 0 || unit === undefined) {
    throw new SpecError(field, `expected a size like '8GiB', '512MiB' or a number of bytes, got '${text}'`);
  }
  return Math.floor(n * unit);
}

/** The budget in bytes now: setMemoryBudget's value, else the environment's, else 2 GiB. */
export function memoryBudget(): number {
  if (override !== null) return override;
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NEUROSTREAM_MEMORY_BUDGET;
  return env === undefined || env.trim() === '' ? DEFAULT_MEMORY_BUDGET : parseByteSize('NEUROSTREAM_MEMORY_BUDGET', env);
}

/** Set the budget in bytes (null: back to the environment or the default); returns the previous one. */
export function setMemoryBudget(bytes: number | null): number | null {
  if (bytes !== null && (!Number.isFinite(bytes) || bytes <= 0)) throw new SpecError('setMemoryBudget', `expected a positive number of bytes, got ${bytes}`);
  const previous = override;
  override = bytes;
  return previous;
}

/**
 * Throw a MemoryBudgetError naming `what` when `bytes` (what an input asks to allocate) is
 * over the budget, or is not a finite size at all.
 */
export function checkAllocation(what: string, bytes: number, options: AllocationCheck = {}): void {
  const budget = options.budget ?? memoryBudget();
  if (!(bytes <= budget)) throw new MemoryBudgetError(what, bytes, budget, options.hint);
}
