import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { SpecError } from '../../src/index.js';
import { FLAG_RULES, numberFlag } from '../../src/cli/flags.js';
import { main } from '../../src/cli/program.js';

/**
 * Flags (issue 15, items 6 and 7): each quoted bad flag is a SpecError naming command and
 * flag, raised before any work or write — the output folder stays empty.
 */
const dir = mkdtempSync(join(tmpdir(), 'i15-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => main(['node', 'neurostream', ...args]);

describe('command-line flags are checked before any work', () => {
  it.each([
    [['demo', '--seed', '1.5'], /demo --seed/],
    [['demo', '--n', '1.5'], /demo --n/],
    [['demo', '--seconds', '1e-9'], /demo --seconds: must be at least one step/],
    [['filters', '--noise', '-1', '--out', join(dir, 'filters')], /filters --noise: expected a non-negative number/],
    [['fly', '--lagged', '-1', '--model', join(dir, 'fly.json'), '--out', join(dir, 'fly')], /fly --lagged/],
    [['fly', '--steps', '0', '--model', join(dir, 'fly.json'), '--out', join(dir, 'fly')], /fly --steps/],
    [['bsp', '--epochs', '0', '--out', join(dir, 'bsp.json')], /--epochs/],
    [['bsp', '--checkpoint-every', '0', '--out', join(dir, 'bsp.json')], /bsp --checkpoint-every/],
    [['ff', '--epochs', '0', '--models', join(dir, 'models')], /ff --epochs/],
    [['ff', '--eval-limit', '-5', '--models', join(dir, 'models')], /ff --eval-limit/],
    [['ff', '--lr', '-0.001', '--models', join(dir, 'models')], /ff --lr: expected a positive number/],
    [['bsp', '--rate', '0', '--out', join(dir, 'bsp.json')], /bsp --rate: expected a positive number/],
    [['bsp', '--dt', '-0.2', '--out', join(dir, 'bsp.json')], /bsp --dt: expected a positive number/],
    [['ff', '--kernel', '5', '--models', join(dir, 'models')], /ff --kernel: applies to conv networks only/],
    [['bsp', '--window', 'ten', '--out', join(dir, 'bsp.json')], /bsp --window: expected a positive number/],
  ])('%j', async (args, message) => {
    await expect(run(args)).rejects.toThrow(SpecError);
    await expect(run(args)).rejects.toThrow(message);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an unwritable model path before training (fly)', async () => {
    await expect(run(['fly', '--model', '/proc/i15/fly.json', '--out', join(dir, 'x')])).rejects.toThrow(/cannot write \/proc\/i15\/fly\.json/);
  });

  it('fuzz: every ruled flag takes exactly the values its rule allows', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(FLAG_RULES)), fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -10, max: 10 }).map(String), fc.string({ maxLength: 6 })), (flag, raw) => {
        const text = String(raw);
        const rule = FLAG_RULES[flag]!;
        const x = Number(text);
        const ok = text.trim() !== '' && Number.isFinite(x) && (!rule.integer || Number.isInteger(x)) && x >= (rule.min ?? -Infinity) && (!rule.positive || x > 0);
        if (ok) expect(numberFlag('cmd', flag, text)).toBe(x);
        else expect(() => numberFlag('cmd', flag, text)).toThrow(SpecError);
      }),
      { numRuns: 400, seed: 15 },
    );
  });
});
