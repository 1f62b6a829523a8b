import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A file in the package's own `models/` folder, found from src/ and from dist/ alike (both sit
 * two levels below the package root), so `--model` defaults work from any current folder.
 */
export function packageModelPath(file: string): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../models', file);
}
