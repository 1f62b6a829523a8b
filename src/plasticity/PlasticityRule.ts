import type { InputArrays, ParameterArrays } from '../neurons/NeuronModel.js';
import type { Synapses } from '../synapses/Connectivity.js';

/**
 * What a rule may see of one population: its activity this step and its recent history.
 * Arrays are the simulator's own buffers, valid during the call; layout `b * size + i`.
 */
export interface ActivityView {
  readonly size: number;
  readonly batch: number;
  /** The population's output variable this step. */
  readonly output: Float32Array;
  /** Spiking populations: flat indices of the units that fired this step (first `firedCount`). */
  readonly fired: Int32Array;
  readonly firedCount: number;
  /**
   * Traces with the time constants the rule declared, in declaration order. A trace holds
   * the history up to the previous step, decayed to this one: spikes add 1, graded outputs
   * are low-passed (unit gain). This step's activity is added after the rules ran.
   */
  readonly traces: readonly Float32Array[];
}

/** The whole world of a rule attached to a projection: nothing else is reachable. */
export interface ProjectionView {
  readonly pre: ActivityView;
  readonly post: ActivityView;
  /** The projection's synapses: read the structure, change `weights` in place. */
  readonly synapses: Synapses;
  readonly dt: number;
  readonly step: number;
  /** A signal the circuit routed to this rule explicitly (reward, error), or null. */
  readonly modulator: Float32Array | null;
}

/** The whole world of a rule attached to a population. */
export interface PopulationView {
  readonly self: ActivityView & {
    /** The summed synaptic input per channel this step. */
    readonly input: InputArrays;
  };
  /** The model's own parameters (filters, fixed points): change them in place. */
  readonly parameters: ParameterArrays;
  readonly dt: number;
  readonly step: number;
  readonly modulator: Float32Array | null;
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
  /** Plain-JSON settings (and learned state a rule wants saved). */
  describe?(): Record<string, unknown>;
}

/** A learning rule attached to a projection (changes its weights). */
export interface ProjectionRule extends RuleHooks<ProjectionView> {
  readonly attach: 'projection';
  /** Trace time constants (s) to keep for the pre and post populations. */
  readonly traces?: { readonly pre?: readonly number[]; readonly post?: readonly number[] };
  /** Called on steps where presynaptic units fired. */
  onPreSpikes?(view: ProjectionView, fired: Int32Array, count: number): void;
  /** Called on steps where postsynaptic units fired. */
  onPostSpikes?(view: ProjectionView, fired: Int32Array, count: number): void;
}

/** A learning rule attached to a population (changes its model's parameters). */
export interface PopulationRule extends RuleHooks<PopulationView> {
  readonly attach: 'population';
  readonly traces?: readonly number[];
  /** Called on steps where units of the population fired. */
  onSpikes?(view: PopulationView, fired: Int32Array, count: number): void;
}

export type PlasticityRule = ProjectionRule | PopulationRule;
