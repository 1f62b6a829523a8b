import type { NeuronModel } from '../neurons/NeuronModel.js';
import type { PlasticityRule } from '../plasticity/PlasticityRule.js';
import type { ConnectivitySpec } from '../synapses/Connectivity.js';
import { CycleError, NeurostreamError, SizeMismatchError, SpecError, requireNonNegativeInt, requirePositiveInt } from '../core/errors.js';
import { checkAllocation } from '../core/memoryBudget.js';
import { renamedOption } from '../core/warnings.js';
import { Population, populationBytes } from './Population.js';
import { Projection } from './Projection.js';
import { checkAttachment } from './checkAttachment.js';
import { SeededRandom } from '../core/random.js';

/** Options of `Network.connect`. */
export interface ConnectOptions {
  /** Unique name (default `pre->post`, numbered if taken). */
  name?: string;
  /** Delay in whole steps (default 0). A cycle needs a delay of at least 1 somewhere. */
  delaySteps?: number;
  /** @deprecated The old name of `delaySteps` (warns). */
  delay?: number;
  /** Input channel or state variable of post that receives the signal (default: post's first input). */
  target?: string;
  /** Variable of a graded pre population to read (default: pre's output variable). */
  source?: string;
}

/** A modulator is another population's output, or an array the caller writes (reward, error). */
export type ModulatorSource = Population | Float32Array;

/** A rule attached to a projection or population by `Network.learn`. */
export interface Attachment {
  /** The rule. */
  readonly rule: PlasticityRule;
  /** The projection or population it learns on. */
  readonly target: Population | Projection;
  /** Where its modulator comes from (another population's output, or an array the caller writes), or null. */
  readonly modulator: ModulatorSource | null;
  /** Whether the rule runs (default true): switch rules off to freeze what they learned. */
  enabled: boolean;
  /** Per-synapse state arrays of this attachment, by name (see ProjectionView.synapseState). */
  readonly synapseState: Map<string, Float32Array>;
}

/** The checked graph: update order and the projections into each population. */
export interface CompiledNetwork {
  /** Populations in update order (zero-delay edges respected, otherwise insertion order). */
  readonly order: readonly Population[];
  /** Incoming projections per population name. */
  readonly incoming: ReadonlyMap<string, readonly Projection[]>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.\-]*$/;

/** Options of `new Network`. */
export interface NetworkOptions {
  /**
   * Seed of the network's random connectivity and initial weights (default 0). Each projection
   * draws from its own stream, `projection:<name>`, so adding one does not change another.
   * The Simulator's seed draws everything else (initial states, noise); connectivity is drawn
   * once, by the first Simulator (or `build()`), and kept with the network, learned weights included.
   */
  seed?: number;
}

/** The graph of populations and projections, with the learning rules attached to them. */
export class Network {
  private readonly pops = new Map<string, Population>();
  private readonly projs = new Map<string, Projection>();
  private readonly rules: Attachment[] = [];
  private readonly modelOwners = new Map<NeuronModel, string>();
  /** Seed of connectivity and initial weights (see NetworkOptions.seed). */
  readonly seed: number;

  constructor(options: NetworkOptions = {}) {
    this.seed = options.seed ?? 0;
    if (!Number.isInteger(this.seed)) throw new SpecError('Network.seed', `must be an integer, got ${this.seed}`);
  }

  /**
   * Draw the synapses of every projection not built yet, each from the stream
   * `projection:<name>` of the network's seed. Simulators call this; built synapses are kept.
   */
  build(): void {
    const random = new SeededRandom(this.seed);
    for (const proj of this.projs.values()) {
      try {
        proj.built ??= proj.spec.build(proj.pre.size, proj.targetSize, random.fork(`projection:${proj.name}`), proj.pre === proj.post);
      } catch (e) {
        // A bad weight names the synapse; say which projection it belongs to.
        if (e instanceof SpecError && !e.field.startsWith('projection ')) throw new SpecError(`projection '${proj.name}'.${e.field}`, e.message.slice(e.field.length + 2));
        throw e;
      }
    }
  }

