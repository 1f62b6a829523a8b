import { NeurostreamError } from '../core/errors.js';

/**
 * A NIR graph that cannot be read, validated, imported or exported. Names the file, the node
 * (a dotted path for nodes inside subgraphs; '' for the graph itself) and the field.
 */
export class NirError extends NeurostreamError {
  constructor(
    readonly file: string,
    readonly node: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}${node ? `, node '${node}'` : ''}${field ? `, field '${field}'` : ''}: ${problem}`);
  }
}
