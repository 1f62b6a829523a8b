import type { NirPrimitive } from './graph.js';

/**
 * Which NIR node a population (or edge a projection) was imported from, so exporting an
 * imported network writes the same nodes and edges back.
 */
export interface Provenance {
  readonly path: string;
  readonly node: NirPrimitive | null;
  /** The importer added a one-step delay to this edge to break a cycle. */
  readonly recurrent?: boolean;
}

export const importedFrom = new WeakMap<object, Provenance>();
