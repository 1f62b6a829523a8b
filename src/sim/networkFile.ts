/**
 * Any Network as versioned JSON (`neurostream.network`): populations (models by kind and
 * settings, `defineModel` models by their equations, model parameter arrays), projections
 * (connectivity, built synapses with their weights, delays, targets), rule attachments with
 * their state, and optionally a simulator's state mid-run so a loaded copy continues bit for
 * bit. Validated with zod on load; errors name the field. Node file I/O is in saveNetwork.ts.
 */
import { z } from 'zod';
import { decodeFloat32, encodeFloat32 } from '../core/base64.js';
import { FileFormatError, SpecError } from '../core/errors.js';
import type { RuleState } from '../plasticity/PlasticityRule.js';
import type { ConnectivitySpec, Synapses } from '../synapses/Connectivity.js';
import { columnIndices } from '../synapses/sparse.js';
import { modelFromDescription, ruleFromDescription } from './fileRegistry.js';
import { Network } from './Network.js';
import { Population } from './Population.js';
import { Simulator, type SimulatorOptions, type SimulatorSnapshot } from './Simulator.js';

/** The format name of a saved network. */
export const NETWORK_FORMAT = 'neurostream.network';
/** The version of the network-file layout; files with another version are refused. */
export const NETWORK_VERSION = 1;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64 of little-endian float32 values');
const json = z.record(z.string(), z.unknown());
const f32Record = z.record(z.string(), b64);

const populationSchema = z.object({ name: z.string(), size: z.number().int().positive(), model: json, parameters: f32Record.optional() }).strict();
const synapsesSchema = z
  .object({
    kind: z.enum(['dense', 'sparse', 'oneToOne']),
    preSize: z.number().int().nonnegative(),
    postSize: z.number().int().nonnegative(),
    weights: b64,
    rowPtr: z.array(z.number().int()).optional(),
    cols: z.array(z.number().int()).optional(),
  })
  .strict();
const projectionSchema = z
  .object({ name: z.string(), pre: z.string(), post: z.string(), delay: z.number().int().nonnegative(), target: z.string(), source: z.string(), connectivity: json, synapses: synapsesSchema })
  .strict();
const ruleSchema = z
  .object({
    target: z.union([z.object({ projection: z.string() }).strict(), z.object({ population: z.string() }).strict()]),
    rule: json,
    enabled: z.boolean(),
    modulator: z.string().nullable(),
    synapseState: f32Record,
    state: json.nullable(),
  })
  .strict();
const simulationSchema = z
  .object({
    dt: z.number().positive(),
    seed: z.number().int(),
    batch: z.number().int().positive(),
    step: z.number().int().nonnegative(),
    populations: z.record(z.string(), f32Record),
    rings: z.array(z.union([z.object({ spikes: z.array(z.array(z.number().int())) }).strict(), z.object({ rates: z.array(b64) }).strict()])),
    traces: z.array(z.array(b64)),
  })
  .strict();

/** The schema of a `neurostream.network` file. */
export const networkFileSchema = z
  .object({
    format: z.literal(NETWORK_FORMAT),
    version: z.literal(NETWORK_VERSION),
    seed: z.number().int(),
    populations: z.array(populationSchema),
    projections: z.array(projectionSchema),
    rules: z.array(ruleSchema),
    simulation: simulationSchema.optional(),
  })
  .strict();

/**
 * A base64 string of little-endian float32 values.
 * @inline
 */
type Float32Base64 = string;

/** A saved network (`neurostream.network`), as {@link networkToJSON} returns it; checked on load by a zod schema. */
export interface NetworkFile {
  /** `neurostream.network`. */
  format: typeof NETWORK_FORMAT;
  /** Layout version (1). */
  version: typeof NETWORK_VERSION;
  /** The network's seed. */
  seed: number;
  /** Every population, in the network's order. */
  populations: NetworkFilePopulation[];
  /** Every projection, in the network's order. */
  projections: NetworkFileProjection[];
  /** Every rule attachment, in the network's order. */
  rules: NetworkFileRule[];
  /** A simulator's state between two steps, when saved with one, so a loaded copy continues bit for bit. */
  simulation?: NetworkFileSimulation;
}

/**
 * One population in a network file.
 * @inline
 */
export interface NetworkFilePopulation {
  /** The population's name. */
  name: string;
  /** Its number of units. */
  size: number;
  /** The neuron model's `describe()`: its kind and settings, rebuilt through the model registry. */
  model: Record<string, unknown>;
  /** The model's parameter arrays by name (learned filters, per-unit constants), if it has any. */
  parameters?: Record<string, Float32Base64>;
}

/**
 * One projection in a network file.
 * @inline
 */
