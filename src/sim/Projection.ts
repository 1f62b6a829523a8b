import type { ConnectivitySpec, Synapses } from '../synapses/Connectivity.js';
import type { Population } from './Population.js';
import { NeurostreamError } from '../core/errors.js';
import { deprecatedRead } from '../core/warnings.js';

/**
 * pre → post through a connectivity, into one target of post (an input channel summed
 * each step, or a state variable that jumps, like Brian2's `on_pre='ge += w'`), after an
 * integer delay in steps (`delaySteps`). The projection keeps its synapses once built, so weights
 * learned in one simulation carry over to the next.
 */
export class Projection {
  /** @internal set by the first simulator that runs the network, or by a loader. */
  built: Synapses | null = null;

  constructor(
    /** Unique name within the network (default `pre->post`). */
    readonly name: string,
    /** The presynaptic population. */
    readonly pre: Population,
    /** The postsynaptic population. */
    readonly post: Population,
    /** How the synapses are built (dense, sparse, one-to-one, …). */
    readonly spec: ConnectivitySpec,
    /** Steps between pre's output and its arrival at post (0: the same step). */
    readonly delaySteps: number,
    /** The input channel or state variable of post it adds to. */
    readonly target: string,
    /** The variable of pre this projection reads (pre's output unless chosen). */
    readonly source: string,
  ) {}

  /** @deprecated The old name of `delaySteps` (reading it warns, like passing `delay` to `connect`). */
  get delay(): number {
    deprecatedRead(`projection '${this.name}'`, 'delay', 'delaySteps');
    return this.delaySteps;
  }

  /** Values per batch element of the target: post's input size for a channel, else post's size. */
  get targetSize(): number {
    return this.post.model.inputs.includes(this.target) ? this.post.inputSize : this.post.size;
  }

  /** Built synapses (throws before the first simulator has built them). */
  get synapses(): Synapses {
    if (!this.built) {
      throw new NeurostreamError(
        `projection '${this.name}': synapses are built when a Simulator is created for the network`,
      );
    }
    return this.built;
  }

  /** The weight array (layout depends on the connectivity kind). */
  get weights(): Float32Array {
    return this.synapses.weights;
  }
}
