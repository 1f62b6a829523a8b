import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { SpecError } from '../../src/index.js';
import { FLAG_RULES } from '../../src/cli/flags.js';
import { main } from '../../src/cli/program.js';

/**
 * Issue 15: fuzzing the command line itself (not only the flag parser). Each run gives one
 * numeric flag of a command a bad value; the command must end in a SpecError naming that
 * flag before any work or write: the output folder stays empty and nothing trains. Time bound:
 * the jest timeout below for all runs together (a flag checked only after training would blow
 * it by minutes); memory bound: heap growth under 64 MiB per run.
 */
const dir = mkdtempSync(join(tmpdir(), 'i15-cli-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HEAP_BOUND = 64 * 2 ** 20;

/** The numeric flags of the commands that train or simulate, with what else each needs to get going. */
const COMMANDS: Record<string, { flags: string[]; args: (out: string) => string[] }> = {
  demo: { flags: ['n', 'seconds', 'seed'], args: () => [] },
  filters: {
    flags: ['memory', 'horizon', 'noise', 'blur', 'speed', 'pixels', 'spacing', 'steps', 'rows', 'seed', 'snr-count', 'snr-streams', 'snr-steps', 'snr-memory', 'snr-horizon'],
    args: (out) => ['--image', 'assets/natural/chelsea.png', '--out', out],
  },
  fly: { flags: ['steps', 'rows', 'pixels', 'detector-memory', 'lagged', 'threshold-factor', 'seed'], args: (out) => ['--model', join(out, 'm.json'), '--out', out, '--no-2d'] },
  fly2d: { flags: ['steps', 'batch', 'train-radius', 'radius', 'seed'], args: (out) => ['--model', join(out, 'm.json'), '--out', out] },
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
  it('every bad numeric flag of demo, filters, fly and fly2d is a SpecError naming it, before any work or write', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PAIRS).chain((p) => breaksRule(p.flag).map((value) => ({ ...p, value }))), async ({ command, flag, value }) => {
        const out = join(dir, `run${run++}`);
        const before = process.memoryUsage().heapUsed;
        const log = console.log;
        console.log = () => {};
        let error: unknown;
        try {
          await main(['node', 'neurostream', command, `--${flag}=${value}`, ...COMMANDS[command]!.args(out)]);
        } catch (e) {
          error = e;
        } finally {
          console.log = log;
        }
        expect(error).toBeInstanceOf(SpecError);
        expect((error as Error).message).toContain(`--${flag}`);
        expect(readdirSync(dir)).toEqual([]);
        expect(process.memoryUsage().heapUsed - before).toBeLessThan(HEAP_BOUND);
      }),
      { numRuns: 150, seed: 1415 },
    );
  }, 120_000);
});
