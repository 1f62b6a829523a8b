import type { Observable } from 'rxjs';
import { Broadcast } from './Broadcast.js';

/**
 * One completed step. Each tick is a new frozen object: keep it, buffer it
 * (`bufferCount(5)` gives five different ticks), it never changes after emission.
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
  private readonly subject = new Broadcast<Tick>();
  /** Internal per-step listeners (monitors): called with the step index, no object per tick. */
  private listeners: readonly ((step: number) => void)[] = [];
  readonly tick$: Observable<Tick> = this.subject;

  constructor(readonly dt: number) {}

  get time(): number {
    return this.step * this.dt;
  }

  /** Whether the public tick$ has subscribers. */
  get observed(): boolean {
    return this.subject.observed;
  }

  /** Call `f(step)` after every step until the returned function is called. */
  onStep(f: (step: number) => void): () => void {
    this.listeners = [...this.listeners, f];
    return () => {
      this.listeners = this.listeners.filter((g) => g !== f);
    };
  }

  /** Mark the current step done and tell listeners and subscribers (monitors, displays). */
  advance(): void {
    const list = this.listeners;
    for (let i = 0; i < list.length; i++) list[i]!(this.step);
    // A new frozen tick per step, only when someone subscribes: ~40 bytes, and emitted values never change.
    if (this.subject.observed) this.subject.next(Object.freeze({ step: this.step, time: (this.step + 1) * this.dt }));
    this.step++;
  }

  reset(): void {
    this.step = 0;
  }
}
