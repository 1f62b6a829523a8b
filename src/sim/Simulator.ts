import { Observable, asyncScheduler, share, type Subscription } from 'rxjs';
import type { InputArrays, NeuronModel, StateArrays, StepContext } from '../neurons/NeuronModel.js';
import type { DeliveryKernels, Synapses } from '../synapses/Connectivity.js';
import { RateDelayRing, SpikeDelayRing } from '../synapses/delayRing.js';
import './backends/cpu/registerCpu.js';
import './backends/gpu/registerGpu.js';
import './backends/wasm/registerWasm.js';
import type { AllFiniteKernel } from './backends/cpu/allFinite.js';
import { getKernel, resolveBackend, stateBytes, type BackendConfig, type StateAllocator } from './backends/registry.js';
import type { GradedDelivery, GradedGroupKernel } from './backends/gradedGroup.js';
import { HostEdits } from './hostEdits.js';
import { bindRule, type BoundRule } from './bindRules.js';
import { productKernels } from './backends/products.js';
import type { ProductKernels } from '../math/productKernels.js';
import { Clock, type Tick } from './Clock.js';
import { NeurostreamError, RuleError, SimulatorHaltedError, SpecError, requireNonNegativeInt, requirePositive } from '../core/errors.js';
import { renamedOption } from '../core/warnings.js';
import { describeTarget } from './checkAttachment.js';
import { checkFinite } from './checkFinite.js';
import type { Monitor } from './monitors/Monitor.js';
import { RateMonitor } from './monitors/RateMonitor.js';
import { SpikeMonitor } from './monitors/SpikeMonitor.js';
import type { Network } from './Network.js';
import type { Population } from './Population.js';
import { Projection } from './Projection.js';
import { hashString, SeededRandom } from '../core/random.js';
import { RunResult } from './RunResult.js';
import { RunRecording, type RecordSelection } from './runRecording.js';
import type { LiveStimulusInput, StimulusInput } from './Stimulus.js';
import { holdLatestFrames, sourceFeeds, type SourceFeed } from './stimulusFeeds.js';
import { TraceSet } from './traces.js';
import { paceFrames, pacing, type PacingOptions } from './wallClockPacing.js';
import { optionalSI, type Plausible, type QuantityInput } from '../core/quantity.js';


/** A spiking model stepped more coarsely than 10 ms misses spikes; graded ones tolerate up to a second. */
const SPIKING_DT: Plausible = { min: 1e-7, max: 0.01, what: 'the time step of a network with spiking populations' };
const GRADED_DT: Plausible = { min: 1e-7, max: 1, what: 'a time step' };
/** Below 1 ns a step is an error, not a warning: dt/τ is under float32's resolution for any τ used here. */
const MIN_DT = 1e-9;

/** Options of `new Simulator`. */
export interface SimulatorOptions {
  /** Time step (default 0.1 ms): a bare number is seconds, or `'0.1 ms'`. Above 10 ms with a spiking population warns. */
  dt?: QuantityInput;
  /** 'cpu', 'gpu', another registered backend, or 'auto' (default 'cpu'). */
  backend?: string;
  /** Seed of the simulation's random draws: initial states, noise (default 0). Connectivity comes from `Network({ seed })`. */
  seed?: number;
  /** Independent copies of the network state simulated together (default 1). */
  batch?: number;
  /** Check every n-th step that no state is NaN or infinite (default 1; 0 = never). */
  checkFinite?: number;
}

/** Options of `Simulator.run`. */
export interface RunOptions {
  /**
   * Populations whose outputs the result keeps, every step (default none: recording is opt-in;
   * monitors record with decimation). 'all' records every population.
   */
  record?: RecordSelection;
  /**
   * The memory budget for this run's recording, in bytes (default: the process-wide
   * `memoryBudget()`, 2 GiB unless NEUROSTREAM_MEMORY_BUDGET or `setMemoryBudget` says
   * otherwise); a `record` over it fails before allocating with a MemoryBudgetError.
   */
  memoryBudget?: number;
  /** @deprecated The old name of `memoryBudget` (warns). */
  recordBudget?: number;
  /** Apply plasticity (default: the simulator's `learning` flag, initially true). */
  learn?: boolean;
  /** Called about every `progressEvery` steps with (done, total). */
  progress?: (done: number, total: number) => void;
  /** Steps between `progress` calls (default: a hundredth of the run, at least 1). */
  progressEvery?: number;
  /**
   * Populations (by name) held for this run: not stepped and nothing delivered into them, so
   * their state and output stay as they are. For protocols in which a population's further
   * activity is read by nothing (BSP's forward chain during the backward window): the work is
   * skipped, what is read is unchanged. Source populations cannot be held (their stimulus writes them).
   */
  hold?: readonly string[];
}

