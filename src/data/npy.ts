import { FileFormatError } from '../core/errors.js';

/** A NumPy array read from .npy bytes: values as float64 in C order, and the shape. */
export interface NpyArray {
  /** Size of each dimension. */
  readonly shape: readonly number[];
  /** The values as float64, C order. */
  readonly data: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DTYPES: Record<string, { size: number; read: (v: DataView, at: number, little: boolean) => number }> = {
  f4: { size: 4, read: (v, at, le) => v.getFloat32(at, le) },
  f8: { size: 8, read: (v, at, le) => v.getFloat64(at, le) },
  i1: { size: 1, read: (v, at) => v.getInt8(at) },
  u1: { size: 1, read: (v, at) => v.getUint8(at) },
  b1: { size: 1, read: (v, at) => v.getUint8(at) },
  i2: { size: 2, read: (v, at, le) => v.getInt16(at, le) },
  i4: { size: 4, read: (v, at, le) => v.getInt32(at, le) },
  i8: { size: 8, read: (v, at, le) => Number(v.getBigInt64(at, le)) },
  u2: { size: 2, read: (v, at, le) => v.getUint16(at, le) },
  u4: { size: 4, read: (v, at, le) => v.getUint32(at, le) },
};

/**
 * Read a .npy file (format versions 1–3; numeric dtypes; C or Fortran order). The declared
 * shape is checked against the bytes present before the values are allocated.
 */
export function readNpy(bytes: Uint8Array, file = 'npy file'): NpyArray {
  if (bytes.length < 10 || !MAGIC.every((b, k) => bytes[k] === b)) throw new FileFormatError(file, 'byte 0', 'not a .npy file (no \\x93NUMPY magic)');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new FileFormatError(file, 'header', `declares ${headerLen} header bytes, the file has ${bytes.length - start}`);
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([<>|=])([a-z])(\d+)'/.exec(header);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeText) throw new FileFormatError(file, 'header', `cannot parse ${JSON.stringify(header.trim())}`);
  const kind = `${descr[2]}${descr[3]}`;
  const dtype = DTYPES[kind];
  if (!dtype) throw new FileFormatError(file, 'header', `dtype '${descr[1]}${kind}' is not supported (floats, ints, bools)`);
  const shape = shapeText[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new FileFormatError(file, 'header', `bad shape (${shapeText[1]})`);
  const n = shape.reduce((a, b) => a * b, 1);
  const dataStart = start + headerLen;
  if (n * dtype.size > bytes.length - dataStart) {
    throw new FileFormatError(file, `byte ${dataStart}`, `shape (${shape.join(', ')}) needs ${n * dtype.size} bytes of data, the file has ${bytes.length - dataStart}`);
  }
  const little = descr[1] !== '>';
  const data = new Float64Array(n);
  for (let k = 0; k < n; k++) data[k] = dtype.read(view, dataStart + k * dtype.size, little);
  if (fortran[1] === 'True' && shape.length > 1) return { shape, data: toCOrder(data, shape) };
  return { shape, data };
}

function toCOrder(f: Float64Array, shape: readonly number[]): Float64Array {
  const out = new Float64Array(f.length);
  const idx = new Array<number>(shape.length).fill(0);
  for (let c = 0; c < f.length; c++) {
    let fi = 0;
    let stride = 1;
    for (let d = 0; d < shape.length; d++) {
      fi += idx[d]! * stride;
      stride *= shape[d]!;
    }
    out[c] = f[fi]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}
