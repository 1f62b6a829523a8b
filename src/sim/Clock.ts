import type { Observable } from 'rxjs';
import { Broadcast } from './Broadcast.js';

/**
 * The current tick. The simulator reuses one object: read it in the callback, copy
 * what you keep.
 */
export interface Tick {
  /** Index of the step just completed. */
  readonly step: number;
  /** Simulated time at the end of that step, in seconds. */
  readonly time: number;
}

/** Virtual time: a step counter, dt, and the per-tick stream everything else hangs on. */
export class Clock {
  step = 0;
  private readonly current = { step: 0, time: 0 };
  private readonly subject = new Broadcast<Tick>();
  readonly tick$: Observable<Tick> = this.subject;

  constructor(readonly dt: number) {}

  get time(): number {
    return this.step * this.dt;
  }

  /** Mark the current step done and tell subscribers (monitors, displays). */
  advance(): void {
    if (this.subject.observed) {
      this.current.step = this.step;
      this.current.time = (this.step + 1) * this.dt;
      this.subject.next(this.current);
    }
    this.step++;
  }

  reset(): void {
    this.step = 0;
  }
}
