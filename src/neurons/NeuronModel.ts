import type { ProductKernels } from '../math/productKernels.js';
import type { SeededRandom } from '../core/random.js';

/**
 * The state of one population: one Float32Array per variable (structure of arrays),
 * each of length `size × batch`, laid out batch-major (`b * size + i`).
 */
export type StateArrays = Record<string, Float32Array>;

/** Summed synaptic input per channel for this step, same layout as state. */
export type InputArrays = Record<string, Float32Array>;

/** Learnable or fixed arrays a model owns (filters, fixed points, thresholds). */
export type ParameterArrays = Record<string, Float32Array | Float64Array>;

/** What `NeuronModel.init` is told: the population's size, the batch, dt and its random stream. */
export interface InitContext {
  /** Units in the population. */
  readonly size: number;
  /** Samples simulated together. */
  readonly batch: number;
  /** Time step, in seconds. */
  readonly dt: number;
  /** This population's own stream of the simulator's seeded generator. */
  readonly random: SeededRandom;
}

/** What `NeuronModel.step` is told each step (one object, reused: the loop allocates nothing). */
export interface StepContext {
  /** Units in the population. */
  readonly size: number;
  /** Samples simulated together. */
  readonly batch: number;
  /** Time step, in seconds. */
  readonly dt: number;
  /** Index of the step being computed (0-based since the simulator's reset). */
  step: number;
  /** Seed and stream key for counter-based noise (`counterNormal(seed, stream, step, unit)`). */
  readonly seed: number;
  /** This population's stream key for counter-based noise. */
  readonly stream: number;
  /** Spiking models write the flat indices (`b * size + i`) of fired units here. */
  readonly fired: Int32Array;
  /**
   * A step kernel that checked every state value it wrote sets this: true when all are
   * finite, and the simulator then skips its own NaN scan of the population this step.
   */
  stateFinite?: boolean;
  /**
   * The products (matmul, conv2d, …) of the backend the simulator runs on: a model whose step
   * needs one (FF layers) calls it here, so it runs where the simulator runs.
   */
  readonly kernels?: ProductKernels;
  /**
   * Input channels no projection delivers into: zero at every step (the simulator clears
   * inputs before delivering), so a kernel may skip reading them (the wasm LIF step does).
   */
  readonly silentInputs?: readonly string[];
  /**
   * Moves whenever the model's parameters may have changed in place (a rule ran, a run or
   * frame began, user code ran): a kernel keeping a copy of them re-copies when `count` moved
   * since its last copy, instead of every step. Absent: copy every step.
   */
  readonly hostEdits?: {
    /** Moves (by one) whenever parameters may have changed. */
    readonly count: number;
  };
}

/**
 * A neuron model: declares its state, advances it one step on the CPU, owns nothing
 * per step and allocates nothing in `step`. Backends may register a faster kernel for
 * `${kind}.step`; the CPU `step` stays the reference.
 */
export interface NeuronModel {
  /** Short stable name, e.g. 'lif'; also the kernel prefix in the backend registry. */
  readonly kind: string;
  /** Registry prefix of the step kernels when kinds share them (every defineModel kind: 'equation'); default `kind`. */
  readonly stepKernel?: string;
  /** State variables, each a Float32Array of size × batch (× its width). */
  readonly variables: readonly string[];
  /**
   * Values per unit of a variable, default 1 (e.g. a lag vector of m samples). A variable of
   * width w is laid out `(b * size + i) * w + j`.
   */
  readonly widths?: Readonly<Record<string, number>>;
  /** Input channels whose per-step sums the model reads (cleared every step). */
  readonly inputs: readonly string[];
  /**
   * Values per batch element of each input channel, when they differ from the number of
   * units (a layer that maps an input image onto feature maps). Default: the population size.
   */
  readonly inputSize?: number;
  /** The variable projections read and monitors show by default. */
  readonly output: string;
  /** Spiking models report fired units; their projections propagate only those rows. */
  readonly spiking: boolean;
  /** Source populations have their output written by the stimulus each step. */
  readonly source?: boolean;
  /** Arrays the model owns (shared by all units unless the model says otherwise). */
  readonly parameters?: ParameterArrays;
  /** Set initial state (called at simulator start and on reset). */
  init(state: StateArrays, ctx: InitContext): void;
  /** Advance one step. Returns the number of fired units written to `ctx.fired` (0 for rate models). */
  step(state: StateArrays, inputs: InputArrays, ctx: StepContext): number;
  /** Plain-JSON description of the model's settings, for circuit files. */
  describe(): Record<string, unknown>;
}
