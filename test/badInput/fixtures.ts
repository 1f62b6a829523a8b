import { afterAll, expect } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What the bad-input suites (issue 15) share: a temp folder per suite, catching what a call
 * throws, the memory bound they state, and a quiet console while a command runs.
 */

/** The memory bound every bad-input case states: what one bad input may add to the heap and typed-array buffers. */
export const MEMORY_BOUND = 64 * 2 ** 20;

/** Bytes on the JS heap plus typed-array buffers (a huge Float32Array is not heap). */
export const memoryInUse = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;

/** A fresh folder under the system temp folder, removed when the suite ends. */
export function suiteTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** What `f` throws, or undefined when it returns. */
export function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

/** What `f` throws; the test fails when it throws nothing. */
export function thrown(f: () => unknown): Error {
  const e = caught(f);
  if (e === undefined) throw new Error('expected an error, none was thrown');
  return e as Error;
}

/** What `f` throws (undefined when it returns), checking that it grew memory by less than MEMORY_BOUND. */
export function caughtWithinMemory(f: () => unknown): unknown {
  const before = memoryInUse();
  const e = caught(f);
  expect(memoryInUse() - before).toBeLessThan(MEMORY_BOUND);
  return e;
}

/** Run `f` with console[stream] captured instead of printed; the lines it was given. */
async function capturing(stream: 'log' | 'warn', f: () => unknown): Promise<string[]> {
  const lines: string[] = [];
  const original = console[stream];
  console[stream] = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  try {
    await f();
  } finally {
    console[stream] = original;
  }
  return lines;
}

/** Run `f` with console.log captured instead of printed; the lines it logged (also when it throws). */
export const capturingLog = (f: () => unknown): Promise<string[]> => capturing('log', f);

/** Run `f` with console.warn captured instead of printed; the lines it warned. */
export const capturingWarn = (f: () => unknown): Promise<string[]> => capturing('warn', f);

/** A deep copy of `base` with the field at `path` (object keys or array indices) set to `value`: one fuzzed file. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function withValueAt(base: any, path: readonly (string | number)[], value: unknown): any {
  const json = structuredClone(base);
  let at = json;
  for (const k of path.slice(0, -1)) at = at[k];
  at[path.at(-1)!] = value;
  return json;
}
