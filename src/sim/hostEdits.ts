import { NeurostreamError } from '../core/errors.js';

/**
 * A count of the moments host code may have changed weights or model parameters in place:
 * the start of every run and stream frame, after plasticity rules ran (except the step hooks
 * of rules flagged `onStepReadsOnly`), after user callbacks (tick$, output$ and events$
 * subscribers, `progress`), reset. A backend that keeps a copy of weights or parameters in
 * its own memory re-copies them when the count moved since its last copy, so it never runs
 * on stale values without copying them every step. Stimuli must not change weights or
 * parameters (a stimulus runs inside the step).
 */
export class HostEdits {
  /** Moves (by one) whenever weights or parameters may have changed. */
  count = 0;
  /** Names of the rules whose step hooks do not move the count (`onStepReadsOnly`), for `stale`. */
  readOnlyRules: readonly string[] = [];

  /** Weights or parameters may have changed. */
  mark(): void {
    this.count++;
  }

  /**
   * The error a kernel throws when its spot check finds host values that changed although the
   * count did not move: a rule flagged `onStepReadsOnly` wrote them, or a stimulus did.
   */
  stale(what: string): NeurostreamError {
    const rules = this.readOnlyRules.length > 0 ? `a rule flagged onStepReadsOnly wrote them in a step hook (${this.readOnlyRules.join(', ')}: drop the flag if it does), or ` : '';
    return new NeurostreamError(`${what} changed during a run with no rule or callback that may write them: ${rules}a stimulus wrote them (stimuli must not change weights or parameters)`);
  }
}

/**
 * The error of a failed spot check: `edits.stale(what)` when the step has the simulator's
 * HostEdits, else the same finding without the list of flagged rules.
 */
export function staleCopyError(edits: unknown, what: string): NeurostreamError {
  return edits instanceof HostEdits ? edits.stale(what) : new NeurostreamError(`${what} changed during a run with no rule or callback that may write them`);
}

/** Calls between spot checks of a copy kept while the count did not move (a power of two). */
export const STALE_CHECK_EVERY = 64;

/** Whether two float arrays of one type and length hold the same bits: the spot check of a kept copy (off the hot path). */
export function sameFloatBits<T extends Float32Array | Float64Array>(a: T, b: T): boolean {
  const p = new Int32Array(a.buffer, a.byteOffset, a.byteLength >> 2);
  const q = new Int32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
  for (let k = 0; k < p.length; k++) if (p[k] !== q[k]) return false;
  return true;
}
