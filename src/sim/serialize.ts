import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';

/** Float32 array → base64 of its little-endian bytes (compact weights in JSON files). */
export function encodeFloat32(a: Float32Array): string {
  const bytes = new Uint8Array(a.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < a.length; i++) view.setFloat32(i * 4, a[i]!, true);
  return Buffer.from(bytes).toString('base64');
}

/** base64 (little-endian Float32) → Float32Array; throws a plain Error on a bad length. */
export function decodeFloat32(b64: string, expectedLength?: number): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length % 4 !== 0) throw new Error(`base64 data has ${bytes.length} bytes, not a multiple of 4`);
  const n = bytes.length / 4;
  if (expectedLength !== undefined && n !== expectedLength) throw new Error(`expected ${expectedLength} values, found ${n}`);
  const out = new Float32Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/**
 * Write a file atomically: write a temporary file beside it, then rename over the target,
 * so a crash leaves either the old file or the new one, never half of one.
 */
export function atomicWriteFile(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
