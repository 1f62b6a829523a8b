import { NirError } from './errors.js';
import { isGraph, sizeOf, type NirGraph, type NirPrimitive } from './graph.js';
import { flattenGraph } from './flatten.js';
import { schemaOf } from './schema.js';
import { inferShapes } from './shapes.js';

/**
 * Check a graph before any conversion: every node's fields (finite numbers, shapes that agree,
 * positive time constants), edges that name existing nodes, sizes that match along every edge,
 * and no cycle made only of instantaneous nodes (an algebraic loop no simulator can order).
 */
export function validateGraph(graph: NirGraph, file: string): void {
  const check = (g: NirGraph, prefix: string): void => {
    for (const [name, n] of Object.entries(g.nodes)) {
      if (isGraph(n)) check(n, `${prefix}${name}.`);
      else validateNode(n, prefix + name, file);
    }
  };
  check(graph, '');
  const flat = flattenGraph(graph, file);
  findAlgebraicLoop(flat.nodes, flat.edges, file);
  inferShapes(flat, file);
}

export function validateNode(n: NirPrimitive, node: string, file: string): void {
  const schema = schemaOf(n.type);
  for (const [field, t] of Object.entries(n.params)) {
    if (t.data.length !== sizeOf(t.shape)) throw new NirError(file, node, field, `holds ${t.data.length} values, its shape [${t.shape.join(', ')}] says ${sizeOf(t.shape)}`);
    for (let k = 0; k < t.data.length; k++) {
      if (!Number.isFinite(t.data[k]!)) throw new NirError(file, node, field, `value ${k} is ${t.data[k]}`);
    }
  }
  if (schema.sameShape) {
    const ref = schema.sameShape[0]!;
    const want = n.params[ref]!.shape.join(',');
    for (const f of schema.sameShape) {
      const t = n.params[f];
      if (t && t.shape.join(',') !== want && t.data.length !== 1) {
        throw new NirError(file, node, f, `shape [${t.shape.join(', ')}] differs from ${ref}'s [${n.params[ref]!.shape.join(', ')}]`);
      }
    }
  }
  for (const f of schema.positive ?? []) {
    const t = n.params[f]!;
    for (let k = 0; k < t.data.length; k++) if (!(t.data[k]! > 0)) throw new NirError(file, node, f, `time constants must be > 0, value ${k} is ${t.data[k]}`);
  }
  const p = n.params;
  const intVector = (f: string): void => {
    const t = p[f]!;
    for (const x of t.data) if (!Number.isInteger(x) || x < 0) throw new NirError(file, node, f, `expected non-negative integers, got ${x}`);
  };
  switch (n.type) {
    case 'Input':
    case 'Output':
      intVector('shape');
      if (p.shape!.data.some((d) => d < 1)) throw new NirError(file, node, 'shape', `sizes must be >= 1, got [${Array.from(p.shape!.data).join(', ')}]`);
      break;
    case 'Affine':
    case 'Linear': {
      const w = p.weight!;
      if (w.shape.length !== 2) throw new NirError(file, node, 'weight', `expected a 2-D [out, in] matrix, got shape [${w.shape.join(', ')}]`);
      if (n.type === 'Affine' && p.bias!.data.length !== w.shape[0]) {
        throw new NirError(file, node, 'bias', `has ${p.bias!.data.length} values, weight has ${w.shape[0]} rows`);
      }
      break;
    }
    case 'Conv1d':
    case 'Conv2d': {
      const dims = n.type === 'Conv1d' ? 1 : 2;
      const w = p.weight!;
      if (w.shape.length !== 2 + dims) throw new NirError(file, node, 'weight', `expected ${2 + dims}-D [out, in/groups, ${dims === 1 ? 'k' : 'kh, kw'}], got [${w.shape.join(', ')}]`);
      for (const f of ['stride', 'padding', 'dilation', 'groups']) intVector(f);
      if (p.bias!.data.length !== 1 && p.bias!.data.length !== w.shape[0]) throw new NirError(file, node, 'bias', `has ${p.bias!.data.length} values, weight has ${w.shape[0]} output channels`);
      const groups = p.groups!.data[0]!;
      if (groups < 1 || w.shape[0]! % groups !== 0) throw new NirError(file, node, 'groups', `${groups} does not divide the ${w.shape[0]} output channels`);
      if ([...p.stride!.data, ...p.dilation!.data].some((x) => x < 1)) throw new NirError(file, node, 'stride', 'stride and dilation must be >= 1');
      break;
    }
    case 'SumPool2d':
    case 'AvgPool2d':
      for (const f of ['kernel_size', 'stride', 'padding']) intVector(f);
      if ([...p.kernel_size!.data, ...p.stride!.data].some((x) => x < 1)) throw new NirError(file, node, 'kernel_size', 'kernel size and stride must be >= 1');
      break;
    case 'Delay':
      for (const x of p.delay!.data) if (x < 0) throw new NirError(file, node, 'delay', `delays must be >= 0 s, got ${x}`);
      break;
    case 'Flatten':
      if (!Number.isInteger(p.start_dim!.data[0]) || !Number.isInteger(p.end_dim!.data[0])) throw new NirError(file, node, 'start_dim', 'expected integers');
      break;
    default:
      break;
  }
}

/** A cycle through instantaneous nodes only: it has no first node to compute. */
function findAlgebraicLoop(nodes: ReadonlyMap<string, NirPrimitive>, edges: readonly (readonly [string, string])[], file: string): void {
  const out = new Map<string, string[]>();
  for (const [a, b] of edges) {
    if (schemaOf(nodes.get(a)!.type).stateful) continue; // a stateful node breaks the loop
    if (!out.has(a)) out.set(a, []);
    out.get(a)!.push(b);
  }
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const dfs = (v: string): void => {
    state.set(v, 1);
    stack.push(v);
    for (const w of out.get(v) ?? []) {
      if (state.get(w) === 1) {
        const cycle = [...stack.slice(stack.indexOf(w)), w];
        throw new NirError(file, w, 'edges', `cycle without delay through instantaneous nodes: ${cycle.join(' -> ')}; a cycle needs a neuron or Delay node in it`);
      }
      if (!state.has(w)) dfs(w);
    }
    stack.pop();
    state.set(v, 2);
  };
  for (const v of nodes.keys()) if (!state.has(v)) dfs(v);
}
