import { SpecError } from '../core/errors.js';

/**
 * Parse a numeric command-line flag, naming the command and flag on bad input
 * (e.g. "fly --steps: expected a positive integer, got 'ten'").
 */
export function numberFlag(command: string, flag: string, value: string, options: { integer?: boolean; min?: number } = {}): number {
  const x = Number(value);
  const integer = options.integer ?? false;
  const min = options.min ?? -Infinity;
  if (value.trim() === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x)) || x < min) {
    const what = `${min === 0 ? 'a non-negative' : min === 1 ? 'a positive' : 'a'} ${integer ? 'integer' : 'number'}`;
    throw new SpecError(`${command} --${flag}`, `expected ${what}, got '${value}'`);
  }
  return x;
}

/** The same for a flag that may be absent. */
export function optionalNumberFlag(command: string, flag: string, value: string | undefined, options: { integer?: boolean; min?: number } = {}): number | undefined {
  return value === undefined ? undefined : numberFlag(command, flag, value, options);
}