export interface NetworkFileProjection {
  /** The projection's name. */
  name: string;
  /** The presynaptic population's name. */
  pre: string;
  /** The postsynaptic population's name. */
  post: string;
  /** Delay in steps. */
  delay: number;
  /** The postsynaptic input variable it adds to. */
  target: string;
  /** The presynaptic variable it reads. */
  source: string;
  /** The connectivity's `describe()`, kept for readers; the built synapses below are what is loaded. */
  connectivity: Record<string, unknown>;
  /** The built synapses with their weights. */
  synapses: {
    /** Which storage the synapses use. */
    kind: 'dense' | 'sparse' | 'oneToOne';
    /** Presynaptic size. */
    preSize: number;
    /** Postsynaptic size. */
    postSize: number;
    /** The weights in the storage's order. */
    weights: Float32Base64;
    /** Sparse only: row start offsets (compressed sparse rows, one row per presynaptic unit). */
    rowPtr?: number[];
    /** Sparse only: the postsynaptic unit of each weight. */
    cols?: number[];
  };
}

/**
 * One rule attachment in a network file.
 * @inline
 */
export interface NetworkFileRule {
  /** The projection or population the rule learns on, by name. */
  target:
    | {
        /** The projection's name. */
        projection: string;
      }
    | {
        /** The population's name. */
        population: string;
      };
  /** The rule's `describe()`; its `rule` field names the factory given to `registerRule`. */
  rule: Record<string, unknown>;
  /** Whether the rule was switched on. */
  enabled: boolean;
  /** The name of the population whose output the rule reads as its modulator, or null. */
  modulator: string | null;
  /** Per-synapse state arrays by name. */
  synapseState: Record<string, Float32Base64>;
  /** The rule's own `state()`, typed arrays tagged by kind; null for rules without state. */
  state: Record<string, unknown> | null;
}

/**
 * A simulator's state in a network file.
 * @inline
 */
export interface NetworkFileSimulation {
  /** Time step, in seconds. */
  dt: number;
  /** The simulator's seed. */
  seed: number;
  /** Samples simulated together. */
  batch: number;
  /** Steps taken so far. */
  step: number;
  /** Every population's state arrays: population name → variable name → values. */
  populations: Record<string, Record<string, Float32Base64>>;
  /** The signals in flight in each delay ring: spike lists per slot, or rate arrays. */
  rings: (
    | {
        /** A spiking ring: the units in flight, one list per slot. */
        spikes: number[][];
      }
    | {
        /** A graded ring: the values in flight, one array per slot. */
        rates: Float32Base64[];
      }
  )[];
  /** The rules' activity traces, one list of arrays per trace set. */
  traces: Float32Base64[][];
}

/** The interface documents the file, the schema checks it: each accepts what the other describes. */
type Assignable<A, B extends A> = B;
type NetworkFileMatchesSchema = [Assignable<NetworkFile, z.infer<typeof networkFileSchema>>, Assignable<z.infer<typeof networkFileSchema>, NetworkFile>];

// Typed arrays inside rule state: Float32Array as base64, Float64Array as exact JSON numbers.
function encodeState(v: unknown): unknown {
  if (v instanceof Float32Array) return { $float32: encodeFloat32(v) };
  if (v instanceof Float64Array) return { $float64: Array.from(v) };
  if (v instanceof Int32Array) return { $int32: Array.from(v) };
  if (Array.isArray(v)) return v.map(encodeState);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeState(x)]));
  return v;
}

function decodeState(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeState);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$float32 === 'string') return decodeFloat32(o.$float32);
    if (Array.isArray(o.$float64)) return Float64Array.from(o.$float64 as number[]);
    if (Array.isArray(o.$int32)) return Int32Array.from(o.$int32 as number[]);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decodeState(x)]));
  }
  return v;
}

function encodeSynapses(projection: string, s: Synapses): NetworkFile['projections'][number]['synapses'] {
  if (s.kind !== 'dense' && s.kind !== 'sparse' && s.kind !== 'oneToOne') {
    throw new SpecError(`projection '${projection}'`, `synapses of kind '${s.kind}' cannot be saved yet (dense, sparse and oneToOne can)`);
  }
  const out: NetworkFile['projections'][number]['synapses'] = { kind: s.kind, preSize: s.preSize, postSize: s.postSize, weights: encodeFloat32(s.weights) };
  if (s.kind === 'sparse') {
    const sp = s as Synapses & { rowPtr: Int32Array; cols: Int32Array | Uint16Array };
    out.rowPtr = Array.from(sp.rowPtr);
    out.cols = Array.from(sp.cols);
  }
  return out;
}

