import type { Population } from '../Population.js';

/** What a monitor is told when it is added to a simulator. */
export interface MonitorContext {
  readonly population: Population;
  readonly dt: number;
  readonly batch: number;
}

/**
 * A monitor records a population into preallocated buffers. The simulator calls
 * `prepare` before each run with the number of steps to come (Infinity when streaming)
 * and subscribes `record` to its tick stream.
 */
export interface Monitor {
  /** Name of the population recorded. */
  readonly target: string;
  bind(ctx: MonitorContext): void;
  prepare(steps: number): void;
  record(step: number): void;
}
