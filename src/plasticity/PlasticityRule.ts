import type { ProductKernels } from '../math/productKernels.js';
import type { InputArrays, ParameterArrays } from '../neurons/NeuronModel.js';
import type { DenseSynapses, OneToOneSynapses, SparseSynapses, Synapses } from '../synapses/Connectivity.js';

/**
 * What a rule may see of one population: its activity this step and its recent history.
 * Arrays are the simulator's own buffers, valid during the call; layout `b * size + i`.
 */
export interface ActivityView {
  /** Units in the population. */
  readonly size: number;
  /** Samples simulated together. */
  readonly batch: number;
  /** The population's output variable this step. */
  readonly output: Float32Array;
  /** Spiking populations: flat indices of the units that fired this step (first `firedCount`). */
  readonly fired: Int32Array;
  /** Valid entries in `fired`. */
  readonly firedCount: number;
  /**
   * Traces with the time constants the rule declared, in declaration order. A trace holds
   * the history up to the previous step, decayed to this one: spikes add 1, graded outputs
   * are low-passed (unit gain). This step's activity is added after the rules ran.
   */
  readonly traces: readonly Float32Array[];
}

/**
 * The whole world of a rule attached to a projection: nothing else is reachable. `S` types the
 * synapses per connectivity kind (`ProjectionRule<SparseSynapses>` sees `rowPtr`/`cols` without casts).
 */
export interface ProjectionView<S extends Synapses = Synapses> {
  /** The presynaptic population's activity. */
  readonly pre: ActivityView;
  /** The postsynaptic population's activity. */
  readonly post: ActivityView;
  /**
   * The projection's synapses: read the structure, change `weights` in place. Layouts: dense,
   * `weights[i * postSize + j]`; sparse (CSR, one row per pre unit), the synapses of pre unit i
   * are `k` in `rowPtr[i] .. rowPtr[i+1]-1`, going to post unit `cols[k]` with weight
   * `weights[k]`; oneToOne, `weights[i]` joins pre i to post i.
   */
  readonly synapses: S;
  /**
   * A per-synapse state array of this attachment (eligibility traces, running averages): same
   * length and layout as `synapses.weights`, zero at first, created on first request, saved and
   * loaded with the network (`saveNetwork`), zeroed by `Simulator.reset()`.
   */
  synapseState(name: string): Float32Array;
  /** Time step, in seconds. */
  readonly dt: number;
  /** The step being computed. */
  readonly step: number;
  /** A signal the circuit routed to this rule explicitly (reward, error), or null. */
  readonly modulator: Float32Array | null;
  /** The products of the backend the simulator runs on (e.g. `windowProduct` for BSP's G1). */
  readonly kernels: ProductKernels;
  /**
   * `length` float32 zeros of the rule's own (window sums, scratch), in the backend's memory
   * where it has room for them, so `kernels` can work on them there (the wasm backend keeps room
   * for one value per pre and post value and batch copy of each attachment); an ordinary array
   * otherwise. Ask in `init`: the memory is not reclaimed.
   */
  floats(length: number): Float32Array;
}

/** The whole world of a rule attached to a population. */
export interface PopulationView {
  /** The population's own activity and input. */
  readonly self: ActivityView & {
    /** The summed synaptic input per channel this step. */
    readonly input: InputArrays;
  };
  /** The model's own parameters (filters, fixed points): change them in place. */
  readonly parameters: ParameterArrays;
  /** Time step, in seconds. */
  readonly dt: number;
  /** The step being computed. */
  readonly step: number;
  /** A signal the circuit routed to this rule explicitly (reward, error), or null. */
  readonly modulator: Float32Array | null;
  /** The products of the backend the simulator runs on: a layer's gradient runs where its forward pass ran. */
  readonly kernels: ProductKernels;
  /**
   * `length` float32 zeros of the rule's own (window sums, scratch), in the backend's memory
   * where it has room for them, so `kernels` can work on them there (the wasm backend keeps room
   * for one value per pre and post value and batch copy of each attachment); an ordinary array
   * otherwise. Ask in `init`: the memory is not reclaimed.
   */
  floats(length: number): Float32Array;
}