/** Options of `Simulator.stream`: pacing against the wall clock, and whether rules learn. */
export interface StreamOptions extends PacingOptions {
  /** Apply plasticity (default: the simulator's `learning` flag). */
  learn?: boolean;
}

type DeliverFn = (step: number) => void;

/** A simulation's state between two steps (see `Simulator.captureState`). */
export interface SimulatorSnapshot {
  readonly step: number;
  readonly populations: Record<string, Record<string, Float32Array>>;
  readonly rings: ({ spikes: number[][] } | { rates: Float32Array[] })[];
  readonly traces: Float32Array[][];
}

interface Unit {
  pop: Population;
  step: (state: StateArrays, inputs: InputArrays, ctx: StepContext) => number;
  ctx: StepContext;
  channels: Float32Array[];
  deliveries: DeliverFn[];
  pushes: ((step: number) => void)[];
  variables: [string, Float32Array][];
  /** Device backends: copy this population's state to the host arrays (null on host backends). */
  sync: (() => void) | null;
  /** Host code reads this population's state every step (rules, graded projections, state monitors). */
  hostReads: boolean;
  /** The current run records this population's output. */
  recording: boolean;
  /** The current run holds this population (`RunOptions.hold`): it is skipped. */
  held: boolean;
}

/**
 * Runs a network: owns the clock, the backend and the seed. `run` advances virtual time
 * as fast as possible; `stream` follows the wall clock for live display.
 */
export class Simulator {
  /** Time step, in seconds. */
  readonly dt: number;
  /** Seed of the simulation's random draws. */
  readonly seed: number;
  /** Samples simulated together. */
  readonly batch: number;
  /** The backend that runs the kernels. */
  readonly backend: BackendConfig;
  /** The backend's product kernels (matmul, conv2d, …), as model steps and rule views get them. */
  readonly kernels: ProductKernels;
  /** Whether plasticity runs (per run overridable with `learn`). */
  learning = true;
  private readonly clock: Clock;
  private readonly checkEvery: number;
  private readonly allFinite: AllFiniteKernel;
  private readonly random: SeededRandom;
  private readonly units: Unit[] = [];
  private readonly traceSets = new Map<Population, TraceSet>();
  private readonly traceList: TraceSet[] = [];
  private readonly rules: BoundRule[] = [];
  private readonly rings: (SpikeDelayRing | RateDelayRing)[] = [];
  private readonly monitors: Monitor[] = [];
  private readonly monitorSubs: (() => void)[] = [];
  private streaming = false;
  /** Set when a rule threw mid-step (the message); cleared by reset(). */
  private halted: string | null = null;
  /** Subscribers of tick$ outside the monitors: they may read any state, so device state is synced for them. */
  private tickReaders = 0;
  /** Moves when weights or parameters may have changed: kernels keeping copies of them re-copy. */
  private readonly hostEdits = new HostEdits();

  /** Every completed step: a new frozen Tick each step (hot: subscribe before running). */
  readonly tick$: Observable<Tick>;

