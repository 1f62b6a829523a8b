/** Node-only file helpers (the browser build never imports this file). */
import { randomBytes } from 'node:crypto';
import { accessSync, constants, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { NeurostreamError } from '../core/errors.js';

export { encodeFloat32, decodeFloat32 } from '../core/base64.js';

/** A file cannot be written where asked (a directory, a broken link, no such folder, no permission). */
export class WriteTargetError extends NeurostreamError {
  constructor(
    /** The path that cannot be written. */
    readonly path: string,
    /** Why, in words. */
    readonly problem: string,
  ) {
    super(`cannot write ${path}: ${problem}`);
  }
}

/** Folders `atomicWriteFile` creates at most, so a path under /proc cannot make it loop. */
const MAX_NEW_FOLDERS = 32;
/** Our temporaries: `.<name>.<pid>.<hex>.tmp` beside the target. */
const tmpName = (name: string) => `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;

/**
 * Make `dir` and the missing folders above it, one level at a time and at most
 * MAX_NEW_FOLDERS of them (a recursive mkdir under /proc retried forever).
 */
function makeFolders(path: string, dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    let st;
    try {
      st = statSync(d);
    } catch {
      missing.push(d);
      if (missing.length > MAX_NEW_FOLDERS || dirname(d) === d) throw new WriteTargetError(path, `more than ${MAX_NEW_FOLDERS} folders would have to be created`);
      continue;
    }
    if (!st.isDirectory()) throw new WriteTargetError(path, `${d} is not a folder`);
    break;
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new WriteTargetError(path, `cannot create the folder ${d} (${(e as Error).message})`);
    }
  }
}

/**
 * Check, before long work starts, that `path` can be written: not a folder, not a broken
 * link, in a folder that exists or can be made and that we may write into. Creates the
 * folder; writes nothing else. Throws WriteTargetError.
 */
export function checkWritable(path: string): void {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    st = null;
  }
  if (st?.isDirectory()) throw new WriteTargetError(path, 'it is a folder');
  if (st?.isSymbolicLink()) {
    try {
      if (statSync(path).isDirectory()) throw new WriteTargetError(path, 'it is a link to a folder');
    } catch (e) {
      if (e instanceof WriteTargetError) throw e;
      throw new WriteTargetError(path, 'it is a broken symbolic link');
    }
  }
  const dir = dirname(path);
  makeFolders(path, dir);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new WriteTargetError(path, `the folder ${dir} is not writable`);
  }
  // Some file systems (/proc, /sys) pass the checks above but take no new files.
  const probe = join(dir, tmpName(basename(path)));
  try {
    writeFileSync(probe, '');
  } catch (e) {
    throw new WriteTargetError(path, `cannot create files in ${dir} (${(e as Error).message})`);
  } finally {
    rmSync(probe, { force: true });
  }
}

/** Remove temporaries of `name` left by processes that no longer run (a kill -9 mid-save). */
export function removeStaleTemporaries(dir: string, name: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `.${name}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const parts = entry.slice(prefix.length, -'.tmp'.length).split('.');
    if (parts.length !== 2 || !/^\d+$/.test(parts[0]!) || !/^[0-9a-f]{12}$/.test(parts[1]!)) continue;
    const pid = Number(parts[0]);
    if (pid === process.pid || alive(pid)) continue;
    rmSync(join(dir, entry), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Write a file atomically: write a temporary file beside it, then rename over the target,
 * so a crash leaves either the old file or the new one, never half of one. Stale
 * temporaries of the same name from killed processes are removed first. Throws
 * WriteTargetError when the target cannot be written.
 */
export function atomicWriteFile(path: string, data: string | Uint8Array): void {
  checkWritable(path);
  const dir = dirname(path);
  removeStaleTemporaries(dir, basename(path));
  const tmp = join(dir, tmpName(basename(path)));
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new WriteTargetError(path, (e as Error).message);
  }
}
