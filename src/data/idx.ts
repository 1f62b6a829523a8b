import { existsSync, readFileSync, statSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { FileFormatError } from '../core/errors.js';
import { checkAllocation } from '../core/memoryBudget.js';

/** An IDX array (the MNIST file format): unsigned bytes with their dimensions. */
export interface IdxArray {
  /** Size of each dimension, outermost first. */
  readonly dims: readonly number[];
  /** The values, row-major. */
  readonly data: Uint8Array;
}

/**
 * Read an IDX file of unsigned bytes (gzip-compressed or not). Errors name the file and
 * the byte where the header or the length went wrong.
 */
export function readIdx(path: string, expectedDims?: number): IdxArray {
  if (!existsSync(path)) throw new FileFormatError(path, 'file', 'not found');
  checkAllocation(`${path}: the file`, statSync(path).size);
  let buf: Buffer = readFileSync(path);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    // Read the header from the first inflated bytes, check the size it declares, and only
    // then inflate the whole file, refusing more output than the header promises.
    const head = inflate(path, buf.subarray(0, 4096), { finishFlush: constants.Z_SYNC_FLUSH });
    const declared = head.length >= 4 && head[0] === 0 && head[1] === 0 ? declaredBytes(head) : null;
    if (declared !== null) checkAllocation(`${path}: the IDX data its header declares`, declared);
    // Without a readable header the checks below report what is wrong with these first bytes.
    buf = declared === null ? head : inflate(path, buf, { maxOutputLength: declared + 1 });
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

/** Header plus data bytes an IDX header declares, or null when the header is incomplete. */
function declaredBytes(head: Uint8Array): number | null {
  const nDims = head[3]!;
  const header = 4 + 4 * nDims;
  if (head.length < header) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let count = 1;
  for (let d = 0; d < nDims; d++) count *= view.getUint32(4 + 4 * d);
  return header + count;
}

function inflate(path: string, data: Uint8Array, options: { finishFlush?: number; maxOutputLength?: number }): Buffer {
  try {
    return gunzipSync(data, options);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new FileFormatError(path, 'gzip data', `inflates to more bytes than the header declares (${options.maxOutputLength! - 1})`);
    throw new FileFormatError(path, 'byte 0', `gzip data is corrupt: ${(e as Error).message}`);
  }
}
