import { NirError } from './errors.js';
import { isGraph, type NirGraph, type NirPrimitive } from './graph.js';

/** A graph with its subgraphs inlined: node names are dotted paths (`sub.node`). */
export interface FlatGraph {
  readonly nodes: ReadonlyMap<string, NirPrimitive>;
  readonly edges: readonly (readonly [string, string])[];
}

/**
 * Inline nested NIRGraph nodes. An edge to a subgraph `g` enters its single Input node, an edge
 * from `g` leaves its single Output node; `g.x` names node x inside g directly.
 */
export function flattenGraph(graph: NirGraph, file: string): FlatGraph {
  const nodes = new Map<string, NirPrimitive>();
  const edges: [string, string][] = [];
  const visit = (g: NirGraph, prefix: string): void => {
    const port = (name: string, role: 'from' | 'to', edge: string): string => {
      const direct = g.nodes[name];
      if (direct !== undefined) {
        if (!isGraph(direct)) return prefix + name;
        const want = role === 'from' ? 'Output' : 'Input';
        const ports = Object.entries(direct.nodes).filter(([, n]) => n.type === want).map(([k]) => k);
        if (ports.length !== 1) {
          throw new NirError(file, prefix + name, 'edges', `edge ${edge} uses the subgraph as a whole, but it has ${ports.length} ${want} nodes; name one as '${name}.<node>'`);
        }
        return `${prefix}${name}.${ports[0]}`;
      }
      const dot = name.indexOf('.');
      if (dot > 0) {
        const sub = g.nodes[name.slice(0, dot)];
        if (sub !== undefined && isGraph(sub) && sub.nodes[name.slice(dot + 1)] !== undefined) return prefix + name;
      }
      const named = new Set(g.edges.flat());
      const unnamed = Object.keys(g.nodes).filter((k) => !named.has(k));
      const hint = unnamed.length > 0 ? `; no edge names ${unnamed.map((k) => `'${k}'`).join(', ')}` : '';
      throw new NirError(file, prefix.replace(/\.$/, ''), 'edges', `edge ${edge} names '${name}', which is not a node of this graph (have: ${Object.keys(g.nodes).join(', ')})${hint}`);
    };
    for (const [name, n] of Object.entries(g.nodes)) {
      if (isGraph(n)) visit(n, `${prefix}${name}.`);
      else nodes.set(prefix + name, n);
    }
    for (const [a, b] of g.edges) {
      const label = `'${a}' -> '${b}'`;
      edges.push([port(a, 'from', label), port(b, 'to', label)]);
    }
  };
  visit(graph, '');
  // Subgraph Input/Output nodes stay as identity nodes, so the inlined graph keeps its shape checks.
  return { nodes, edges };
}
