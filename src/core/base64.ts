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
