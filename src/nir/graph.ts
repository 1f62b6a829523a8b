/**
 * The in-memory NIR graph (Neuromorphic Intermediate Representation, Pedersen et al., Nature
 * Communications 2024): named nodes, directed edges, and per node a type, its parameter arrays
 * and free-form metadata. Arrays are kept as flat C-order values with their shape.
 */

/** A parameter array: flat C-order values, its shape, and the HDF5 element type it came as. */
export interface NirTensor {
  /** Size of each dimension. */
  readonly shape: readonly number[];
  /** The values, flat in C order. */
  readonly data: Float64Array;
  /** 'float' or 'int': written back as float32 / int64 like the Python reference. */
  readonly dtype: 'float' | 'int';
}

/** Metadata values: strings, numbers or arrays (nested groups flatten to dotted keys). */
export type NirMetadata = Record<string, string | NirTensor>;

/** The node types of the NIR standard that neurostream reads and writes. */
export const NIR_PRIMITIVES = [
  'Input', 'Output', 'Affine', 'Linear', 'Scale', 'Threshold', 'Delay', 'Flatten',
  'LI', 'CubaLI', 'I', 'IF', 'LIF', 'CubaLIF', 'Conv1d', 'Conv2d', 'SumPool2d', 'AvgPool2d',
] as const;
/** One of the standard NIR node types. */
export type NirStandardType = (typeof NIR_PRIMITIVES)[number];
/** Standard types, or a custom node neurostream writes for units NIR has no node for. */
export type NirPrimitiveType = NirStandardType | `neurostream.${string}`;

/** Whether a node type is one of neurostream's own (`neurostream.*`) rather than a standard one. */
export function isCustomType(type: string): type is `neurostream.${string}` {
  return type.startsWith('neurostream.');
}

/** One primitive node: its type and parameters (field name → array). */
export interface NirPrimitive {
  /** The node type. */
  readonly type: NirPrimitiveType;
  /** Its parameter arrays by NIR field name (tau, r, v_threshold, weight, …). */
  readonly params: Readonly<Record<string, NirTensor>>;
  /** Free-form metadata. */
  readonly metadata: NirMetadata;
}

/** A graph, also usable as a node of another graph (a subgraph). */
export interface NirGraph {
  /** Marks a graph. */
  readonly type: 'NIRGraph';
  /** Its nodes by name. */
  readonly nodes: Readonly<Record<string, NirNode>>;
  /** Directed edges, (source, target) node names. */
  readonly edges: readonly (readonly [string, string])[];
  /** Free-form metadata. */
  readonly metadata: NirMetadata;
}

/** A node: a primitive or a subgraph. */
export type NirNode = NirPrimitive | NirGraph;

/** A NIR file's content: the graph and the version string it was written with. */
export interface NirDocument {
  /** The NIR version the file declares. */
  readonly version: string;
  /** The top-level graph. */
  readonly graph: NirGraph;
}

/** The NIR version our writer declares (the reference implementation's current major line). */
export const NIR_WRITE_VERSION = '1.0.0';

/** A NirTensor from values (copied to float64) with a shape (default: one dimension) and a dtype (default 'float'). */
export function tensor(values: ArrayLike<number>, shape: readonly number[] = [values.length], dtype: 'float' | 'int' = 'float'): NirTensor {
  return { shape: [...shape], data: Float64Array.from(values), dtype };
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Whether a node is a subgraph. */
export function isGraph(n: NirNode): n is NirGraph {
  return n.type === 'NIRGraph';
}