/** Options of `networkToJSON`. */
export interface NetworkToJSONOptions {
  /** Also save this simulator's state (step, population state, signals in flight, traces), to continue the run after loading. */
  simulator?: Simulator;
}

/**
 * A Network (built: its synapses drawn) as a `neurostream.network` JSON object. Rules are saved
 * by their `describe()` (its `rule` field names the factory, see `registerRule`), their
 * `state()` and their per-synapse state arrays. Modulators must be populations: an array
 * the caller writes cannot be saved (an error names the attachment).
 */
export function networkToJSON(network: Network, options: NetworkToJSONOptions = {}): NetworkFile {
  network.build();
  const sim = options.simulator;
  if (sim && sim.network !== network) throw new SpecError('networkToJSON.simulator', 'runs another network');
  const populations = network.populations.map((p) => ({
    name: p.name,
    size: p.size,
    model: p.model.describe(),
    ...(p.model.parameters ? { parameters: Object.fromEntries(Object.entries(p.model.parameters).map(([k, a]) => [k, encodeFloat32(Float32Array.from(a))])) } : {}),
  }));
  const projections = network.projections.map((p) => ({
    name: p.name,
    pre: p.pre.name,
    post: p.post.name,
    delay: p.delaySteps,
    target: p.target,
    source: p.source,
    connectivity: p.spec.describe(),
    synapses: encodeSynapses(p.name, p.synapses),
  }));
  const rules = network.attachments.map((a) => {
    const where = `rule '${a.rule.name}' on ${a.target instanceof Population ? 'population' : 'projection'} '${a.target.name}'`;
    if (!a.rule.describe) throw new SpecError(where, 'has no describe(), so the loader could not rebuild it');
    if (a.modulator !== null && !(a.modulator instanceof Population)) {
      throw new SpecError(where, 'its modulator is an array the caller writes, which a file cannot carry; route it from a population to save this network');
    }
    const described = a.rule.describe();
    if (typeof described.rule !== 'string') throw new SpecError(where, "describe() must name the rule in a 'rule' field (the name given to registerRule)");
    return {
      target: a.target instanceof Population ? { population: a.target.name } : { projection: a.target.name },
      rule: described,
      enabled: a.enabled,
      modulator: a.modulator === null ? null : a.modulator.name,
      synapseState: Object.fromEntries([...a.synapseState].map(([k, v]) => [k, encodeFloat32(v)])),
      state: a.rule.state ? (encodeState(a.rule.state()) as Record<string, unknown>) : null,
    };
  });
  const file: NetworkFile = { format: NETWORK_FORMAT, version: NETWORK_VERSION, seed: network.seed, populations, projections, rules };
  if (sim) {
    const s = sim.captureState();
    file.simulation = {
      dt: sim.dt,
      seed: sim.seed,
      batch: sim.batch,
      step: s.step,
      populations: Object.fromEntries(Object.entries(s.populations).map(([p, vars]) => [p, Object.fromEntries(Object.entries(vars).map(([v, a]) => [v, encodeFloat32(a)]))])),
      rings: s.rings.map((r) => ('spikes' in r ? { spikes: r.spikes } : { rates: r.rates.map(encodeFloat32) })),
      traces: s.traces.map((t) => t.map(encodeFloat32)),
    };
  }
  return JSON.parse(JSON.stringify(file)) as NetworkFile; // plain JSON: what a file would hold
}

/** What `networkFromJSON` returns: the network, and a simulator that continues a saved run. */
export interface LoadedNetwork {
  /** The network, built, with its saved synapses, parameters and rules. */
  readonly network: Network;
  /** Whether the file holds a simulation to continue. */
  readonly hasSimulation: boolean;
  /**
   * A Simulator for the network. With a saved simulation: its dt, seed and batch, its state
   * restored, continuing at the saved step (options may only choose the backend). Without:
   * a fresh simulator with `options`.
   */
  simulator(options?: SimulatorOptions): Simulator;
}

/** A connectivity that hands back the synapses a file held. */
function savedConnectivity(described: Record<string, unknown>, synapses: Synapses): ConnectivitySpec {
  return {
    kind: String(described.kind ?? synapses.kind),
    check: (pre, post) => (pre === synapses.preSize && post === synapses.postSize ? null : `saved synapses are ${synapses.preSize} → ${synapses.postSize}, not ${pre} → ${post}`),
    build: () => synapses,
    describe: () => described,
  };
}

/**
 * Rebuild a Network from `networkToJSON` output (parsed JSON). `file` names the source in
 * errors. A model kind or rule the loader does not know is an error naming it (register
 * custom ones with `registerModel` / `registerRule` first).
 */
