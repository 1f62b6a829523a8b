import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WriteTargetError, atomicWriteFile, checkWritable } from '../../src/node.js';
import { suiteTempDir } from './fixtures.js';

/** Saves (issue 15, item 5): typed errors, checked before work, bounded, no orphans. */
const dir = suiteTempDir('i15-saves-');

describe('atomicWriteFile and checkWritable', () => {
  it('fails at once, typed, for a target under /proc (mkdir is bounded)', () => {
    expect(() => atomicWriteFile('/proc/neurostream-i15/a/b/model.json', 'x')).toThrow(WriteTargetError);
    expect(() => checkWritable('/proc/neurostream-i15/model.json')).toThrow(WriteTargetError);
  }, 10_000);

  it('refuses a folder or a broken symbolic link as target, before anything is written', () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect(() => checkWritable(folder)).toThrow(/it is a folder/);
    const link = join(dir, 'broken');
    symlinkSync(join(dir, 'nowhere', 'x.json'), link);
    expect(() => checkWritable(link)).toThrow(/broken symbolic link/);
    expect(() => atomicWriteFile(link, 'x')).toThrow(WriteTargetError);
  });

  it('creates missing folders and writes; removes stale temporaries of dead processes only', () => {
    const target = join(dir, 'a', 'b', 'model.json');
    // A temporary of a process that cannot exist (pid beyond pid_max) and one of ours that runs.
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    const stale = join(dir, 'a', 'b', '.model.json.4194305.0123456789ab.tmp');
    const live = join(dir, 'a', 'b', `.model.json.${process.ppid}.0123456789ab.tmp`);
    const other = join(dir, 'a', 'b', '.other.json.4194305.0123456789ab.tmp');
    for (const f of [stale, live, other]) writeFileSync(f, 'partial');
    atomicWriteFile(target, '{"ok":true}');
    expect(readFileSync(target, 'utf8')).toBe('{"ok":true}');
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(readdirSync(join(dir, 'a', 'b')).filter((f) => f.startsWith('.model.json.') && f !== `.model.json.${process.ppid}.0123456789ab.tmp`)).toEqual([]);
  });
});
