import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpecError } from '../core/errors.js';

/** The project's bundled images (assets/natural), found from src/ and from dist/ alike. */
export function bundledImages(): string[] {
  const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../assets/natural');
  if (!existsSync(dir)) throw new SpecError('fly --images', `no bundled images at ${dir}; pass --images`);
  return readdirSync(dir).filter((f) => f.endsWith('.png')).sort().map((f) => join(dir, f));
}
