/** Node-side FF checkpoint and model files: atomic saves, loads that name the file and field. */
import { readFileSync } from 'node:fs';
import { FileFormatError } from '../../core/errors.js';
import { atomicWriteFile } from '../../sim/serialize.js';
import { ffFromJSON, ffToJSON } from './ffModelFile.js';
import type { FFTrainer } from './ffTrainer.js';

/** Save a checkpoint (weights, optimiser states, epoch, history) atomically; refuses NaN weights. */
export function saveFFCheckpoint(t: FFTrainer, path: string): void {
  atomicWriteFile(path, JSON.stringify(ffToJSON(t, 'checkpoint')));
}

/** Save the trained model (weights, no optimiser state) atomically; refuses NaN weights. */
export function saveFFModel(t: FFTrainer, path: string): void {
  atomicWriteFile(path, JSON.stringify(ffToJSON(t, 'model')));
}

/** Resume from a checkpoint file, or load a model file (no optimiser state: `optimiserStateKept` false), on `backend` (default 'cpu'). */
export function loadFFTrainer(path: string, backend?: string): FFTrainer {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new FileFormatError(path, 'file', `not readable JSON: ${(e as Error).message}`);
  }
  return ffFromJSON(json, path, backend);
}