  constructor(
    /** The network it runs (built by the first simulator, with its connectivity drawn then). */
    readonly network: Network,
    options: SimulatorOptions = {},
  ) {
    const spiking = network.populations.some((p) => p.model.spiking && !p.model.source);
    const dt = requirePositive('Simulator.dt', optionalSI('Simulator.dt', options.dt, 'time', 1e-4));
    if (dt < MIN_DT) {
      throw new SpecError('Simulator.dt', `${dt} s is shorter than 1 ns: a step this short makes float32 state updates round to nothing; use at least '1 ns' (typically '0.1 ms')`);
    }
    this.dt = optionalSI('Simulator.dt', options.dt, 'time', 1e-4, spiking ? SPIKING_DT : GRADED_DT);
    this.seed = options.seed ?? 0;
    if (!Number.isInteger(this.seed)) throw new SpecError('Simulator.seed', `must be an integer, got ${this.seed}`);
    this.batch = requireNonNegativeInt('Simulator.batch', options.batch ?? 1);
    if (this.batch < 1) throw new SpecError('Simulator.batch', 'must be at least 1');
    this.checkEvery = requireNonNegativeInt('Simulator.checkFinite', options.checkFinite ?? 1);
    this.random = new SeededRandom(this.seed);
    this.clock = new Clock(this.dt);
    this.tick$ = new Observable<Tick>((subscriber) => {
      this.tickReaders++;
      const sub = this.clock.tick$.subscribe(subscriber);
      return () => {
        this.tickReaders--;
        sub.unsubscribe();
      };
    });
    const compiled = network.compile();
    const problem = compiled.order.reduce((n, p) => n + p.size * this.batch, 0);
    this.backend = resolveBackend(options.backend ?? 'cpu', problem);
    this.kernels = productKernels(this.backend.name);

    network.build(); // connectivity comes from the network's seed, not this simulator's
    const backend = this.backend;
    const synapseBytes = backend.synapseBytes ? network.projections.reduce((b, p) => b + backend.synapseBytes!(p.synapses, !p.pre.model.spiking, p.delaySteps, this.batch), 0) : 0;
    const modelBytes = backend.modelBytes ? compiled.order.reduce((b, p) => b + backend.modelBytes!(p.model), 0) : 0;
    // room for each rule's own arrays (view.floats): one value per pre and post value (the
    // population's, for a population rule) and batch copy, as BSP's window sums take
    const ruleBytes = backend.allocator ? stateBytes(network.attachments.flatMap((a) => (a.target instanceof Projection ? [a.target.pre.size * this.batch, a.target.post.size * this.batch] : [a.target.size * this.batch, a.target.size * this.batch]))) : 0;
    const alloc = backend.allocator?.(stateBytes(compiled.order.flatMap((p) => p.arrayLengths(this.batch))) + synapseBytes + modelBytes + ruleBytes, this.hostEdits);
    for (const pop of compiled.order) pop.allocate(this.batch, alloc);
    this.allFinite = getKernel<AllFiniteKernel>('state.allFinite', this.backend.name)!;
    for (const pop of compiled.order) this.units.push(this.makeUnit(pop, compiled.incoming.get(pop.name) ?? []));
    for (const unit of this.units) this.wire(unit, compiled.incoming.get(unit.pop.name) ?? []);
    for (const a of network.attachments) {
      this.rules.push(bindRule(a, (p) => this.traces(p), this.clock, this.kernels, (n) => ruleFloats(alloc, n)));
    }
    this.hostEdits.readOnlyRules = this.rules.filter((r) => !r.stepWrites).map((r) => `'${r.name}' on ${describeTarget(r.attachment.target)}`);
    const residency = this.backend.residency;
    if (residency) {
      for (const unit of this.units) {
        const state = unit.pop.state;
        unit.sync = () => residency.pull(state);
        unit.hostReads = this.readsOnHost(unit.pop);
      }
    }
    this.reset();
  }

  /** Steps completed since construction or the last reset. */
  get step(): number {
    return this.clock.step;
  }

  /** Simulated seconds since construction or the last reset. */
  get time(): number {
    return this.clock.time;
  }

  /** Re-initialise every population's state and the clock (weights and parameters are kept). */
  reset(): void {
    if (this.streaming) throw new NeurostreamError('reset() while streaming: unsubscribe first');
    this.halted = null;
    this.hostEdits.mark();
    this.clock.reset();
    for (const u of this.units) {
      u.pop.model.init(u.pop.state, { size: u.pop.size, batch: this.batch, dt: this.dt, random: this.random.fork(`init:${u.pop.name}`) });
      for (const a of Object.values(u.pop.inputs)) a.fill(0);
      u.pop.firedCount = 0;
      this.backend.residency?.invalidate(u.pop.state);
    }
    for (const r of this.rings) r.clear();
    for (const t of this.traceList) {
      t.prepare(this.dt);
      t.reset();
    }
    for (const r of this.rules) r.reset();
  }

