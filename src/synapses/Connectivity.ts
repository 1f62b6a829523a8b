import type { SeededRandom } from '../core/random.js';

/**
 * Built synapses of one projection. `weights` is the array plasticity rules see and
 * change; its layout depends on `kind` (dense: [pre][post] row-major; csr: one value per
 * stored synapse in row order; oneToOne: one per unit).
 */
export interface Synapses {
  /** The storage: 'dense', 'sparse', 'oneToOne', or a kind a plugin registers kernels for. */
  readonly kind: string;
  /** Units of the presynaptic population. */
  readonly preSize: number;
  /** Units of the postsynaptic population. */
  readonly postSize: number;
  /** The weights, laid out as `kind` says. */
  readonly weights: Float32Array;
}

/** All-to-all synapses, weights [pre][post] row-major. */
export interface DenseSynapses extends Synapses {
  /** Always 'dense'. */
  readonly kind: 'dense';
}

/**
 * Compressed sparse rows, one row per presynaptic unit: the synapses of pre unit i are the
 * indices k from `rowPtr[i]` to `rowPtr[i+1] - 1`; synapse k goes to post unit `cols[k]` with
 * weight `weights[k]` (columns increase within a row). `rowPtr` has preSize + 1 entries,
 * `rowPtr[0] = 0`, `rowPtr[preSize] = weights.length`. To visit the synapses onto a post unit
 * use `forEachSynapseOnto`.
 */
export interface SparseSynapses extends Synapses {
  /** Always 'sparse'. */
  readonly kind: 'sparse';
  /** Start of each presynaptic unit's row in `cols` and `weights` (preSize + 1 offsets). */
  readonly rowPtr: Int32Array;
  /** The postsynaptic unit of each stored synapse: 16-bit when the post population has at most 65,536 units (2 bytes a synapse instead of 4). */
  readonly cols: Int32Array | Uint16Array;
}

/** Unit i of pre to unit i of post, one weight per unit. */
export interface OneToOneSynapses extends Synapses {
  /** Always 'oneToOne'. */
  readonly kind: 'oneToOne';
}

/**
 * How pre connects to post. A spec only describes; `build` makes the synapses with the
 * projection's own stream of the simulator's seeded generator.
 */
export interface ConnectivitySpec {
  /** Which synapse kind `build` makes (selects the delivery kernels). */
  readonly kind: string;
  /** A size problem in words, or null when pre/post sizes fit. */
  check(preSize: number, postSize: number): string | null;
  /** Make the synapses for these sizes, drawing from `random` (the projection's own stream); `samePopulation` when pre is post. */
  build(preSize: number, postSize: number, random: SeededRandom, samePopulation: boolean): Synapses;
  /**
   * Bytes `build` will allocate for these sizes, when the spec can tell before drawing (dense:
   * pre × post × 4). `Network.connect` checks it against the memory budget first.
   */
  bytes?(preSize: number, postSize: number): number;
  /** Plain-JSON settings for circuit files (weights are saved separately). */
  describe(): Record<string, unknown>;
}

/**
 * Propagation kernels for one synapse kind. `out` is the post target (an input channel
 * cleared every step, or a state variable that jumps), laid out `b * postSize + j`.
 */
export interface DeliveryKernels<S extends Synapses = Synapses> {
  /** Event-driven: add the rows of the fired presynaptic units (flat indices b·pre+i). */
  spikes(syn: S, fired: Int32Array, count: number, out: Float32Array, batch: number): void;
  /** Graded: out += Wᵀ x for every batch element; rows with x = 0 are skipped. */
  rates(syn: S, x: Float32Array, out: Float32Array, batch: number): void;
}
