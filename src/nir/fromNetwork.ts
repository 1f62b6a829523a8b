import type { Network } from '../sim/Network.js';
import type { Population } from '../sim/Population.js';
import type { Projection } from '../sim/Projection.js';
import type { Synapses, SparseSynapses } from '../synapses/Connectivity.js';
import type { InstantMapSpec } from '../neurons/instantMap.js';
import { SeededRandom } from '../core/random.js';
import { toSI } from '../core/quantity.js';
import { NirError } from './errors.js';
import { tensor, type NirGraph, type NirMetadata, type NirNode, type NirPrimitive, type NirTensor } from './graph.js';
import { importedFrom } from './provenance.js';

/** Options of `networkToNir`. */
export interface NirExportOptions {
  /** Simulation step (seconds, or a string with a unit: '0.1 ms'): needed to write projection delays as Delay nodes. */
  dt?: number | string;
  /** Seed for weights of projections no simulator has built yet (default 0, as `Simulator`'s default). */
  seed?: number;
  /**
   * Write ReSU, Wuxing, FF and rectified rate populations as custom nodes (type `neurostream.<kind>`,
   * settings and equations in metadata). Other NIR tools reject such files; default false: an error.
   */
  custom?: boolean;
  /** Populations to expose through Output nodes (default: those no other population reads from). */
  outputs?: readonly string[];
}

/** Equations written into the metadata of custom nodes, by model kind. */
const CUSTOM_EQUATIONS: Record<string, string> = {
  resu: 'z = W p_t (past lag vector p_t, filters W from past-future CCA); output max(0, +z) (ON) or max(0, -z) (OFF)',
  wuxing: 'dE_i/dt = k1_i E_{i-1} - k2_i E_i - k3_i E_i E_{i-2} + input (i mod 5); signal D = E - B0, B0 = (k1 - k2)/k3',
  linearRate: 'tau dx/dt = -x + gain I + bias, x = max(0, x) when rectified',
};

/**
 * Write a Network as a NIR graph. Populations: sources → Input, `lif` → LIF (v_leak = vRest +
 * R·bias, reset convention 'step' in metadata), NIR neurons and maps → their node types,
 * linear rate units → LI (with tau) or Affine (without), others → custom nodes when asked.
 * Projections: dense and sparse → Linear [post × pre], one-to-one → Scale (or a plain edge
 * when every weight is 1), delays → a Delay node of steps × dt seconds. Populations nothing
 * reads from (or those `outputs` names) get an Output node. An imported network writes back the nodes it came from.
 */
export function networkToNir(net: Network, options: NirExportOptions = {}): NirGraph {
  const dt = options.dt === undefined ? undefined : toSI('networkToNir.dt', options.dt, 'time');
  const nodes: Record<string, NirNode> = {};
  const edges: [string, string][] = [];
  const nodeName = new Map<Population, string>();
  const taken = new Set<string>();
  const unique = (want: string): string => {
    let n = want;
    for (let k = 2; taken.has(n); k++) n = `${want}_${k}`;
    taken.add(n);
    return n;
  };
  for (const pop of net.populations) {
    const prov = importedFrom.get(pop.model);
    const name = unique(prov ? prov.path : pop.name);
    nodeName.set(pop, name);
    nodes[name] = prov?.node ?? populationNode(pop, options);
  }
  const outgoing = new Set<Population>();
  for (const proj of net.projections) {
    if (proj.pre !== proj.post) outgoing.add(proj.pre);
    const pre = nodeName.get(proj.pre)!;
    const post = nodeName.get(proj.post)!;
    if (proj.target !== proj.post.model.inputs[0]) {
      throw new NirError('network', proj.name, 'target', `projects into '${proj.target}' of population '${proj.post.name}'; NIR edges carry a node's single input, so only '${proj.post.model.inputs[0] ?? 'none'}' can be written`);
    }
    const prov = importedFrom.get(proj);
    if (prov) {
      edges.push([pre, post]); // imported edge: weight 1, its delay came from the graph itself
      continue;
    }
    let from = pre;
    const weightNode = projectionNode(proj, synapsesOf(proj, options.seed ?? 0));
    if (weightNode) {
      const w = unique(proj.name.replace(/[/]/g, '_'));
      nodes[w] = weightNode;
      edges.push([from, w]);
      from = w;
    }
    if (proj.delaySteps > 0) {
      if (dt === undefined || !(dt > 0)) throw new NirError('network', proj.name, 'delay', `a delay of ${proj.delaySteps} steps needs { dt } (seconds) to be written in seconds`);
      const d = unique(`${proj.name.replace(/[/]/g, '_')}.delay`);
      nodes[d] = { type: 'Delay', params: { delay: tensor(new Array(proj.targetSize).fill(proj.delaySteps * dt)) }, metadata: {} };
      edges.push([from, d]);
      from = d;
    }
    edges.push([from, post]);
  }
  const exposed = options.outputs ? new Set(options.outputs.map((n) => net.getPopulation(n))) : null;
  for (const pop of net.populations) {
    if (exposed ? !exposed.has(pop) : outgoing.has(pop) || importedFrom.get(pop.model)?.node?.type === 'Output') continue;
    const o = unique(`${nodeName.get(pop)}.out`);
    nodes[o] = { type: 'Output', params: { shape: tensor([pop.size], [1], 'int') }, metadata: {} };
    edges.push([nodeName.get(pop)!, o]);
  }
  return { type: 'NIRGraph', nodes, edges, metadata: {} };
}

function synapsesOf(proj: Projection, seed: number): Synapses {
  return proj.built ?? proj.spec.build(proj.pre.size, proj.targetSize, new SeededRandom(seed).fork(`projection:${proj.name}`), proj.pre === proj.post);
}

