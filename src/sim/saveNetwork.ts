/** Node-only: save and load any Network as a `neurostream.network` JSON file (atomic save). */
import { readFileSync } from 'node:fs';
import { FileFormatError } from '../core/errors.js';
import type { Network } from './Network.js';
import { networkFromJSON, networkToJSON, type LoadedNetwork, type NetworkToJSONOptions } from './networkFile.js';
import { atomicWriteFile } from './serialize.js';

/** Write `network` (and, with `{ simulator }`, the run to continue) to `path`: a temporary file renamed over it. */
export function saveNetwork(path: string, network: Network, options: NetworkToJSONOptions = {}): void {
  atomicWriteFile(path, `${JSON.stringify(networkToJSON(network, options))}\n`);
}

/** Read a file written by `saveNetwork`; errors name the file and the field. */
export function loadNetwork(path: string): LoadedNetwork {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FileFormatError(path, 'open', (e as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FileFormatError(path, 'JSON', (e as Error).message);
  }
  return networkFromJSON(json, path);
}
