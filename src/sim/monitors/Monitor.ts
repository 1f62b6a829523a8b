import type { Population } from '../Population.js';

/** What a monitor is told when it is added to a simulator. */
export interface MonitorContext {
  /** The population recorded. */
  readonly population: Population;
  /** The simulator's time step, in seconds. */
  readonly dt: number;
  /** Samples the simulator runs together. */
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
  /** Called once when the monitor is added: check the population and keep what it needs. */
  bind(ctx: MonitorContext): void;
  /** Called before each run with the steps to come (Infinity when streaming): reserve buffers here, not per step. */
  prepare(steps: number): void;
  /** Called after every step (or every n-th): copy what it records; allocates nothing. */
  record(step: number): void;
}