  /** Add a population of `size` units of `model`. */
  population(name: string, size: number, model: NeuronModel): Population {
    if (!NAME.test(name)) throw new SpecError(`population '${name}'.name`, 'use letters, digits, _ . - and start with a letter');
    if (this.pops.has(name)) throw new SpecError(`population '${name}'.name`, 'a population of that name exists already');
    requirePositiveInt(`population '${name}'.size`, size);
    checkAllocation(`population '${name}' (${size} units)`, populationBytes(size, 1, model));
    if (model.parameters && this.modelOwners.has(model)) {
      throw new SpecError(
        `population '${name}'.model`,
        `this model instance owns parameters and already belongs to population '${this.modelOwners.get(model)}'; create a new one`,
      );
    }
    if (!model.variables.includes(model.output)) {
      throw new SpecError(`population '${name}'.model.output`, `'${model.output}' is not one of the model's variables (${model.variables.join(', ')})`);
    }
    this.modelOwners.set(model, name);
    const pop = new Population(name, size, model);
    this.pops.set(name, pop);
    return pop;
  }

  /** Connect pre to post. Sizes and targets are checked here and again by `compile()`. */
  connect(pre: Population | string, post: Population | string, spec: ConnectivitySpec, options: ConnectOptions = {}): Projection {
    const a = this.resolve(pre, 'connect.pre');
    const b = this.resolve(post, 'connect.post');
    let name = options.name ?? `${a.name}->${b.name}`;
    if (options.name === undefined) for (let k = 2; this.projs.has(name); k++) name = `${a.name}->${b.name}#${k}`;
    if (this.projs.has(name)) throw new SpecError(`projection '${name}'.name`, 'a projection of that name exists already');
    const delay = requireNonNegativeInt(`projection '${name}'.delaySteps`, renamedOption<number>('connect', options, 'delay', 'delaySteps') ?? 0);
    checkAllocation(`projection '${name}': a delay of ${delay} steps of ${a.name}'s ${a.size} units`, (delay + 1) * a.size * 4);
    const target = options.target ?? b.model.inputs[0];
    if (target === undefined) {
      throw new SpecError(`projection '${name}'.target`, `population '${b.name}' (${b.model.kind}) takes no input`);
    }
    if (!b.model.inputs.includes(target) && !b.model.variables.includes(target)) {
      throw new SpecError(
        `projection '${name}'.target`,
        `'${target}' is neither an input (${b.model.inputs.join(', ') || 'none'}) nor a variable (${b.model.variables.join(', ')}) of population '${b.name}'`,
      );
    }
    const source = options.source ?? a.model.output;
    if (!a.model.variables.includes(source) || (a.model.widths?.[source] ?? 1) !== 1) {
      throw new SpecError(`projection '${name}'.source`, `'${source}' is not a one-value-per-unit variable of population '${a.name}' (${a.model.variables.join(', ')})`);
    }
    if (source !== a.model.output && a.model.spiking) {
      throw new SpecError(`projection '${name}'.source`, `population '${a.name}' is spiking: its projections carry spikes, not '${source}'`);
    }
    if ((b.model.widths?.[target] ?? 1) !== 1) {
      throw new SpecError(`projection '${name}'.target`, `'${target}' of population '${b.name}' has several values per unit`);
    }
    const postSize = b.model.inputs.includes(target) ? b.inputSize : b.size;
    const problem = spec.check(a.size, postSize);
    if (problem) throw new SizeMismatchError(name, problem);
    if (spec.bytes) checkAllocation(`projection '${name}': ${spec.kind} weights ${a.size} × ${postSize}`, spec.bytes(a.size, postSize));
    const proj = new Projection(name, a, b, spec, delay, target, source);
    this.projs.set(name, proj);
    return proj;
  }

  /** Attach a plasticity rule to a projection or a population, with an optional routed modulator. */
  learn(target: Projection | Population | string, rule: PlasticityRule, options: { modulator?: ModulatorSource | string; enabled?: boolean } = {}): Attachment {
    let t: Projection | Population;
    if (typeof target === 'string') {
      const found = this.projs.get(target) ?? this.pops.get(target);
      if (!found) throw new SpecError('learn.target', `no population or projection named '${target}'`);
      t = found;
    } else t = target;
    const isProj = t instanceof Projection;
    if (isProj ? this.projs.get(t.name) !== t : this.pops.get(t.name) !== t) {
      throw new SpecError('learn.target', `'${t.name}' belongs to another network`);
    }
    if (rule.attach === 'projection' && !isProj) {
      throw new SpecError(`learn(${t.name}).rule`, `rule '${rule.name}' attaches to a projection, not a population`);
    }
    if (rule.attach === 'population' && isProj) {
      throw new SpecError(`learn(${t.name}).rule`, `rule '${rule.name}' attaches to a population, not a projection`);
    }
    let modulator: ModulatorSource | null = null;
    if (options.modulator !== undefined) {
      modulator = typeof options.modulator === 'string' ? this.resolve(options.modulator, 'learn.modulator') : options.modulator;
      if (modulator instanceof Population && this.pops.get(modulator.name) !== modulator) {
        throw new SpecError('learn.modulator', `population '${modulator.name}' belongs to another network`);
      }
    }
    checkAttachment(rule, t);
    const attachment: Attachment = { rule, target: t, modulator, enabled: options.enabled ?? true, synapseState: new Map() };
    this.rules.push(attachment);
    return attachment;
  }

