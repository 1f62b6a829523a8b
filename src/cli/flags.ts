import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SpecError } from '../core/errors.js';

/** What a numeric flag must be. */
export interface FlagRule {
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** Smallest value allowed (inclusive). */
  readonly min?: number;
  /** Strictly above zero (a speed). */
  readonly positive?: boolean;
}

/**
 * Rules every command applies to these flags, on top of its own: a count, a seed or a limit
 * that is fractional, zero or negative is refused before any work or any write (a zero
 * epoch count once overwrote a trained model with an untrained one).
 */
export const FLAG_RULES: Readonly<Record<string, FlagRule>> = {
  seed: { integer: true },
  n: { integer: true, min: 1 },
  epochs: { integer: true, min: 1 },
  batch: { integer: true, min: 1 },
  steps: { integer: true, min: 1 },
  rows: { integer: true, min: 1 },
  pixels: { integer: true, min: 3 },
  lagged: { integer: true, min: 0 },
  'detector-memory': { integer: true, min: 1 },
  'eval-limit': { integer: true, min: 1 },
  'train-limit': { integer: true, min: 1 },
  'test-limit': { integer: true, min: 1 },
  'checkpoint-every': { integer: true, min: 1 },
  'gate-every': { integer: true, min: 1 },
  noise: { min: 0 },
  blur: { min: 0 },
  speed: { positive: true },
  spacing: { positive: true },
  'threshold-factor': { min: 0 },
  'train-radius': { integer: true, min: 0 },
  radius: { integer: true, min: 0 },
  'snr-memory': { integer: true, min: 1 },
  'snr-horizon': { integer: true, min: 1 },
  memory: { integer: true, min: 1 },
  horizon: { integer: true, min: 1 },
  'snr-count': { integer: true, min: 1 },
  'snr-streams': { integer: true, min: 1 },
  'snr-steps': { integer: true, min: 1 },
  units: { integer: true, min: 1 },
  layers: { integer: true, min: 1 },
  filters: { integer: true, min: 1 },
  kernel: { integer: true, min: 1 },
  // Step sizes and time spans: zero or a negative value would learn backwards or never advance.
  lr: { positive: true },
  rate: { positive: true },
  dt: { positive: true },
  window: { positive: true },
  kt: { positive: true },
  'logit-scale': { positive: true },
  'theta-factor': { min: 0 },
  intensity: { min: 0 },
  'frozen-layers': { integer: true, min: 0 },
};

/**
 * Parse a numeric command-line flag, naming the command and flag on bad input
 * (e.g. "fly --steps: expected a positive integer, got 'ten'").
 */
export function numberFlag(command: string, flag: string, value: string, options: { integer?: boolean; min?: number } = {}): number {
  const x = Number(value);
  const rule = FLAG_RULES[flag] ?? {};
  const integer = (options.integer ?? false) || (rule.integer ?? false);
  const min = Math.max(options.min ?? -Infinity, rule.min ?? -Infinity);
  const positive = rule.positive ?? false;
  if (value.trim() === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x)) || x < min || (positive && !(x > 0))) {
    const kind = integer ? 'integer' : 'number';
    const what = min === 0 && !positive ? `a non-negative ${kind}` : min === 1 || positive ? `a positive ${kind}` : `${integer ? 'an' : 'a'} ${kind}`;
    const bound = min > 1 ? ` >= ${min}` : '';
    throw new SpecError(`${command} --${flag}`, `expected ${what}${bound}, got '${value}'`);
  }
  return x;
}

/** The same for a flag that may be absent. */
export function optionalNumberFlag(command: string, flag: string, value: string | undefined, options: { integer?: boolean; min?: number } = {}): number | undefined {
  return value === undefined ? undefined : numberFlag(command, flag, value, options);
}

/**
 * Which flags the user typed (as opposed to defaults commander filled in), by flag name
 * without dashes: `given('gate-every')`.
 */
export function givenFlags(cmd: Command): (flag: string) => boolean {
  return (flag) => {
    const option = cmd.options.find((o) => o.long === `--${flag}`);
    if (!option) throw new Error(`no flag --${flag} on '${cmd.name()}'`);
    const source = cmd.getOptionValueSource(option.attributeName());
    return source !== undefined && source !== 'default';
  };
}

/**
 * Refuse the first of `flags` that was given although this run would ignore it (a flag that
 * means nothing in the mode `other` sets), naming both: `refuseIgnoredFlags('fly', ['steps'],
 * given, '--load', 'it trains nothing')` → "fly --steps: has no effect with --load (it trains
 * nothing); drop one of them".
 */
export function refuseIgnoredFlags(command: string, flags: readonly string[], given: (flag: string) => boolean, other: string, reason: string): void {
  const flag = flags.find(given);
  if (flag !== undefined) throw new SpecError(`${command} --${flag}`, `has no effect with ${other} (${reason}); drop one of them`);
}

/** One file a run writes, with the flag that names it (or its folder) and what it is. */
export interface RunOutput {
  flag: string;
  what: string;
  path: string;
  /** The flag names the file's folder, not the file (ff's --models, --checkpoints). */
  folder?: boolean;
}

/**
 * Refuse a run two of whose outputs are one file: the later write would replace the earlier
 * silently (a report named like the model replaced the trained model and its checkpoint; bsp's
 * model file, saved without the run's progress, replaced its checkpoint). Each output is checked
 * against those listed before it, so list them in the order they are written. (ff allows one
 * folder for --models and --checkpoints: there the checkpoint is kept and no model file written.)
 */
export function refuseOutputClash(command: string, outputs: readonly (RunOutput | undefined)[]): void {
  const given = outputs.filter((o): o is RunOutput => o !== undefined);
  for (let i = 1; i < given.length; i++) {
    const later = given[i]!;
    const earlier = given.slice(0, i).find((o) => resolve(o.path) === resolve(later.path));
    if (earlier) {
      throw new SpecError(
        `${command} --${later.flag}`,
        `${later.path} is also this run's ${earlier.what} (--${earlier.flag}): the ${later.what} would overwrite it; give --${later.flag} another ${later.folder ? 'folder' : 'file'}`,
      );
    }
  }
}
