import { NirError } from './errors.js';
import { NIR_WRITE_VERSION, isGraph, type NirDocument, type NirGraph, type NirMetadata, type NirNode } from './graph.js';
import { writeHdf5, type H5Tree } from './hdf5.js';
import { validateGraph } from './validate.js';

/**
 * Write a graph as a `.nir` file (HDF5 bytes) the way the Python reference lays it out:
 * `/version`, `/node/{type, nodes/…, edges}`, floats as float32, integers as int64, strings as
 * variable-length UTF-8. The graph is validated first.
 */
export async function writeNir(graph: NirGraph, options: { file?: string; version?: string } = {}): Promise<Uint8Array> {
  validateGraph(graph, options.file ?? 'nir graph');
  return writeHdf5(documentToTree({ version: options.version ?? NIR_WRITE_VERSION, graph }));
}

export function documentToTree(doc: NirDocument): H5Tree {
  return { version: { kind: 'str', shape: [], values: [doc.version] }, node: nodeToTree(doc.graph, '') };
}

function nodeToTree(n: NirNode, path: string): H5Tree {
  const t: H5Tree = { type: { kind: 'str', shape: [], values: [n.type] } };
  if (isGraph(n)) {
    const nodes: H5Tree = {};
    for (const [k, c] of Object.entries(n.nodes)) {
      if (k.includes('/')) throw new NirError('nir graph', path ? `${path}.${k}` : k, '', "node names cannot contain '/' in HDF5");
      nodes[k] = nodeToTree(c, path ? `${path}.${k}` : k);
    }
    t.nodes = nodes;
    t.edges = { kind: 'str', shape: [n.edges.length, 2], values: n.edges.flatMap(([a, b]) => [a, b]) };
  } else {
    for (const [k, p] of Object.entries(n.params)) t[k] = { kind: 'num', shape: p.shape, data: p.data, dtype: p.dtype };
  }
  const meta = metadataTree(n.metadata);
  if (meta) t.metadata = meta;
  return t;
}

function metadataTree(m: NirMetadata): H5Tree | null {
  const entries = Object.entries(m);
  if (entries.length === 0) return null;
  const t: H5Tree = {};
  for (const [k, v] of entries) {
    t[k] = typeof v === 'string' ? { kind: 'str', shape: [], values: [v] } : { kind: 'num', shape: v.shape, data: v.data, dtype: v.dtype };
  }
  return t;
}
