import { flattenGraph } from '../../src/nir/flatten.js';
import type { NirGraph } from '../../src/nir/graph.js';

/** A graph with subgraphs inlined, as plain data: node → type and parameters (float32-rounded), sorted edges. */
export function canonical(g: NirGraph): { nodes: Record<string, { type: string; params: Record<string, { shape: number[]; data: number[] }> }>; edges: string[] } {
  const flat = flattenGraph(g, 'test');
  const nodes: Record<string, { type: string; params: Record<string, { shape: number[]; data: number[] }> }> = {};
  for (const [k, n] of flat.nodes) {
    const params: Record<string, { shape: number[]; data: number[] }> = {};
    for (const [f, t] of Object.entries(n.params)) params[f] = { shape: [...t.shape], data: Array.from(Float32Array.from(t.data)) };
    nodes[k] = { type: n.type, params };
  }
  return { nodes, edges: flat.edges.map(([a, b]) => `${a} -> ${b}`).sort() };
}
