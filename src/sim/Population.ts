import { map, type Observable } from 'rxjs';
import { Broadcast } from './Broadcast.js';
import { checkAllocation } from '../core/memoryBudget.js';
import type { InputArrays, NeuronModel, StateArrays } from '../neurons/NeuronModel.js';
import type { StateAllocator } from './backends/registry.js';

/**
 * Spikes (or threshold crossings) of one population at one step. From `events$` each is a
 * frozen object with its own `units` (exactly `count` long); from `eventsView$` the object and
 * its `units` buffer are reused every step (the first `count` are valid): read them in the callback.
 */
export interface SpikeEvents {
  /** The population's name. */
  readonly population: string;
  /** The simulator step the events belong to. */
  readonly step: number;
  /** How many units fired. */
  readonly count: number;
  /** Flat indices `b * size + i` of the units that fired; the first `count` are valid. */
  readonly units: Int32Array;
}

/**
 * N units of one model. The population holds its state (allocated by the simulator that
 * runs it); `output$` and `events$` are per-population streams, never per neuron.
 */
export class Population {
  /** @internal state arrays, one per model variable (size × batch). */
  state: StateArrays = {};
  /** @internal summed input per channel for the current step. */
  inputs: InputArrays = {};
  /** @internal fired flat indices this step (first `firedCount`). */
  fired: Int32Array = new Int32Array(0);
  /** @internal number of valid entries in `fired`. */
  firedCount = 0;
  /** Samples simulated together: set by the simulator that runs the population (1 until then). */
  batch = 1;

  /** @internal */ readonly outputBroadcast = new Broadcast<Float32Array>();
  /** @internal */ readonly eventsBroadcast = new Broadcast<SpikeEvents>();
  /** @internal reused event record */ readonly eventRecord: { population: string; step: number; count: number; units: Int32Array };

  /**
   * This population's output each tick, as a copy that stays what it was (size × batch floats
   * per tick). For zero-copy reading in the callback use `outputView$`.
   */
  readonly output$: Observable<Float32Array> = this.outputBroadcast.pipe(map((a) => a.slice()));
  /** Zero-copy: the simulator's own buffer, valid only during the callback; it changes every step. */
  readonly outputView$: Observable<Float32Array> = this.outputBroadcast;
  /** Emits only on steps where units fired: a frozen record with its own `units` array. */
  readonly events$: Observable<SpikeEvents> = this.eventsBroadcast.pipe(
    map((e) => Object.freeze({ population: e.population, step: e.step, count: e.count, units: e.units.slice(0, e.count) })),
  );
  /** Zero-copy `events$`: one reused record, valid only during the callback. */
  readonly eventsView$: Observable<SpikeEvents> = this.eventsBroadcast;

  constructor(
    /** Unique name within the network. */
    readonly name: string,
    /** Number of units. */
    readonly size: number,
    /** The neuron model every unit runs. */
    readonly model: NeuronModel,
  ) {
    this.eventRecord = { population: name, step: 0, count: 0, units: this.fired };
  }

  /** Values per batch element of each input channel (the model's `inputSize`, default `size`). */
  get inputSize(): number {
    return this.model.inputSize ?? this.size;
  }

  /** The output variable's current values (size × batch). */
  get output(): Float32Array {
    return this.state[this.model.output] ?? new Float32Array(0);
  }

  /** @internal lengths of the arrays `allocate` makes for a batch size (state, inputs, fired). */
  arrayLengths(batch: number): number[] {
    const n = this.size * batch;
    return [...this.model.variables.map((v) => n * (this.model.widths?.[v] ?? 1)), ...this.model.inputs.map(() => this.inputSize * batch), n];
  }

  /** @internal allocate state, input and event buffers for a batch size (in a backend's memory when it gives an allocator). */
  allocate(batch: number, alloc?: StateAllocator): void {
    checkAllocation(`population '${this.name}' (${this.size} units × batch ${batch})`, populationBytes(this.size, batch, this.model));
    const n = this.size * batch;
    const f32 = alloc ? (k: number) => alloc.f32(k) : (k: number) => new Float32Array(k);
    this.batch = batch;
    this.state = {};
    for (const v of this.model.variables) this.state[v] = f32(n * (this.model.widths?.[v] ?? 1));
    this.inputs = {};
    for (const c of this.model.inputs) this.inputs[c] = f32(this.inputSize * batch);
    this.fired = alloc ? alloc.i32(n) : new Int32Array(n);
    this.firedCount = 0;
    this.eventRecord.units = this.fired;
  }
}

/** Bytes a population's state, inputs and spike list take (what `allocate` makes). */
export function populationBytes(size: number, batch: number, model: NeuronModel): number {
  const widths = model.variables.reduce((sum, v) => sum + (model.widths?.[v] ?? 1), 0);
  return size * batch * 4 * (widths + model.inputs.length + 1);
}