export function networkFromJSON(input: unknown, file = 'network'): LoadedNetwork {
  const r = networkFileSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new FileFormatError(file, issue.path.join('.') || '(top level)', issue.message);
  }
  const f = r.data;
  const field = (path: string, e: unknown): never => {
    if (e instanceof SpecError || e instanceof Error) throw new FileFormatError(file, path, e.message);
    throw e;
  };
  const network = new Network({ seed: f.seed });
  f.populations.forEach((p, k) => {
    let model;
    try {
      model = modelFromDescription(`populations[${k}].model`, p.model);
    } catch (e) {
      return field(`populations[${k}] ('${p.name}').model`, e);
    }
    for (const [name, data] of Object.entries(p.parameters ?? {})) {
      const target = model.parameters?.[name];
      const values = decodeFloat32(data);
      if (!target || target.length !== values.length) field(`populations[${k}].parameters.${name}`, new Error(`model '${model.kind}' has no parameter '${name}' of ${values.length} values`));
      target!.set(values);
    }
    network.population(p.name, p.size, model);
  });
  f.projections.forEach((p, k) => {
    const s = p.synapses;
    const weights = decodeFloat32(s.weights);
    // Columns are stored 16-bit when they fit: one outside the post population would wrap silently.
    const badColumn = (s.cols ?? []).findIndex((j) => j < 0 || j >= s.postSize);
    if (badColumn >= 0) field(`projections[${k}] ('${p.name}').synapses.cols[${badColumn}]`, new Error(`post index ${s.cols![badColumn]} outside [0, ${s.postSize})`));
    const synapses: Synapses =
      s.kind === 'sparse'
        ? ({ kind: 'sparse', preSize: s.preSize, postSize: s.postSize, weights, rowPtr: Int32Array.from(s.rowPtr ?? []), cols: columnIndices(s.cols ?? [], s.postSize) } as Synapses)
        : { kind: s.kind, preSize: s.preSize, postSize: s.postSize, weights };
    try {
      const proj = network.connect(p.pre, p.post, savedConnectivity(p.connectivity, synapses), { name: p.name, delaySteps: p.delay, target: p.target, source: p.source });
      proj.built = synapses;
    } catch (e) {
      field(`projections[${k}] ('${p.name}')`, e);
    }
  });
  const attachments = f.rules.map((a, k) => {
    try {
      const rule = ruleFromDescription(`rules[${k}].rule`, a.rule);
      const target = 'projection' in a.target ? network.getProjection(a.target.projection) : network.getPopulation(a.target.population);
      const att = network.learn(target, rule, { enabled: a.enabled, ...(a.modulator !== null ? { modulator: a.modulator } : {}) });
      for (const [name, data] of Object.entries(a.synapseState)) att.synapseState.set(name, decodeFloat32(data));
      return { att, state: a.state };
    } catch (e) {
      return field(`rules[${k}] ('${String(a.rule.rule)}')`, e);
    }
  });
  const restoreRules = () => {
    for (const { att, state } of attachments) if (state !== null && att.rule.restore) att.rule.restore(decodeState(state) as RuleState);
  };
  // Rule state and per-synapse arrays come back after the simulator's init and reset (which zero them).
  const saved = new Map(attachments.map(({ att }) => [att, new Map([...att.synapseState].map(([k, v]) => [k, v.slice()]))]));
  const restoreSynapseState = () => {
    for (const [att, arrays] of saved) for (const [k, v] of arrays) att.synapseState.set(k, v.slice());
  };
  const sim = f.simulation;
  return {
    network,
    hasSimulation: sim !== undefined,
    simulator(options: SimulatorOptions = {}) {
      if (!sim) {
        const s = new Simulator(network, options);
        restoreSynapseState();
        restoreRules();
        return s;
      }
      for (const k of ['dt', 'seed', 'batch'] as const) {
        if (options[k] !== undefined && options[k] !== sim[k]) throw new SpecError(`simulator.${k}`, `the saved simulation ran with ${k} = ${sim[k]}; a continued run keeps it`);
      }
      const s = new Simulator(network, { ...options, dt: sim.dt, seed: sim.seed, batch: sim.batch });
      const snapshot: SimulatorSnapshot = {
        step: sim.step,
        populations: Object.fromEntries(Object.entries(sim.populations).map(([p, vars]) => [p, Object.fromEntries(Object.entries(vars).map(([v, a]) => [v, decodeFloat32(a)]))])),
        rings: sim.rings.map((r) => ('spikes' in r ? { spikes: r.spikes } : { rates: r.rates.map((x) => decodeFloat32(x)) })),
        traces: sim.traces.map((t) => t.map((x) => decodeFloat32(x))),
      };
      try {
        s.restoreState(snapshot);
      } catch (e) {
        field('simulation', e);
      }
      restoreSynapseState();
      restoreRules();
      return s;
    },
  };
}