  /**
   * @internal Everything a run continues from, for `networkToJSON(net, { simulator })`: the step,
   * every population's state, the signals in flight in delay rings, and the rules' traces.
   * Weights and rule state are saved with the network itself.
   */
  captureState(): SimulatorSnapshot {
    this.syncAll();
    return {
      step: this.clock.step,
      populations: Object.fromEntries(this.units.map((u) => [u.pop.name, Object.fromEntries(u.variables.map(([v, a]) => [v, a.slice()]))])),
      rings: this.rings.map((r) => (r instanceof SpikeDelayRing ? { spikes: r.snapshot() } : { rates: r.snapshot() })),
      traces: this.traceList.map((t) => t.values.map((a) => a.slice())),
    };
  }

  /** @internal Put back what `captureState` returned (same network, same dt and batch). */
  restoreState(s: SimulatorSnapshot): void {
    const where = 'saved simulation';
    if (s.rings.length !== this.rings.length || s.traces.length !== this.traceList.length) {
      throw new SpecError(where, `has ${s.rings.length} delay rings and ${s.traces.length} trace sets, this simulator ${this.rings.length} and ${this.traceList.length}`);
    }
    for (const u of this.units) {
      const saved = s.populations[u.pop.name];
      if (!saved) throw new SpecError(`${where}.populations`, `no state for population '${u.pop.name}'`);
      for (const [v, a] of u.variables) {
        const x = saved[v];
        if (!x || x.length !== a.length) throw new SpecError(`${where}.populations.${u.pop.name}.${v}`, `expected ${a.length} values, found ${x?.length ?? 'none'}`);
        a.set(x);
      }
      this.backend.residency?.invalidate(u.pop.state);
    }
    this.rings.forEach((r, k) => {
      const saved = s.rings[k]!;
      if (r instanceof SpikeDelayRing && 'spikes' in saved) r.restore(saved.spikes);
      else if (r instanceof RateDelayRing && 'rates' in saved) r.restore(saved.rates);
      else throw new SpecError(`${where}.rings[${k}]`, 'kind does not match the network');
    });
    this.traceList.forEach((t, k) => t.values.forEach((a, j) => a.set(s.traces[k]![j]!)));
    this.clock.step = s.step;
    this.hostEdits.mark();
  }

  /** Add a monitor; it records from the next step on. */
  add<M extends Monitor>(monitor: M): M {
    monitor.bind({ population: this.network.getPopulation(monitor.target), dt: this.dt, batch: this.batch });
    // Spike and rate monitors read only the fired list, which is always on the host.
    if (!(monitor instanceof SpikeMonitor || monitor instanceof RateMonitor)) {
      for (const u of this.units) if (u.pop.name === monitor.target) u.hostReads = true;
    }
    this.monitors.push(monitor);
    this.monitorSubs.push(this.clock.onStep((step) => monitor.record(step)));
    return monitor;
  }

  /** Stop a monitor recording. */
  remove(monitor: Monitor): void {
    const k = this.monitors.indexOf(monitor);
    if (k < 0) return;
    this.monitors.splice(k, 1);
    this.monitorSubs.splice(k, 1)[0]!();
  }

  /**
   * Run for `seconds` of simulated time, synchronously and deterministically. The
   * stimulus feeds the network's source populations (one stimulus for a single source,
   * or a record by population name; null when there are none).
   */
  run(stimulus: StimulusInput | null, seconds: number, options: RunOptions = {}): RunResult {
    requirePositive('run.seconds', seconds);
    return this.runSteps(stimulus, Math.round(seconds / this.dt), options);
  }

