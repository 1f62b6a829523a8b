import { SpecError } from './errors.js';

/**
 * Warnings: things that run but are probably not what the user meant (a membrane time constant
 * of 20 s, a deprecated option name). They go to one handler, `console.warn` by default, so an
 * application or a test can collect them, silence them, or turn them into errors.
 */

/** One warning: a stable `code`, the `field` (option, population, projection) it is about, and a message. */
export interface NeurostreamWarning {
  /** A stable code to filter on: 'implausible-magnitude', 'deprecated-option', …. */
  readonly code: 'implausible-magnitude' | 'deprecated-option' | (string & {});
  /** The option, population or projection it is about. */
  readonly field: string;
  /** The whole warning in words. */
  readonly message: string;
}

/** Receives every warning (see `setWarningHandler`). */
export type WarningHandler = (warning: NeurostreamWarning) => void;

const toConsole: WarningHandler = (w) => console.warn(`neurostream warning (${w.code}): ${w.message}`);
let handler: WarningHandler = toConsole;

/** Route warnings to `h` (or back to `console.warn` with no argument); returns the previous handler. */
export function setWarningHandler(h?: WarningHandler): WarningHandler {
  const previous = handler;
  handler = h ?? toConsole;
  return previous;
}

/** Emit a warning through the current handler. */
export function warn(warning: NeurostreamWarning): void {
  handler(warning);
}

/** Run `f` and return its result with the warnings it emitted (they do not reach the handler). */
export function collectWarnings<T>(f: () => T): {
  /** What `f` returned. */
  result: T;
  /** The warnings it emitted, in order. */
  warnings: NeurostreamWarning[];
} {
  const warnings: NeurostreamWarning[] = [];
  const previous = setWarningHandler((w) => warnings.push(w));
  try {
    return { result: f(), warnings };
  } finally {
    setWarningHandler(previous);
  }
}

/**
 * Read an option that was renamed: the new name's value, else the old one's with a
 * 'deprecated-option' warning naming the new name. Both given is a SpecError (they could disagree).
 * `where` prefixes the field names: `renamedOption('run', opts, 'recordBudget', 'memoryBudget')`.
 */
export function renamedOption<T>(where: string, options: object, oldName: string, newName: string): T | undefined {
  const o = options as Record<string, unknown>;
  const now = o[newName] as T | undefined;
  const old = o[oldName] as T | undefined;
  if (old === undefined) return now;
  if (now !== undefined) throw new SpecError(`${where}.${oldName}`, `give ${where}.${newName} only (${oldName} is its deprecated name)`);
  warn({ code: 'deprecated-option', field: `${where}.${oldName}`, message: `${where}.${oldName} is deprecated: use ${where}.${newName} (same meaning)` });
  return old;
}

/**
 * Warn that a renamed property was read by its old name (`projection.delay`, `monitor.every`):
 * a 'deprecated-option' warning naming `where.newName`, the same as passing the old option.
 */
export function deprecatedRead(where: string, oldName: string, newName: string): void {
  warn({ code: 'deprecated-option', field: `${where}.${oldName}`, message: `${where}.${oldName} is deprecated: read ${where}.${newName} (same value)` });
}
