import { Network } from '../sim/Network.js';
import { toSI } from '../core/quantity.js';
import type { NeuronModel } from '../neurons/NeuronModel.js';
import { source } from '../neurons/source.js';
import { nirNeuron, type NirNeuronType, type NirReset } from '../neurons/nirLeaky.js';
import { instantMap, type InstantMapSpec } from '../neurons/instantMap.js';
import { oneToOne } from '../synapses/oneToOne.js';
import { NirError } from './errors.js';
import { isCustomType, sizeOf, type NirGraph, type NirPrimitive } from './graph.js';
import { flattenGraph } from './flatten.js';
import { inferShapes, type NodeShapes } from './shapes.js';
import { validateGraph } from './validate.js';
import { importedFrom } from './provenance.js';

/** Options of `nirToNetwork`. */
export interface NirImportOptions {
  /** Simulation step (seconds, or a string with a unit: '0.1 ms'): needed only to turn Delay nodes' seconds into steps. */
  dt?: number | string;
  /** Reset convention of LIF/IF/CubaLIF nodes (default 'exact'; a node's `neurostream.reset` metadata wins). */
  reset?: NirReset;
  /** File name for error messages. */
  file?: string;
}

/** What `nirToNetwork` returns: the network and where the graph's nodes went. */
export interface NirImport {
  /** The network built from the graph. */
  readonly network: Network;
  /** Source populations of the graph's Input nodes, in the file's order. */
  readonly inputs: readonly string[];
  /** Populations of the graph's top-level Output nodes. */
  readonly outputs: readonly string[];
  /** NIR node path (dotted inside subgraphs) → population name. */
  readonly populations: ReadonlyMap<string, string>;
  /** Reset convention used for each spiking node. */
  readonly resets: ReadonlyMap<string, NirReset>;
}

const NEURONS = new Set(['LI', 'CubaLI', 'I', 'IF', 'LIF', 'CubaLIF']);
const POP_NAME = /^[A-Za-z_][A-Za-z0-9_.\-]*$/;

/**
 * Build a Network from a NIR graph: every node becomes a population (Input → source,
 * neurons → `nirNeuron`, the instantaneous nodes → `instantMap`), every edge a one-to-one
 * projection of weight 1 into the target's input `I`, so a node sums all its incoming edges.
 * Edges that close a cycle get a delay of one step; a Delay node delays its incoming edges by
 * round(delay / dt) steps.
 */
export function nirToNetwork(graph: NirGraph, options: NirImportOptions = {}): NirImport {
  const file = options.file ?? 'nir graph';
  validateGraph(graph, file);
  const flat = flattenGraph(graph, file);
  const shapes = inferShapes(flat, file);
  const topInputs = new Set(Object.entries(graph.nodes).filter(([, n]) => n.type === 'Input').map(([k]) => k));
  const topOutputs = Object.entries(graph.nodes).filter(([, n]) => n.type === 'Output').map(([k]) => k);
  const net = new Network();
  const names = new Map<string, string>();
  const used = new Set<string>();
  const resets = new Map<string, NirReset>();
  for (const [path, node] of flat.nodes) {
    let name = path.replace(/[^A-Za-z0-9_.\-]/g, '_');
    if (!POP_NAME.test(name)) name = `n_${name}`;
    for (let k = 2; used.has(name); k++) name = `${name}_${k}`;
    used.add(name);
    names.set(path, name);
    const s = shapes.get(path)!;
    let model: NeuronModel;
    if (isCustomType(node.type)) {
      throw new NirError(file, path, 'type', `'${node.type}' is a custom node neurostream wrote for a unit NIR has no node for; it is kept for reference and cannot be imported (its equations are in the node's metadata)`);
    }
    if (node.type === 'Input' && topInputs.has(path)) model = source();
    else if (NEURONS.has(node.type)) {
      const meta = node.metadata['neurostream.reset'];
      const reset: NirReset = meta === 'step' || meta === 'exact' ? meta : (options.reset ?? 'exact');
      if (node.type === 'LIF' || node.type === 'IF' || node.type === 'CubaLIF') resets.set(path, reset);
      const params: Record<string, Float64Array> = {};
      for (const [k, t] of Object.entries(node.params)) params[k] = t.data;
      const v0 = node.metadata['neurostream.v_init'];
      model = nirNeuron({ type: node.type as NirNeuronType, params, reset, ...(v0 !== undefined && typeof v0 !== 'string' ? { vInit: v0.data } : {}) });
    } else model = instantMap(mapSpec(node, s, file, path), sizeOf(s.input));
    importedFrom.set(model, { path, node });
    net.population(name, sizeOf(s.output), model);
  }
  const back = backEdges(flat.nodes, flat.edges, topInputs);
  flat.edges.forEach(([a, b], e) => {
    let delay = back.has(e) ? 1 : 0;
    const target = flat.nodes.get(b)!;
    if (target.type === 'Delay') delay += delaySteps(target, options.dt === undefined ? undefined : toSI('nirToNetwork.dt', options.dt, 'time'), file, b);
    const proj = net.connect(names.get(a)!, names.get(b)!, oneToOne({ weights: 1 }), { delaySteps: delay, name: `${names.get(a)}->${names.get(b)}#${e}` });
    importedFrom.set(proj, { path: `${a}->${b}`, node: null, recurrent: back.has(e) });
  });
  return {
    network: net,
    inputs: [...topInputs].map((p) => names.get(p)!),
    outputs: topOutputs.map((p) => names.get(p)!),
    populations: names,
    resets,
  };
}

