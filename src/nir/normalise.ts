import { NirError } from './errors.js';
import type { NirMetadata, NirPrimitive, NirPrimitiveType, NirTensor } from './graph.js';
import { schemaOf } from './schema.js';

export interface NormaliseContext {
  readonly file: string;
  readonly node: string;
  readonly version: string;
}

/**
 * Bring a node as some NIR version wrote it to the current form: fill fields older versions
 * leave out with the defaults the reference implementation uses, take Input/Output shapes from
 * `input_type`/`output_type` where `shape` is absent, and turn string conv paddings into numbers.
 */
export function normaliseNode(
  type: NirPrimitiveType,
  rawParams: Record<string, NirTensor>,
  strings: Record<string, string>,
  metadata: NirMetadata,
  ctx: NormaliseContext,
): NirPrimitive {
  const params: Record<string, NirTensor> = { ...rawParams };
  const schema = schemaOf(type);
  if (type === 'Input' && !params.shape && params.input_type) params.shape = params.input_type;
  if (type === 'Output' && !params.shape && params.output_type) params.shape = params.output_type;
  if (type === 'Input' || type === 'Output') {
    delete params.input_type;
    delete params.output_type;
  }
  if ((type === 'Conv1d' || type === 'Conv2d') && strings.padding !== undefined) {
    params.padding = convPadding(strings.padding, params, type === 'Conv1d' ? 1 : 2, ctx);
    delete strings.padding;
  }
  for (const k of Object.keys(strings)) throw new NirError(ctx.file, ctx.node, k, `expected numbers, got the string '${strings[k]}'`);
  for (const f of schema.required) {
    if (!params[f]) throw new NirError(ctx.file, ctx.node, f, `missing (a ${type} node needs ${schema.required.join(', ')}; file version ${ctx.version})`);
  }
  for (const [f, how] of Object.entries(schema.optional)) {
    if (params[f] || how === 'absent') continue;
    const like = params[how.like]!;
    params[f] = { shape: like.shape, data: new Float64Array(like.data.length).fill(how.fill === 'ones' ? 1 : 0), dtype: 'float' };
  }
  const known = new Set([...schema.required, ...Object.keys(schema.optional)]);
  for (const k of Object.keys(params)) {
    // Fields a newer writer adds and the model does not use are kept out of the graph, named in metadata.
    if (!known.has(k)) {
      delete params[k];
      metadata = { ...metadata, [`neurostream.ignored.${k}`]: 'field not part of this node type; ignored on import' };
    }
  }
  return { type, params, metadata };
}

function convPadding(padding: string, params: Record<string, NirTensor>, dims: number, ctx: NormaliseContext): NirTensor {
  const w = params.weight;
  if (!w) throw new NirError(ctx.file, ctx.node, 'weight', 'missing');
  if (padding === 'valid') return { shape: [dims], data: new Float64Array(dims), dtype: 'int' };
  if (padding !== 'same') throw new NirError(ctx.file, ctx.node, 'padding', `'${padding}' is neither 'same' nor 'valid' nor numbers`);
  const out = new Float64Array(dims);
  for (let d = 0; d < dims; d++) {
    const k = w.shape[2 + d] ?? 1;
    const dil = params.dilation ? params.dilation.data[Math.min(d, params.dilation.data.length - 1)]! : 1;
    const span = dil * (k - 1);
    if (span % 2 !== 0) throw new NirError(ctx.file, ctx.node, 'padding', `'same' with an even kernel extent ${span + 1} pads unevenly; not supported`);
    out[d] = span / 2;
  }
  return { shape: [dims], data: out, dtype: 'int' };
}
