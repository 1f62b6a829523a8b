/**
 * A count of the moments host code may have changed weights or model parameters in place:
 * the start of every run and stream frame, after plasticity rules ran, after user callbacks
 * (tick$, output$ and events$ subscribers, `progress`), reset. A backend that keeps a copy of
 * weights or parameters in its own memory re-copies them when the count moved since its last
 * copy, so it never runs on stale values without copying them every step. Stimuli must not
 * change weights or parameters (a stimulus runs inside the step).
 */
export class HostEdits {
  /** Moves (by one) whenever weights or parameters may have changed. */
  count = 0;

  /** Weights or parameters may have changed. */
  mark(): void {
    this.count++;
  }
}
