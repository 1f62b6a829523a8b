import { NirError } from './errors.js';
import { NIR_PRIMITIVES, isCustomType, type NirDocument, type NirGraph, type NirMetadata, type NirNode, type NirPrimitiveType, type NirTensor } from './graph.js';
import { isValue, readHdf5, type H5Tree, type H5Value, type ReadLimits } from './hdf5.js';
import { normaliseNode } from './normalise.js';
import { validateGraph } from './validate.js';
import { flattenGraph } from './flatten.js';
import { inferShapes } from './shapes.js';

/** Options of `readNir`: the file's name for errors, and size limits checked before allocating. */
export interface ReadNirOptions extends ReadLimits {
  /** Name of the file in error messages (default 'nir file'). */
  file?: string;
}

/**
 * Read a `.nir` file (HDF5 bytes) into a validated graph. Files from NIR 0.1.x, 0.2.x and 1.x
 * are normalised on load (missing `v_reset` → 0, `w_in` → 1, Input/Output shapes from
 * `input_type`/`output_type`, string conv padding); anything else inconsistent is a NirError
 * naming the file, node and field.
 */
export async function readNir(bytes: Uint8Array, options: ReadNirOptions = {}): Promise<NirDocument> {
  const file = options.file ?? 'nir file';
  const tree = await readHdf5(bytes, file, options);
  return treeToDocument(tree, file);
}

/** The document held by an HDF5 tree (exported for tests that build trees directly). */
export function treeToDocument(tree: H5Tree, file: string): NirDocument {
  const v = tree.version;
  let version = '0.0.0';
  if (v !== undefined) {
    if (!isValue(v) || v.kind !== 'str' || v.values.length !== 1) throw new NirError(file, '', 'version', 'expected one string');
    version = v.values[0]!;
  }
  const root = tree.node;
  if (root === undefined || isValue(root)) throw new NirError(file, '', 'node', 'missing: a NIR file keeps its graph in the group /node');
  const graph = parseNode(root, '', file, version);
  if (graph.type !== 'NIRGraph') throw new NirError(file, '', 'node/type', `the root node must be a NIRGraph, got ${graph.type}`);
  validateGraph(graph, file);
  return { version, graph: reconcileOutputShapes(graph, file) };
}

/**
 * Some exporters write an Output shape that differs from what feeds it only in size-1
 * dimensions (Rockpool: [1, 1, 1] after a LIF of shape [1]; the Python reference rejects the
 * file). Take the shape of what feeds the Output, and say so in the node's metadata.
 */
function reconcileOutputShapes(graph: NirGraph, file: string): NirGraph {
  const shapes = inferShapes(flattenGraph(graph, file), file);
  const nodes: Record<string, NirNode> = { ...graph.nodes };
  for (const [name, n] of Object.entries(graph.nodes)) {
    if (n.type !== 'Output') continue;
    const feeds = graph.edges.filter(([, b]) => b === name).map(([a]) => a);
    const from = feeds.length === 1 ? shapes.get(feeds[0]!) ?? shapes.get(`${feeds[0]}.output`) : undefined;
    if (!from) continue;
    const own = Array.from(n.params.shape!.data);
    if (own.join(',') === from.output.join(',')) continue;
    nodes[name] = {
      type: 'Output',
      params: { shape: { shape: [from.output.length], data: Float64Array.from(from.output), dtype: 'int' } },
      metadata: { ...n.metadata, 'neurostream.normalised': `shape [${own.join(', ')}] in the file; [${from.output.join(', ')}] from '${feeds[0]}'` },
    };
  }
  return { ...graph, nodes };
}

function str(x: H5Tree | H5Value | undefined, file: string, node: string, field: string): string {
  if (x === undefined) throw new NirError(file, node, field, 'missing');
  if (!isValue(x) || x.kind !== 'str' || x.values.length !== 1) throw new NirError(file, node, field, 'expected one string');
  return x.values[0]!;
}

function parseNode(g: H5Tree, path: string, file: string, version: string): NirNode {
  const type = str(g.type, file, path, 'type');
  const metadata = g.metadata !== undefined && !isValue(g.metadata) ? flattenMetadata(g.metadata, '') : {};
  if (type === 'NIRGraph') {
    const nodesGroup = g.nodes;
    if (nodesGroup === undefined || isValue(nodesGroup)) throw new NirError(file, path, 'nodes', 'missing or not a group');
    const nodes: Record<string, NirNode> = {};
    for (const [name, child] of Object.entries(nodesGroup)) {
      const at = path ? `${path}.${name}` : name;
      if (isValue(child)) throw new NirError(file, at, '', 'a node must be a group');
      nodes[name] = parseNode(child, at, file, version);
    }
    return { type: 'NIRGraph', nodes, edges: parseEdges(g.edges, file, path), metadata };
  }
  if (!(NIR_PRIMITIVES as readonly string[]).includes(type) && !isCustomType(type)) {
    throw new NirError(file, path, 'type', `node type '${type}' is not supported; supported: ${[...NIR_PRIMITIVES, 'NIRGraph'].join(', ')}`);
  }
  const params: Record<string, NirTensor> = {};
  const strings: Record<string, string> = {};
  for (const [k, x] of Object.entries(g)) {
    if (k === 'type' || k === 'metadata') continue;
    if (isValue(x)) {
      if (x.kind === 'num') params[k] = { shape: x.shape, data: x.data, dtype: x.dtype };
      else if (x.values.length === 1) strings[k] = x.values[0]!;
      else throw new NirError(file, path, k, 'expected numbers, got strings');
    } else {
      // Older writers nest shapes as groups: input_type/{input: [...]}, output_type/{output: [...]}.
      const inner = Object.values(x);
      if (inner.length === 1 && isValue(inner[0]!) && inner[0]!.kind === 'num') {
        const t = inner[0] as Extract<H5Value, { kind: 'num' }>;
        params[k] = { shape: t.shape, data: t.data, dtype: t.dtype };
      } else if (inner.length > 0) throw new NirError(file, path, k, 'expected an array, got a group');
    }
  }
  return normaliseNode(type as NirPrimitiveType, params, strings, metadata, { file, node: path, version });
}

function parseEdges(e: H5Tree | H5Value | undefined, file: string, node: string): [string, string][] {
  if (e === undefined) throw new NirError(file, node, 'edges', 'missing');
  if (!isValue(e)) throw new NirError(file, node, 'edges', 'expected a dataset of string pairs, got a group');
  if (e.kind === 'num') {
    if (e.data.length === 0) return [];
    throw new NirError(file, node, 'edges', 'expected string pairs, got numbers');
  }
  if (e.values.length === 0) return [];
  if (e.shape.length !== 2 || e.shape[1] !== 2) throw new NirError(file, node, 'edges', `expected shape [n, 2], got [${e.shape.join(', ')}]`);
  const out: [string, string][] = [];
  for (let k = 0; k < e.values.length; k += 2) out.push([e.values[k]!, e.values[k + 1]!]);
  return out;
}

function flattenMetadata(g: H5Tree, prefix: string): NirMetadata {
  const out: NirMetadata = {};
  for (const [k, x] of Object.entries(g)) {
    const key = prefix + k;
    if (!isValue(x)) Object.assign(out, flattenMetadata(x, `${key}.`));
    else if (x.kind === 'str') out[key] = x.values.length === 1 && x.shape.length === 0 ? x.values[0]! : x.values.join('\n');
    else out[key] = { shape: x.shape, data: x.data, dtype: x.dtype };
  }
  return out;
}

// Re-exported so callers can check a graph they built in code.
export type { NirGraph };
