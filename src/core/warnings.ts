/**
 * Warnings: things that run but are probably not what the user meant (an unused
 * parameter, an implausible magnitude). Each names the place (`field`) like a SpecError
 * does. Listeners registered with `onWarning` receive them; with no listener, each
 * distinct warning is printed once with console.warn (the root entry stays browser-safe).
 */

export interface NeurostreamWarning {
  /** A short stable kind, e.g. 'unused-parameter', to filter on. */
  readonly code: string;
  /** Where: the option, equation or flag, e.g. `defineModel.parameters.tau`. */
  readonly field: string;
  readonly message: string;
}

export type WarningListener = (warning: NeurostreamWarning) => void;

const listeners = new Set<WarningListener>();
const printed = new Set<string>();

/** Receive every warning from now on; returns a function that stops it. */
export function onWarning(listener: WarningListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Emit a warning naming `field`. */
export function warn(code: string, field: string, problem: string): void {
  const warning: NeurostreamWarning = { code, field, message: `${field}: ${problem}` };
  if (listeners.size > 0) {
    for (const l of [...listeners]) l(warning);
    return;
  }
  if (printed.has(warning.message)) return;
  printed.add(warning.message);
  console.warn(`neurostream warning (${code}): ${warning.message}`);
}
