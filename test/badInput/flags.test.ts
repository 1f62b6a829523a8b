import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { SpecError } from '../../src/index.js';
import { FLAG_RULES, numberFlag } from '../../src/cli/flags.js';
import { main } from '../../src/cli/program.js';
import { bspOptionsFromFlags } from '../../src/cli/commands/bsp.js';
import { suiteTempDir } from './fixtures.js';

/**
 * Flags (issue 15, items 6 and 7): each quoted bad flag is a SpecError naming command and
 * flag, raised before any work or write — the output folder stays empty.
 */
const dir = suiteTempDir('i15-flags-');

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
    // an empty value was read as an absent flag and silently ignored (found by the CLI fuzz)
    [['ff', '--train-limit=', '--models', join(dir, 'models')], /ff --train-limit: expected a positive integer, got ''/],
    [['ff', '--frozen-layers= ', '--models', join(dir, 'models')], /ff --frozen-layers: expected a non-negative integer, got ' '/],
    [['ff', '--report=', '--models', join(dir, 'models')], /ff --report: expected a file path/],
    // a report named like the run's model file replaced the trained model and its checkpoint, silently
    [['ff', '--name', 'x', '--models', join(dir, 'm'), '--checkpoints', join(dir, 'm'), '--report', join(dir, 'm', 'ff-x.json')], /ff --report: .*ff-x\.json is also this run's checkpoint \(--checkpoints\)/],
    [['ff', '--name', 'x', '--models', join(dir, 'm'), '--checkpoints', join(dir, 'c'), '--report', join(dir, 'm', 'ff-x.json')], /ff --report: .*ff-x\.json is also this run's model file \(--models\)/],
    [['bsp', '--out', join(dir, 'bsp.json'), '--report', join(dir, 'bsp.json')], /bsp --report: .*bsp\.json is also this run's model file \(--out\)/],
    // the model file, saved at the end, replaced the checkpoint
    [['bsp', '--out', join(dir, 'b.json'), '--checkpoint', join(dir, 'b.json')], /bsp --out: .*b\.json is also this run's checkpoint \(--checkpoint\): the model file would overwrite it; give --out another file/],
    [['bsp', '--k=', '--out', join(dir, 'bsp.json')], /bsp --k: expected comma-separated numbers/],
  ])('%j', async (args, message) => {
    await expect(run(args)).rejects.toThrow(SpecError);
    await expect(run(args)).rejects.toThrow(message);
    expect(readdirSync(dir)).toEqual([]);
  });

  // A flag that only applies with another (or not in this mode) was ignored silently: `bsp --gate-every 5`
  // without --gate trained ungated. Each is refused before any work, naming both flags.
  it.each([
    [['bsp', '--gate-every', '5', '--out', join(dir, 'bsp.json')], /bsp --gate-every: applies only with --gate/],
    [['bsp', '--gate', 'sometimes', '--out', join(dir, 'bsp.json')], /bsp --gate: expected steady or alive/],
    [['fly', '--load', '--steps', '10', '--out', join(dir, 'fly')], /fly --steps: has no effect with --load/],
    [['fly', '--load', '--lagged', '3', '--out', join(dir, 'fly')], /fly --lagged: has no effect with --load/],
    [['fly', '--load', '--images', 'assets/natural/chelsea.png', '--out', join(dir, 'fly')], /fly --images: has no effect with --load/],
    [['fly2d', '--load', '--train-radius', '2', '--out', join(dir, 'fly2d')], /fly2d --train-radius: has no effect with --load/],
    [['filters', '--dead-leaves', '--no-snr', '--snr-count', '10', '--out', join(dir, 'filters')], /filters --snr-count: has no effect with --no-snr/],
    [['ff', '--intensity', '0.5', '--models', join(dir, 'models')], /ff --intensity: applies to spatial labels only \(--labels fourier or morphology\)/],
    [['ff', '--label-frequencies', '1,4', '--models', join(dir, 'models')], /ff --label-frequencies: applies to fourier labels only \(--labels fourier\); this run has --labels onehot/],
    [['ff', '--locality', 'position', '--models', join(dir, 'models')], /ff --locality: 'position' applies to conv networks only \(--arch conv\)/],
    [['ff', '--preset', 'paper', '--arch', 'dense', '--models', join(dir, 'models')], /ff --arch: --preset paper is a conv network; drop --arch dense or pick a dense preset \(dense\)/],
    [['ff', '--locality', 'everywhere', '--models', join(dir, 'models')], /ff --locality: expected layer or position/],
    [['ff', '--arch', 'conv', '--loss', 'paired', '--theta-factor', '0.5', '--models', join(dir, 'models')], /ff --theta-factor: means nothing with --loss paired/],
    [['ff', '--backend', 'cpu', '--threads', '2', '--models', join(dir, 'models')], /--threads: .*\(--backend wasm\); this run is on --backend cpu/],
    [['sweep', 'no-such-sweep.yaml', '--queue-name', 'other'], /sweep --queue-name: applies only with --queue/],
  ])('refuses a dependent flag without its partner: %j', async (args, message) => {
    await expect(run(args)).rejects.toThrow(SpecError);
    await expect(run(args)).rejects.toThrow(message);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('bsp --gate-every takes effect with --gate (default 10 steps)', () => {
    const base = { method: '2', layers: '784,30,10', epochs: '1', seed: '1', checkpointEvery: '100' };
    expect(bspOptionsFromFlags({ ...base, gate: true }).gateEvery).toBe(10);
    expect(bspOptionsFromFlags({ ...base, gate: 'alive', gateEvery: '5' })).toMatchObject({ gate: 'alive', gateEvery: 5 });
    expect(bspOptionsFromFlags(base)).toMatchObject({ gate: false, gateEvery: undefined });
  });

  it('bsp --cell-arithmetic takes float64 or float32 (absent: the classifier default) and names anything else', () => {
    const base = { method: '2', layers: '784,30,10', epochs: '1', seed: '1', checkpointEvery: '100' };
    expect(bspOptionsFromFlags({ ...base, cellArithmetic: 'float32' }).cellArithmetic).toBe('float32');
    expect(bspOptionsFromFlags({ ...base, cellArithmetic: 'float64' }).cellArithmetic).toBe('float64');
    expect(bspOptionsFromFlags(base).cellArithmetic).toBeUndefined();
    expect(() => bspOptionsFromFlags({ ...base, cellArithmetic: 'half' })).toThrow(/bsp --cell-arithmetic: expected float64 or float32, got 'half'/);
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
