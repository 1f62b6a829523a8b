import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { SpecError } from '../../src/index.js';
import { FLAG_RULES } from '../../src/cli/flags.js';
import { main } from '../../src/cli/program.js';
import { capturingLog, MEMORY_BOUND, memoryInUse, suiteTempDir } from './fixtures.js';

/**
 * Issue 15: fuzzing the command line itself (not only the flag parser). Each run gives one
 * numeric flag of a command a bad value; the command must end in a SpecError naming command
 * and flag before any work or write: the output folder stays empty and nothing trains. Time
 * bound: the jest timeout below for all runs together (a flag checked only after training
 * would blow it by minutes); memory bound: MEMORY_BOUND (64 MiB) of heap and buffers per run.
 */
const dir = suiteTempDir('i15-cli-fuzz-');

/**
 * `ff` and `bsp` read MNIST from a folder that does not exist: should a bad flag ever slip past
 * validation, the run fails at once on the data (an error that names no flag, so the property
 * fails) instead of training for minutes.
 */
const NO_DATA = join(dir, 'no-such-data');

/** The numeric flags of the commands that train or simulate (list flags such as ff --units are tested on their own), with what else each needs to get going. */
const COMMANDS: Record<string, { argv: string[]; flags: string[]; args: (out: string) => string[] }> = {
  demo: { argv: ['demo'], flags: ['n', 'seconds', 'seed'], args: () => [] },
  filters: {
    argv: ['filters'],
    flags: ['memory', 'horizon', 'noise', 'blur', 'speed', 'pixels', 'spacing', 'steps', 'rows', 'seed', 'snr-count', 'snr-streams', 'snr-steps', 'snr-memory', 'snr-horizon'],
    args: (out) => ['--image', 'assets/natural/chelsea.png', '--out', out],
  },
  fly: { argv: ['fly'], flags: ['steps', 'rows', 'pixels', 'detector-memory', 'lagged', 'threshold-factor', 'seed'], args: (out) => ['--model', join(out, 'm.json'), '--out', out, '--no-2d'] },
  fly2d: { argv: ['fly2d'], flags: ['steps', 'batch', 'train-radius', 'radius', 'seed'], args: (out) => ['--model', join(out, 'm.json'), '--out', out] },
  ff: {
    argv: ['ff'],
    flags: ['epochs', 'batch', 'lr', 'logit-scale', 'theta-factor', 'frozen-layers', 'seed', 'train-limit', 'eval-limit'],
    args: (out) => ['--models', join(out, 'models'), '--checkpoints', join(out, 'ckpt'), '--backend', 'cpu', '--data', NO_DATA, '--quiet'],
  },
  'ff --arch conv': {
    argv: ['ff', '--arch', 'conv'],
    flags: ['layers', 'filters', 'kernel', 'intensity'],
    args: (out) => ['--models', join(out, 'models'), '--checkpoints', join(out, 'ckpt'), '--backend', 'cpu', '--data', NO_DATA, '--quiet'],
  },
  bsp: {
    argv: ['bsp'],
    flags: ['method', 'epochs', 'dt', 'window', 'batch', 'rate', 'kt', 'seed', 'train-limit', 'test-limit', 'checkpoint-every', 'gate-every'],
    args: (out) => ['--out', join(out, 'm.json'), '--checkpoint', join(out, 'c.json'), '--plot', join(out, 'p.svg'), '--backend', 'cpu', '--data', NO_DATA, '--quiet'],
  },
  'bsp --gate': {
    argv: ['bsp', '--gate'],
    flags: ['gate-every'],
    args: (out) => ['--out', join(out, 'm.json'), '--checkpoint', join(out, 'c.json'), '--plot', join(out, 'p.svg'), '--backend', 'cpu', '--data', NO_DATA, '--quiet'],
  },
};

const PAIRS = Object.entries(COMMANDS).flatMap(([command, c]) => c.flags.map((flag) => ({ command, flag })));

/** Values no numeric flag accepts, and values that break the flag's own rule. */
const notANumber = fc.oneof(
  fc.constantFrom('', ' ', 'abc', 'NaN', 'Infinity', '-Infinity', '1e999', '0x', '1,5', 'ten', '2 ms'),
  fc.string({ maxLength: 6 }).filter((s) => s.trim() === '' || !Number.isFinite(Number(s))),
);
function breaksRule(flag: string): fc.Arbitrary<string> {
  const rule = FLAG_RULES[flag] ?? {};
  const bad: string[] = [];
  if (rule.integer) bad.push('2.5', '0.1');
  if (rule.min !== undefined) bad.push(String(rule.min - 1), String(rule.min - 0.5), '-1e9');
  if (rule.positive) bad.push('0', '-1');
  return bad.length ? fc.oneof(notANumber, fc.constantFrom(...bad)) : notANumber;
}

describe('the command line, fuzzed', () => {
  it('every bad numeric flag of demo, filters, fly, fly2d, ff and bsp is a SpecError naming command and flag, before any work or write', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PAIRS).chain((p) => breaksRule(p.flag).map((value) => ({ ...p, value }))), async ({ command, flag, value }) => {
        const { argv, args } = COMMANDS[command]!;
        const out = join(dir, `run${run++}`);
        const before = memoryInUse();
        let error: unknown;
        await capturingLog(async () => {
          error = await main(['node', 'neurostream', ...argv, `--${flag}=${value}`, ...args(out)]).then(() => undefined, (e: unknown) => e);
        });
        expect(error).toBeInstanceOf(SpecError);
        expect((error as Error).message).toContain(`${argv[0]} --${flag}`);
        expect(readdirSync(dir)).toEqual([]);
        expect(memoryInUse() - before).toBeLessThan(MEMORY_BOUND);
      }),
      { numRuns: 250, seed: 1415 },
    );
  }, 120_000);
});
