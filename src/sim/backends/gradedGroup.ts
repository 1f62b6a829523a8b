import type { Synapses } from '../../synapses/Connectivity.js';
import type { HostEdits } from '../hostEdits.js';

/** One graded projection of a group: its synapses, the presynaptic values, where it adds. */
export interface GradedDelivery {
  /** The projection's synapses (their weights may change in place between steps). */
  readonly synapses: Synapses;
  /** The presynaptic values read (a state array of the pre population, b · preSize + i). */
  readonly x: Float32Array;
  /** Where the terms add (b · postSize + j): an input channel, or a state variable that jumps. */
  readonly out: Float32Array;
}

/**
 * Every projection into one population, all graded and undelayed, in wiring order: what
 * the kernel `graded.group` delivers in one call per step. `clear` are the input channels
 * they target, zeroed first (the simulator clears the other channels itself).
 */
export interface GradedGroup {
  /** The population's name (for messages). */
  readonly population: string;
  /** Input channels to zero before delivering. */
  readonly clear: readonly Float32Array[];
  /** The projections, in the order the cpu backend delivers them. */
  readonly deliveries: readonly GradedDelivery[];
  /** Samples simulated together. */
  readonly batch: number;
  /** When weights may have changed since the last step (see HostEdits). */
  readonly hostEdits: HostEdits;
}

/**
 * Kernel `graded.group`: prepare a group and return the function that clears and delivers it
 * each step, or null where this backend cannot (the simulator then runs each projection's
 * `rates` kernel). The result must equal clearing `clear` and running every delivery's
 * `rates` kernel in order; it may keep copies of the weights, refreshed when
 * `hostEdits.count` moves.
 */
export type GradedGroupKernel = (group: GradedGroup) => ((step: number) => void) | null;
