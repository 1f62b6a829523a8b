import { NirError } from './errors.js';
import { isCustomType, sizeOf, type NirPrimitive, type NirTensor } from './graph.js';
import type { FlatGraph } from './flatten.js';

/** Input and output shape of one node (without the batch dimension). */
export interface NodeShapes {
  readonly input: readonly number[];
  readonly output: readonly number[];
}

/** Most values one node may hold per step: a larger declared shape is refused before anything is allocated. */
export const MAX_UNITS = 2 ** 26;

const at = (t: NirTensor, d: number): number => t.data[Math.min(d, t.data.length - 1)]!;

/** Spatial output size of a convolution or pool along one dimension. */
export function outExtent(n: number, k: number, stride: number, pad: number, dilation = 1): number {
  return Math.floor((n + 2 * pad - dilation * (k - 1) - 1) / stride) + 1;
}

function fixedShapes(n: NirPrimitive): NodeShapes | null {
  const p = n.params;
  switch (n.type) {
    case 'Input':
    case 'Output': {
      const s = Array.from(p.shape!.data);
      return { input: s, output: s };
    }
    case 'Affine':
    case 'Linear':
      return { input: [p.weight!.shape[1]!], output: [p.weight!.shape[0]!] };
    case 'Scale':
      return { input: p.scale!.shape, output: p.scale!.shape };
    case 'Threshold':
      return { input: p.threshold!.shape, output: p.threshold!.shape };
    case 'Delay':
      return { input: p.delay!.shape, output: p.delay!.shape };
    case 'LI':
    case 'LIF':
      return { input: p.tau!.shape, output: p.tau!.shape };
    case 'CubaLI':
    case 'CubaLIF':
      return { input: p.tau_mem!.shape, output: p.tau_mem!.shape };
    case 'I':
    case 'IF':
      return { input: p.r!.shape, output: p.r!.shape };
    default:
      if (isCustomType(n.type)) {
        const size = Number(n.metadata['neurostream.size']);
        return Number.isInteger(size) && size > 0 ? { input: [size], output: [size] } : null;
      }
      return null;
  }
}

/** Shapes of a node whose output depends on what comes in (Flatten, convolutions, pools). */
function derivedShapes(n: NirPrimitive, input: readonly number[], file: string, node: string): NodeShapes {
  const p = n.params;
  if (n.type === 'Flatten') {
    const r = input.length;
    let s = at(p.start_dim!, 0);
    let e = at(p.end_dim!, 0);
    if (s < 0) s += r;
    if (e < 0) e += r;
    if (r === 0 || s < 0 || e >= r || s > e) return { input, output: [sizeOf(input)] };
    return { input, output: [...input.slice(0, s), sizeOf(input.slice(s, e + 1)), ...input.slice(e + 1)] };
  }
  const dims = n.type === 'Conv1d' ? 1 : 2;
  if (input.length !== dims + 1) {
    throw new NirError(file, node, 'input', `expects [channels, ${dims === 1 ? 'length' : 'height, width'}] input, got shape [${input.join(', ')}]`);
  }
  const spatial: number[] = [];
  if (n.type === 'Conv1d' || n.type === 'Conv2d') {
    const w = p.weight!;
    const groups = at(p.groups!, 0);
    if (input[0]! !== w.shape[1]! * groups) {
      throw new NirError(file, node, 'weight', `takes ${w.shape[1]! * groups} input channels (${w.shape[1]} × groups ${groups}), the input has ${input[0]}`);
    }
    for (let d = 0; d < dims; d++) spatial.push(outExtent(input[1 + d]!, w.shape[2 + d]!, at(p.stride!, d), at(p.padding!, d), at(p.dilation!, d)));
    if (spatial.some((x) => x < 1)) throw new NirError(file, node, 'weight', `kernel larger than the padded input [${input.join(', ')}]`);
    return { input, output: [w.shape[0]!, ...spatial] };
  }
  for (let d = 0; d < dims; d++) spatial.push(outExtent(input[1 + d]!, at(p.kernel_size!, d), at(p.stride!, d), at(p.padding!, d)));
  if (spatial.some((x) => x < 1)) throw new NirError(file, node, 'kernel_size', `kernel larger than the padded input [${input.join(', ')}]`);
  return { input, output: [input[0]!, ...spatial] };
}

/**
 * Every node's input and output shape, propagated along edges from the nodes whose parameters
 * fix them; every edge must carry as many values as its target takes (shapes that differ only
 * in size-1 dimensions, as some exporters write, are accepted).
 */
export function inferShapes(flat: FlatGraph, file: string): Map<string, NodeShapes> {
  const shapes = new Map<string, NodeShapes>();
  const preds = new Map<string, string[]>();
  for (const [a, b] of flat.edges) {
    if (!preds.has(b)) preds.set(b, []);
    preds.get(b)!.push(a);
  }
  for (const [name, n] of flat.nodes) {
    const s = fixedShapes(n);
    if (s) shapes.set(name, s);
    else if ((n.type === 'Conv1d' || n.type === 'Conv2d') && n.params.input_shape) {
      const w = n.params.weight!;
      shapes.set(name, derivedShapes(n, [w.shape[1]! * at(n.params.groups!, 0), ...Array.from(n.params.input_shape.data)], file, name));
    } else if (n.type === 'Flatten' && n.params.input_type && n.params.input_type.data.length > 0) {
      shapes.set(name, derivedShapes(n, Array.from(n.params.input_type.data), file, name));
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, n] of flat.nodes) {
      if (shapes.has(name)) continue;
      const from = (preds.get(name) ?? []).find((a) => shapes.has(a));
      if (from === undefined) continue;
      shapes.set(name, derivedShapes(n, shapes.get(from)!.output, file, name));
      changed = true;
    }
  }
  for (const [name, s] of shapes) {
    for (const [which, shape] of [['input', s.input], ['output', s.output]] as const) {
      if (sizeOf(shape) > MAX_UNITS) throw new NirError(file, name, which, `shape [${shape.join(', ')}] holds ${sizeOf(shape)} values per step, more than the limit ${MAX_UNITS}`);
    }
  }
  for (const name of flat.nodes.keys()) {
    if (!shapes.has(name)) throw new NirError(file, name, 'input', 'its shape cannot be inferred: no field fixes it and no predecessor has a known shape');
  }
  for (const [a, b] of flat.edges) {
    const out = shapes.get(a)!.output;
    const inp = shapes.get(b)!.input;
    if (sizeOf(out) !== sizeOf(inp)) {
      throw new NirError(file, b, 'input', `edge '${a}' -> '${b}': '${a}' gives shape [${out.join(', ')}] (${sizeOf(out)} values), '${b}' takes [${inp.join(', ')}] (${sizeOf(inp)} values)`);
    }
  }
  return shapes;
}