  /** The populations, in the order they were added. */
  get populations(): readonly Population[] {
    return [...this.pops.values()];
  }

  /** The projections, in the order they were added. */
  get projections(): readonly Projection[] {
    return [...this.projs.values()];
  }

  /** The rule attachments, in the order they were added. */
  get attachments(): readonly Attachment[] {
    return this.rules;
  }

  /** The population called `name`; a `SpecError` listing the names there are if none is. */
  getPopulation(name: string): Population {
    const p = this.pops.get(name);
    if (!p) throw new SpecError('population', `no population named '${name}' (have: ${[...this.pops.keys()].join(', ')})`);
    return p;
  }

  /** The projection called `name`; a `SpecError` listing the names there are if none is. */
  getProjection(name: string): Projection {
    const p = this.projs.get(name);
    if (!p) throw new SpecError('projection', `no projection named '${name}' (have: ${[...this.projs.keys()].join(', ')})`);
    return p;
  }

  /**
   * Check the graph and fix the update order: every projection's ends belong here, sizes
   * fit, and no cycle is made only of zero-delay projections.
   */
  compile(): CompiledNetwork {
    if (this.pops.size === 0) throw new NeurostreamError('network has no populations');
    const incoming = new Map<string, Projection[]>();
    for (const p of this.pops.values()) incoming.set(p.name, []);
    for (const proj of this.projs.values()) {
      for (const end of [proj.pre, proj.post]) {
        if (this.pops.get(end.name) !== end) {
          throw new SpecError(`projection '${proj.name}'`, `population '${end.name}' is not part of this network`);
        }
      }
      const problem = proj.spec.check(proj.pre.size, proj.targetSize);
      if (problem) throw new SizeMismatchError(proj.name, problem);
      incoming.get(proj.post.name)!.push(proj);
    }
    return { order: this.order(), incoming };
  }

  /** Kahn's algorithm on zero-delay edges; ties keep insertion order so schedules are stable. */
  private order(): Population[] {
    const names = [...this.pops.keys()];
    const indeg = new Map<string, number>(names.map((n) => [n, 0]));
    const out = new Map<string, Projection[]>(names.map((n) => [n, []]));
    for (const p of this.projs.values()) {
      if (p.delaySteps > 0) continue;
      indeg.set(p.post.name, indeg.get(p.post.name)! + 1);
      out.get(p.pre.name)!.push(p);
    }
    const order: Population[] = [];
    const done = new Set<string>();
    while (order.length < names.length) {
      const next = names.find((n) => !done.has(n) && indeg.get(n) === 0);
      if (next === undefined) throw new CycleError(this.findCycle(done));
      done.add(next);
      order.push(this.pops.get(next)!);
      for (const p of out.get(next)!) indeg.set(p.post.name, indeg.get(p.post.name)! - 1);
    }
    return order;
  }

  /**
   * A zero-delay cycle among the unscheduled populations, as `A -[proj]-> B ... -> A`.
   * Every unscheduled population still has an unscheduled zero-delay predecessor, so
   * walking backwards must revisit a population: that stretch is a cycle.
   */
  private findCycle(done: Set<string>): string[] {
    const edges = [...this.projs.values()].filter((p) => p.delaySteps === 0 && !done.has(p.pre.name) && !done.has(p.post.name));
    const back: Projection[] = [];
    const seenAt = new Map<string, number>();
    let cur = edges[0]!.post.name;
    while (!seenAt.has(cur)) {
      seenAt.set(cur, back.length);
      const e = edges.find((p) => p.post.name === cur)!;
      back.push(e);
      cur = e.pre.name;
    }
    const cycle = back.slice(seenAt.get(cur)!).reverse();
    const path = [cycle[0]!.pre.name];
    for (const e of cycle) path.push(`[${e.name}]`, e.post.name);
    return path;
  }

  private resolve(p: Population | string, field: string): Population {
    if (typeof p === 'string') return this.getPopulation(p);
    if (this.pops.get(p.name) !== p) throw new SpecError(field, `population '${p.name}' belongs to another network`);
    return p;
  }
}