  /** Run an exact number of steps. */
  runSteps(stimulus: StimulusInput | null, steps: number, options: RunOptions = {}): RunResult {
    requireNonNegativeInt('run.steps', steps);
    if (this.streaming) throw new NeurostreamError('run() while streaming: unsubscribe from stream() first');
    const feeds = this.feeds(stimulus);
    const learn = options.learn ?? this.learning;
    const startStep = this.clock.step;
    const recording = new RunRecording(this.network, this.units.map((u) => u.pop), options.record, steps, this.batch, renamedOption<number>('run', options, 'recordBudget', 'memoryBudget'));
    for (const m of this.monitors) m.prepare(steps);
    const every = options.progressEvery ?? Math.max(1, Math.floor(steps / 100));
    for (const u of this.units) u.recording = recording.records(u.pop);
    this.markHeld(options.hold);

    this.hostEdits.mark(); // weights and parameters may have been set since the last run
    for (let s = 0; s < steps; s++) {
      this.advance(feeds, learn);
      recording.record(s);
      if (options.progress && (s + 1) % every === 0) {
        options.progress(s + 1, steps);
        this.hostEdits.mark();
      }
    }
    for (const u of this.units) {
      u.recording = false;
      u.held = false;
    }
    this.syncAll();
    if (learn) {
      for (const r of this.rules) {
        if (!r.attachment.enabled) continue;
        try {
          r.batch();
        } catch (e) {
          throw this.haltOnRule(r, this.clock.step, e);
        }
        this.hostEdits.mark();
      }
    }
    const sizes = new Map(this.units.map((u) => [u.pop.name, u.pop.size]));
    return new RunResult(this.dt, startStep, steps, recording.outputs, recording.spikeCounts, sizes);
  }

  /**
   * Follow the wall clock: on each frame, compute the steps that real time (× speed) has
   * made due, and emit every completed tick. Unsubscribing stops the frames and leaves
   * no timer behind. Observables of frames are live inputs: the latest frame is held.
   * The Observable is shared: several subscribers see one run (it starts with the first and
   * stops when the last leaves); ticks are frozen objects that never change after emission.
   */
  stream(stimulus: LiveStimulusInput | null, options: StreamOptions = {}): Observable<Tick> {
    const pace = pacing(options, this.dt, asyncScheduler);
    const run$ = new Observable<Tick>((subscriber) => {
      if (this.streaming) {
        subscriber.error(new NeurostreamError('this simulator is already streaming from another stream() call: subscribe to that Observable again (it is shared), or unsubscribe it first'));
        return undefined;
      }
      const live: Subscription[] = [];
      const pull = holdLatestFrames(stimulus, live);
      const feeds = this.feeds(pull);
      const learn = options.learn ?? this.learning;
      this.streaming = true;
      for (const m of this.monitors) m.prepare(Infinity);
      const ticks = this.clock.tick$.subscribe(subscriber);
      this.tickReaders++; // the stream's subscriber may read state on every tick
      const frames = paceFrames(
        pace,
        this.dt,
        (n) => {
          this.hostEdits.mark(); // code between frames may have changed weights or parameters
          for (let s = 0; s < n; s++) this.advance(feeds, learn);
          this.syncAll();
        },
        subscriber,
      );
      return () => {
        frames.unsubscribe();
        ticks.unsubscribe();
        this.tickReaders--;
        for (const l of live) l.unsubscribe();
        this.streaming = false;
      };
    });
    // Multicast (RxJS share): every subscriber of this Observable sees the same run; it starts
    // with the first subscriber and stops when the last one unsubscribes.
    return run$.pipe(share());
  }

  /**
   * A rule threw mid-step: the step is half done, so the simulator refuses to run until reset().
   * Our own typed errors (they already name the field) pass through; anything else is wrapped
   * in a RuleError naming the rule, its target and the step.
   */
  private haltOnRule(rule: BoundRule, step: number, e: unknown): unknown {
    const error = e instanceof NeurostreamError ? e : new RuleError(rule.name, describeTarget(rule.attachment.target), step, e);
    this.halted = `rule '${rule.name}' threw at step ${step}: ${error instanceof Error ? error.message : String(error)}`;
    return error;
  }