function delaySteps(node: NirPrimitive, dt: number | undefined, file: string, path: string): number {
  const d = node.params.delay!.data;
  if (dt === undefined || !(dt > 0)) throw new NirError(file, path, 'delay', 'a Delay node needs the simulation step: pass { dt } (seconds) to the import');
  const steps = Math.round(d[0]! / dt);
  for (let k = 0; k < d.length; k++) {
    if (Math.round(d[k]! / dt) !== steps) throw new NirError(file, path, 'delay', `per-unit delays differ (${d[0]} s and ${d[k]} s at unit ${k}); only one delay per Delay node is supported`);
  }
  if (Math.abs(steps * dt - d[0]!) > 1e-9 * Math.max(1, d[0]!) + 1e-12) {
    throw new NirError(file, path, 'delay', `${d[0]} s is not a whole number of steps of ${dt} s`);
  }
  return steps;
}

/**
 * Edges that close a cycle, found by depth-first search from the inputs (then from any
 * unvisited node, in file order): each becomes a one-step delay.
 */
function backEdges(nodes: ReadonlyMap<string, NirPrimitive>, edges: readonly (readonly [string, string])[], inputs: ReadonlySet<string>): Set<number> {
  const out = new Map<string, number[]>();
  edges.forEach(([a], e) => {
    if (!out.has(a)) out.set(a, []);
    out.get(a)!.push(e);
  });
  const state = new Map<string, 1 | 2>();
  const back = new Set<number>();
  const dfs = (v: string): void => {
    state.set(v, 1);
    for (const e of out.get(v) ?? []) {
      const w = edges[e]![1];
      if (state.get(w) === 1) back.add(e);
      else if (!state.has(w)) dfs(w);
    }
    state.set(v, 2);
  };
  for (const v of inputs) if (!state.has(v)) dfs(v);
  for (const v of nodes.keys()) if (!state.has(v)) dfs(v);
  return back;
}

function pair(t: { data: Float64Array } | undefined, d: number, dflt: number): number {
  if (!t || t.data.length === 0) return dflt;
  return t.data[Math.min(d, t.data.length - 1)]!;
}

function mapSpec(node: NirPrimitive, s: NodeShapes, file: string, path: string): InstantMapSpec {
  const p = node.params;
  switch (node.type) {
    case 'Input':
    case 'Output':
    case 'Flatten':
    case 'Delay':
      return { op: 'identity' };
    case 'Affine':
    case 'Linear':
      return { op: 'affine', weight: p.weight!.data, bias: node.type === 'Affine' ? p.bias!.data : null, inSize: p.weight!.shape[1]!, outSize: p.weight!.shape[0]! };
    case 'Scale':
      return { op: 'scale', scale: p.scale!.data };
    case 'Threshold':
      return { op: 'threshold', threshold: p.threshold!.data };
    case 'Conv1d':
    case 'Conv2d': {
      const two = node.type === 'Conv2d';
      const w = p.weight!;
      const inShape: [number, number, number] = two ? [s.input[0]!, s.input[1]!, s.input[2]!] : [s.input[0]!, 1, s.input[1]!];
      const outShape: [number, number, number] = two ? [s.output[0]!, s.output[1]!, s.output[2]!] : [s.output[0]!, 1, s.output[1]!];
      const kernel: [number, number] = two ? [w.shape[2]!, w.shape[3]!] : [1, w.shape[2]!];
      const two2 = (f: string, dflt: number): [number, number] => (two ? [pair(p[f], 0, dflt), pair(p[f], 1, dflt)] : [dflt, pair(p[f], 0, dflt)]);
      return {
        op: 'conv', weight: w.data, bias: p.bias!.data, inShape, outShape, kernel,
        stride: two2('stride', 1), padding: two ? [pair(p.padding, 0, 0), pair(p.padding, 1, 0)] : [0, pair(p.padding, 0, 0)], dilation: two2('dilation', 1),
        groups: pair(p.groups, 0, 1),
      };
    }
    case 'SumPool2d':
    case 'AvgPool2d':
      return {
        op: 'pool', mode: node.type === 'SumPool2d' ? 'sum' : 'avg',
        inShape: [s.input[0]!, s.input[1]!, s.input[2]!], outShape: [s.output[0]!, s.output[1]!, s.output[2]!],
        kernel: [pair(p.kernel_size, 0, 1), pair(p.kernel_size, 1, 1)], stride: [pair(p.stride, 0, 1), pair(p.stride, 1, 1)], padding: [pair(p.padding, 0, 0), pair(p.padding, 1, 0)],
      };
    default:
      throw new NirError(file, path, 'type', `node type '${node.type}' cannot be run as an instantaneous map`);
  }
}
