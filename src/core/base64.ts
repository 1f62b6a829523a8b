import { FileFormatError, NonFiniteParametersError } from './errors.js';

/**
 * Float32 arrays ↔ base64 of their little-endian bytes, for compact weights in JSON
 * circuit files. Uses btoa/atob, so it runs in Node and in browsers alike.
 */
export function encodeFloat32(a: Float32Array): string {
  const bytes = new Uint8Array(a.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < a.length; i++) view.setFloat32(i * 4, a[i]!, true);
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** base64 (little-endian Float32) → Float32Array; throws a plain Error on bad data or length. */
export function decodeFloat32(b64: string, expectedLength?: number): Float32Array {
  let binary: string;
  try {
    binary = atob(b64);
  } catch {
    throw new Error('not valid base64');
  }
  if (binary.length % 4 !== 0) throw new Error(`base64 data has ${binary.length} bytes, not a multiple of 4`);
  const n = binary.length / 4;
  if (expectedLength !== undefined && n !== expectedLength) throw new Error(`expected ${expectedLength} values, found ${n}`);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** How many float32 values a base64 string holds, read from its length without decoding. */
export function float32Count(b64: string): number {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return Math.floor(((b64.length * 3) / 4 - pad) / 4);
}

/** encodeFloat32 for a save: a NaN or infinite value throws NonFiniteParametersError naming `field`. */
export function encodeFiniteFloat32(a: Float32Array, field: string): string {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) throw new NonFiniteParametersError(field, i, a[i]!);
  return encodeFloat32(a);
}

/** decodeFloat32 for a load: `n` values, every one finite; a FileFormatError names the file, the field and the index. */
export function decodeFiniteFloat32(b64: string, n: number, file: string, field: string): Float32Array {
  let values: Float32Array;
  try {
    values = decodeFloat32(b64, n);
  } catch (e) {
    throw new FileFormatError(file, `field ${field}`, (e as Error).message);
  }
  for (let i = 0; i < n; i++) if (!Number.isFinite(values[i]!)) throw new FileFormatError(file, `field ${field}[${i}]`, `not finite: ${values[i]}`);
  return values;
}
