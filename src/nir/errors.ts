import { NeurostreamError } from '../core/errors.js';

/**
 * A NIR graph that cannot be read, validated, imported or exported. Names the file, the node
 * (a dotted path for nodes inside subgraphs; '' for the graph itself) and the field.
 */
export class NirError extends NeurostreamError {
  constructor(
    /** The file read or written (or a name for a graph not from a file). */
    readonly file: string,
    /** The node: a dotted path inside subgraphs, '' for the graph itself. */
    readonly node: string,
    /** The field of the node at fault ('' when none). */
    readonly field: string,
    problem: string,
  ) {
    super(`${file}${node ? `, node '${node}'` : ''}${field ? `, field '${field}'` : ''}: ${problem}`);
  }
}