  /** One step of the whole network: stimulus, populations in order, plasticity, traces, ticks. */
  private advance(feeds: readonly SourceFeed[], learn: boolean): void {
    if (this.halted !== null) throw new SimulatorHaltedError(this.halted);
    const t = this.clock.step;
    for (let f = 0; f < feeds.length; f++) {
      const feed = feeds[f]!;
      feed.frame(t, this.dt, feed.pop.output, feed.pop.size, this.batch);
    }
    for (let u = 0; u < this.units.length; u++) {
      const unit = this.units[u]!;
      if (unit.held) continue;
      const pop = unit.pop;
      for (let c = 0; c < unit.channels.length; c++) unit.channels[c]!.fill(0);
      for (let d = 0; d < unit.deliveries.length; d++) unit.deliveries[d]!(t);
      unit.ctx.step = t;
      unit.ctx.stateFinite = false;
      pop.firedCount = unit.step(pop.state, pop.inputs, unit.ctx);
      const checkDue = this.checkEvery > 0 && t % this.checkEvery === 0 && !unit.ctx.stateFinite;
      if (unit.sync !== null && (unit.hostReads || unit.recording || checkDue || pop.outputBroadcast.observed || this.tickReaders > 0)) unit.sync();
      if (checkDue) checkFinite(pop, unit.variables, t, this.batch, this.allFinite);
      for (let p = 0; p < unit.pushes.length; p++) unit.pushes[p]!(t);
      if (pop.outputBroadcast.observed) {
        pop.outputBroadcast.next(pop.output);
        this.hostEdits.mark();
      }
      if (pop.firedCount > 0 && pop.eventsBroadcast.observed) {
        pop.eventRecord.step = t;
        pop.eventRecord.count = pop.firedCount;
        pop.eventsBroadcast.next(pop.eventRecord);
        this.hostEdits.mark();
      }
    }
    for (let k = 0; k < this.traceList.length; k++) this.traceList[k]!.decay();
    if (learn) {
      for (let r = 0; r < this.rules.length; r++) {
        const rule = this.rules[r]!;
        if (!rule.attachment.enabled) continue;
        if (rule.stepWrites) this.hostEdits.mark();
        try {
          rule.step();
          if (rule.batchSteps > 0 && (t + 1) % rule.batchSteps === 0) {
            this.hostEdits.mark();
            rule.batch();
          }
        } catch (e) {
          throw this.haltOnRule(rule, t, e);
        }
      }
    }
    for (let k = 0; k < this.traceList.length; k++) this.traceList[k]!.add();
    this.clock.advance();
    if (this.clock.observed) this.hostEdits.mark(); // tick$ subscribers are user code
  }

  /** Flag the units of `RunOptions.hold`, naming an unknown or source population. */
  private markHeld(hold: readonly string[] | undefined): void {
    for (const u of this.units) u.held = false;
    for (const name of hold ?? []) {
      const unit = this.units.find((u) => u.pop.name === name);
      if (!unit) throw new SpecError(`run.hold`, `no population '${name}' in this network (${this.units.map((u) => u.pop.name).join(', ')})`);
      if (unit.pop.model.source === true) throw new SpecError(`run.hold`, `'${name}' is a source population: its stimulus writes it every step, it cannot be held`);
      unit.held = true;
    }
  }

  /** Device backends: bring every population's host arrays up to date (end of a run or frame). */
  private syncAll(): void {
    for (let u = 0; u < this.units.length; u++) this.units[u]!.sync?.();
  }

  /** Whether host code reads pop's state every step: rules touching it, or graded projections from it. */
  private readsOnHost(pop: Population): boolean {
    if (this.traceSets.has(pop)) return true;
    for (const a of this.network.attachments) {
      if (a.target === pop || a.modulator === pop) return true;
      if (a.target instanceof Projection && (a.target.pre === pop || a.target.post === pop)) return true;
    }
    return !pop.model.spiking && this.network.projections.some((p) => p.pre === pop);
  }

  private traces(pop: Population): TraceSet {
    let t = this.traceSets.get(pop);
    if (!t) {
      t = new TraceSet(pop);
      this.traceSets.set(pop, t);
      this.traceList.push(t);
    }
    return t;
  }

  private makeUnit(pop: Population, incoming: readonly Projection[]): Unit {
    const kernel = getKernel<(...a: [...Parameters<Unit['step']>, NeuronModel]) => number>(`${pop.model.stepKernel ?? pop.model.kind}.step`, this.backend.name);
    const model = pop.model;
    const step: Unit['step'] = kernel ? (s, i, c) => kernel(s, i, c, model) : (s, i, c) => model.step(s, i, c);
    const ctx: StepContext = {
      size: pop.size,
      batch: this.batch,
      dt: this.dt,
      step: 0,
      seed: this.seed,
      stream: hashString(pop.name),
      fired: pop.fired,
      kernels: this.kernels,
      silentInputs: pop.model.inputs.filter((c) => !incoming.some((p) => p.target === c)),
      hostEdits: this.hostEdits,
    };
    return {
      pop,
      step,
      ctx,
      channels: pop.model.inputs.map((c) => pop.inputs[c]!),
      deliveries: [],
      pushes: [],
      variables: pop.model.variables.map((v) => [v, pop.state[v]!] as [string, Float32Array]),
      sync: null,
      hostReads: false,
      recording: false,
      held: false,
    };
  }