interface RuleHooks<V> {
  /** A short name for messages and circuit files. */
  readonly name: string;
  /** Called once when the simulator binds the rule (check shapes, allocate state here). */
  init?(view: V): void;
  /** Called every step after all populations have been updated. */
  onStep?(view: V): void;
  /** Called at the end of every `run()` and every `batchSteps` steps if set. */
  onBatch?(view: V): void;
  /** Steps between `onBatch` calls during a run (optional). */
  readonly batchSteps?: number;
  /**
   * True when `onStep` and the spike hooks only read the view and keep sums of their own,
   * writing no weights and no model parameters (those change only in `onBatch`): backends
   * that keep a copy of the weights in their own memory then keep it across steps instead of
   * re-copying it after every step. A rule that sets it and writes anyway is caught by the
   * backends' spot checks (an error naming the flagged rules), not silently. Default false.
   */
  readonly onStepReadsOnly?: boolean;
  /**
   * Plain-JSON settings; `rule` names it for the loader (`registerRule`), and the rest is what
   * its factory takes, so `factory(describe())` rebuilds an equal rule.
   */
  describe?(): Record<string, unknown>;
  /** Called by `Simulator.reset()`: clear state that belongs to one run (not learned state). */
  onReset?(view: V): void;
  /**
   * State kept in the rule's closure that a save must carry (plain JSON: numbers, arrays,
   * Float32Array/Float64Array values are encoded exactly). Per-synapse arrays from
   * `view.synapseState` are saved without this.
   */
  state?(): RuleState;
  /** Put back what `state()` returned (called after `init` when a saved network is loaded). */
  restore?(state: RuleState): void;
}

/** What a rule's `state()` returns: JSON values, or typed arrays (saved bit for bit). */
export type RuleState = Record<string, unknown>;

/** A learning rule attached to a projection (changes its weights); `S` narrows the synapse kind. */
export interface ProjectionRule<S extends Synapses = Synapses> extends RuleHooks<ProjectionView<S>> {
  /** Marks a projection rule (`Network.learn` on a projection). */
  readonly attach: 'projection';
  /** Trace time constants (s) to keep for the pre and post populations. */
  readonly traces?: {
    /** Time constants (s) of the presynaptic traces. */
    readonly pre?: readonly number[];
    /** Time constants (s) of the postsynaptic traces. */
    readonly post?: readonly number[];
  };
  /** Called on steps where presynaptic units fired. */
  onPreSpikes?(view: ProjectionView<S>, fired: Int32Array, count: number): void;
  /** Called on steps where postsynaptic units fired. */
  onPostSpikes?(view: ProjectionView<S>, fired: Int32Array, count: number): void;
  /** Synapse kinds the rule handles (checked at `learn()`/simulator start; default: any). */
  readonly kinds?: readonly S['kind'][];
}

/** A learning rule attached to a population (changes its model's parameters). */
export interface PopulationRule extends RuleHooks<PopulationView> {
  /** Marks a population rule (`Network.learn` on a population). */
  readonly attach: 'population';
  /** Trace time constants (s) to keep for the population. */
  readonly traces?: readonly number[];
  /** Called on steps where units of the population fired. */
  onSpikes?(view: PopulationView, fired: Int32Array, count: number): void;
}

/** Any learning rule: on a projection or on a population. */
export type PlasticityRule = ProjectionRule<any> | PopulationRule; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A rule for sparse projections (sees `rowPtr` and `cols`). */
export type SparseRule = ProjectionRule<SparseSynapses>;
/** A rule for dense projections (weights [pre][post]). */
export type DenseRule = ProjectionRule<DenseSynapses>;
/** A rule for one-to-one projections. */
export type OneToOneRule = ProjectionRule<OneToOneSynapses>;
