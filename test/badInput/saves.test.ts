import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { WriteTargetError, atomicWriteFile, checkWritable } from '../../src/node.js';
import { suiteTempDir } from './fixtures.js';

/** Saves (issue 15, item 5): typed errors, checked before work, bounded, no orphans. */
const dir = suiteTempDir('i15-saves-');

describe('atomicWriteFile and checkWritable', () => {
  it("after a kill -9 mid-save, the next save of that file removes the killed process's temporary", async () => {
    // a real process, killed with SIGKILL while "its" temporary of model.json exists
    const child = spawn('sleep', ['30']);
    const folder = join(dir, 'killed');
    mkdirSync(folder);
    const orphan = join(folder, `.model.json.${child.pid}.00c0ffee0000.tmp`);
    writeFileSync(orphan, 'x'.repeat(1 << 20));
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
    atomicWriteFile(join(folder, 'model.json'), '{"saved":true}');
    expect(readdirSync(folder)).toEqual(['model.json']);
  });

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
