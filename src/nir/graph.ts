/**
 * The in-memory NIR graph (Neuromorphic Intermediate Representation, Pedersen et al., Nature
 * Communications 2024): named nodes, directed edges, and per node a type, its parameter arrays
 * and free-form metadata. Arrays are kept as flat C-order values with their shape.
 */

/** A parameter array: flat C-order values, its shape, and the HDF5 element type it came as. */
export interface NirTensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
  /** 'float' or 'int': written back as float32 / int64 like the Python reference. */
  readonly dtype: 'float' | 'int';
}

/** Metadata values: strings, numbers or arrays (nested groups flatten to dotted keys). */
export type NirMetadata = Record<string, string | NirTensor>;

export const NIR_PRIMITIVES = [
  'Input', 'Output', 'Affine', 'Linear', 'Scale', 'Threshold', 'Delay', 'Flatten',
  'LI', 'CubaLI', 'I', 'IF', 'LIF', 'CubaLIF', 'Conv1d', 'Conv2d', 'SumPool2d', 'AvgPool2d',
] as const;
export type NirStandardType = (typeof NIR_PRIMITIVES)[number];
/** Standard types, or a custom node neurostream writes for units NIR has no node for. */
export type NirPrimitiveType = NirStandardType | `neurostream.${string}`;

export function isCustomType(type: string): type is `neurostream.${string}` {
  return type.startsWith('neurostream.');
}

/** One primitive node: its type and parameters (field name → array). */
export interface NirPrimitive {
  readonly type: NirPrimitiveType;
  readonly params: Readonly<Record<string, NirTensor>>;
  readonly metadata: NirMetadata;
}

/** A graph, also usable as a node of another graph (a subgraph). */
export interface NirGraph {
  readonly type: 'NIRGraph';
  readonly nodes: Readonly<Record<string, NirNode>>;
  readonly edges: readonly (readonly [string, string])[];
  readonly metadata: NirMetadata;
}

export type NirNode = NirPrimitive | NirGraph;

/** A NIR file's content: the graph and the version string it was written with. */
export interface NirDocument {
  readonly version: string;
  readonly graph: NirGraph;
}

/** The NIR version our writer declares (the reference implementation's current major line). */
export const NIR_WRITE_VERSION = '1.0.0';

export function tensor(values: ArrayLike<number>, shape: readonly number[] = [values.length], dtype: 'float' | 'int' = 'float'): NirTensor {
  return { shape: [...shape], data: Float64Array.from(values), dtype };
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function isGraph(n: NirNode): n is NirGraph {
  return n.type === 'NIRGraph';
}
