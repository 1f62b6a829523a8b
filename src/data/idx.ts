import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { FileFormatError } from '../core/errors.js';

/** An IDX array (the MNIST file format): unsigned bytes with their dimensions. */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/**
 * Read an IDX file of unsigned bytes (gzip-compressed or not). Errors name the file and
 * the byte where the header or the length went wrong.
 */
export function readIdx(path: string, expectedDims?: number): IdxArray {
  if (!existsSync(path)) throw new FileFormatError(path, 'file', 'not found');
  let buf: Buffer = readFileSync(path);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = gunzipSync(buf);
    } catch (e) {
      throw new FileFormatError(path, 'byte 0', `gzip data is corrupt: ${(e as Error).message}`);
    }
  }
  if (buf.length < 4) throw new FileFormatError(path, `byte ${buf.length}`, 'file ends inside the 4-byte magic number');
  if (buf[0] !== 0 || buf[1] !== 0) {
    throw new FileFormatError(path, 'byte 0', `magic number must start with two zero bytes, found 0x${buf[0]!.toString(16)} 0x${buf[1]!.toString(16)}`);
  }
  if (buf[2] !== 0x08) {
    throw new FileFormatError(path, 'byte 2', `element type 0x${buf[2]!.toString(16)} is not unsigned byte (0x08)`);
  }
  const nDims = buf[3]!;
  if (expectedDims !== undefined && nDims !== expectedDims) {
    throw new FileFormatError(path, 'byte 3', `expected ${expectedDims} dimensions, found ${nDims}`);
  }
  const header = 4 + 4 * nDims;
  if (buf.length < header) throw new FileFormatError(path, `byte ${buf.length}`, `file ends inside the header (${header} bytes)`);
  const dims: number[] = [];
  let count = 1;
  for (let d = 0; d < nDims; d++) {
    const n = buf.readUInt32BE(4 + 4 * d);
    if (n === 0) throw new FileFormatError(path, `byte ${4 + 4 * d}`, `dimension ${d} is zero`);
    dims.push(n);
    count *= n;
  }
  if (buf.length !== header + count) {
    throw new FileFormatError(path, `byte ${Math.min(buf.length, header + count)}`, `header promises ${count} data bytes after byte ${header}, file has ${buf.length - header}`);
  }
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + header, count) };
}