  /** Delivery closures for a unit's incoming projections (and ring pushes on their pre units). */
  private wire(unit: Unit, incoming: readonly Projection[]): void {
    if (this.wireGradedGroup(unit, incoming)) return;
    for (const proj of incoming) {
      const syn = proj.synapses;
      const spikes = getKernel<DeliveryKernels<Synapses>['spikes']>(`${syn.kind}.spikes`, this.backend.name);
      const rates = getKernel<DeliveryKernels<Synapses>['rates']>(`${syn.kind}.rates`, this.backend.name);
      if (!spikes || !rates) {
        throw new SpecError(`projection '${proj.name}'`, `no delivery kernel registered for synapse kind '${syn.kind}'`);
      }
      const post = proj.post;
      const out = post.inputs[proj.target] ?? this.backend.residency?.jumpTarget(post.state, post.model, proj.target) ?? post.state[proj.target]!;
      const pre = proj.pre;
      const preUnit = this.units.find((u) => u.pop === pre)!;
      const batch = this.batch;
      const width = pre.size * batch;
      if (pre.model.spiking) {
        if (proj.delaySteps === 0) unit.deliveries.push(() => spikes(syn, pre.fired, pre.firedCount, out, batch));
        else {
          const ring = new SpikeDelayRing(proj.delaySteps, width);
          this.rings.push(ring);
          preUnit.pushes.push((t) => ring.push(t, pre.fired, pre.firedCount));
          unit.deliveries.push((t) => {
            const n = ring.count(t);
            if (n > 0) spikes(syn, ring.indices(t), n, out, batch);
          });
        }
      } else if (proj.delaySteps === 0) {
        const x = pre.state[proj.source]!;
        unit.deliveries.push(() => rates(syn, x, out, batch));
      } else {
        const x = pre.state[proj.source]!;
        const ring = new RateDelayRing(proj.delaySteps, width);
        this.rings.push(ring);
        preUnit.pushes.push((t) => ring.push(t, x));
        unit.deliveries.push((t) => rates(syn, ring.read(t), out, batch));
      }
    }
  }

  /**
   * Where the backend has a `graded.group` kernel and every projection into the unit is graded
   * and undelayed: one delivery for all of them, which also clears the channels they feed.
   * False when it does not apply or the kernel declines (then one closure per projection).
   */
  private wireGradedGroup(unit: Unit, incoming: readonly Projection[]): boolean {
    const kernel = getKernel<GradedGroupKernel>('graded.group', this.backend.name);
    if (!kernel || incoming.length === 0 || incoming.some((p) => p.pre.model.spiking || p.delaySteps !== 0)) return false;
    const post = unit.pop;
    const deliveries: GradedDelivery[] = incoming.map((proj) => ({
      synapses: proj.synapses,
      x: proj.pre.state[proj.source]!,
      out: post.inputs[proj.target] ?? this.backend.residency?.jumpTarget(post.state, post.model, proj.target) ?? post.state[proj.target]!,
    }));
    const clear = [...new Set(incoming.map((p) => post.inputs[p.target]).filter((c): c is Float32Array => c !== undefined))];
    const deliver = kernel({ population: post.name, clear, deliveries, batch: this.batch, hostEdits: this.hostEdits });
    if (deliver === null) return false;
    unit.deliveries.push(deliver);
    unit.channels = unit.channels.filter((c) => !clear.includes(c));
    return true;
  }

  private feeds(stimulus: StimulusInput | null | undefined): SourceFeed[] {
    return sourceFeeds(this.units.filter((u) => u.pop.model.source === true).map((u) => u.pop), stimulus);
  }
}

/** A rule's own float32 array (`view.floats`): in the backend's memory while it has room, else an ordinary one. */
function ruleFloats(alloc: StateAllocator | undefined, length: number): Float32Array {
  if (alloc === undefined) return new Float32Array(length);
  try {
    return alloc.f32(length);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return new Float32Array(length);
  }
}