function projectionNode(proj: Projection, syn: Synapses): NirPrimitive | null {
  const pre = syn.preSize;
  const post = syn.postSize;
  if (syn.kind === 'oneToOne') {
    if (syn.weights.every((w) => w === 1)) return null;
    return { type: 'Scale', params: { scale: tensor(syn.weights) }, metadata: {} };
  }
  const w = new Float64Array(pre * post); // NIR: [post][pre]
  if (syn.kind === 'dense') {
    for (let i = 0; i < pre; i++) for (let j = 0; j < post; j++) w[j * pre + i] = syn.weights[i * post + j]!;
  } else if (syn.kind === 'sparse') {
    const s = syn as SparseSynapses;
    for (let i = 0; i < pre; i++) for (let k = s.rowPtr[i]!; k < s.rowPtr[i + 1]!; k++) w[s.cols[k]! * pre + i] += s.weights[k]!;
  } else throw new NirError('network', proj.name, 'spec', `'${syn.kind}' projections have no NIR form here (dense, sparse and one-to-one do)`);
  return { type: 'Linear', params: { weight: { shape: [post, pre], data: w, dtype: 'float' } }, metadata: {} };
}

function full(n: number, v: number): NirTensor {
  return tensor(new Array(n).fill(v));
}

function populationNode(pop: Population, options: NirExportOptions): NirPrimitive {
  const m = pop.model;
  const d = m.describe() as Record<string, unknown>;
  const n = pop.size;
  const fail = (field: string, problem: string): never => {
    throw new NirError('network', pop.name, field, problem);
  };
  if (m.source) return { type: 'Input', params: { shape: tensor([n], [1], 'int') }, metadata: {} };
  switch (m.kind) {
    case 'lif': {
      if ((d.tRef as number) !== 0) fail('tRef', `refractory period ${d.tRef as number} s has no NIR LIF equivalent; use tRef 0 to export`);
      if (Object.keys((d.synapses as object) ?? {}).length > 0) fail('synapses', 'synaptic variables have no NIR LIF equivalent (a CubaLIF has one current synapse); export without them');
      const vLeak = (d.vRest as number) + (d.R as number) * (d.bias as number);
      const metadata: NirMetadata = { 'neurostream.reset': 'step', 'neurostream.model': 'lif' };
      const vInit = d.vInit;
      if (typeof vInit !== 'number') fail('vInit', 'a random initial range has no NIR form; give one number');
      if ((vInit as number) !== vLeak) metadata['neurostream.v_init'] = full(n, vInit as number);
      return {
        type: 'LIF',
        params: { tau: full(n, d.tau as number), r: full(n, d.R as number), v_leak: full(n, vLeak), v_threshold: full(n, d.vThresh as number), v_reset: full(n, d.vReset as number) },
        metadata,
      };
    }
    case 'linearRate': {
      const tau = d.tau as number;
      if (!(d.rectify as boolean)) {
        if (tau > 0) return { type: 'LI', params: { tau: full(n, tau), r: full(n, d.gain as number), v_leak: full(n, d.bias as number) }, metadata: {} };
        const w = new Float64Array(n * n);
        for (let k = 0; k < n; k++) w[k * n + k] = d.gain as number;
        return { type: 'Affine', params: { weight: { shape: [n, n], data: w, dtype: 'float' }, bias: full(n, d.bias as number) }, metadata: {} };
      }
      break;
    }
    default:
      break;
  }
  if (m.kind.startsWith('nir.')) {
    const params = d.params as Record<string, number[]> | undefined;
    if (params) {
      const p: Record<string, NirTensor> = {};
      for (const [k, v] of Object.entries(params)) p[k] = v.length === 1 ? full(n, v[0]!) : tensor(v);
      const metadata: NirMetadata = { 'neurostream.reset': d.reset as string };
      if (Array.isArray(d.vInit)) metadata['neurostream.v_init'] = d.vInit.length === 1 ? full(n, d.vInit[0] as number) : tensor(d.vInit as number[]);
      return { type: d.type as NirPrimitive['type'], params: p, metadata };
    }
    const spec = (m as unknown as { spec?: InstantMapSpec }).spec;
    if (spec?.op === 'affine') {
      const params: Record<string, NirTensor> = { weight: { shape: [spec.outSize, spec.inSize], data: spec.weight, dtype: 'float' } };
      if (spec.bias) params.bias = tensor(spec.bias);
      return { type: spec.bias ? 'Affine' : 'Linear', params, metadata: {} };
    }
    if (spec?.op === 'scale') return { type: 'Scale', params: { scale: spec.scale.length === 1 ? full(n, spec.scale[0]!) : tensor(spec.scale) }, metadata: {} };
    if (spec?.op === 'threshold') return { type: 'Threshold', params: { threshold: spec.threshold.length === 1 ? full(n, spec.threshold[0]!) : tensor(spec.threshold) }, metadata: {} };
  }
  if (!options.custom) {
    return fail('model', `a '${m.kind}' population has no standard NIR node; pass { custom: true } to write it as a custom node 'neurostream.${m.kind}' (other NIR tools will reject the file)`);
  }
  const metadata: NirMetadata = { 'neurostream.custom': m.kind, 'neurostream.settings': JSON.stringify(d), 'neurostream.size': String(n) };
  if (CUSTOM_EQUATIONS[m.kind]) metadata['neurostream.equations'] = CUSTOM_EQUATIONS[m.kind]!;
  return { type: `neurostream.${m.kind}` as NirPrimitive['type'], params: {}, metadata };
}
