import h5wasm from 'h5wasm';
import { NirError } from './errors.js';

/** A dataset as read: numbers (flat C order) or strings, with the shape HDF5 declares. */
export type H5Value =
  | { readonly kind: 'num'; readonly shape: readonly number[]; readonly data: Float64Array; readonly dtype: 'float' | 'int' }
  | { readonly kind: 'str'; readonly shape: readonly number[]; readonly values: readonly string[] };

/** A group: names → subgroups or datasets. */
export interface H5Tree {
  [name: string]: H5Tree | H5Value;
}

export function isValue(x: H5Tree | H5Value): x is H5Value {
  return typeof (x as H5Value).kind === 'string' && ((x as H5Value).kind === 'num' || (x as H5Value).kind === 'str') && 'shape' in x;
}

/** Limits checked against what the file declares, before anything of that size is allocated. */
export interface ReadLimits {
  /** Largest dataset, in elements (default 2^26, 256 MiB as float32). */
  maxElements?: number;
  /** All datasets together, in elements (default 2^27). */
  maxTotalElements?: number;
  /** Deepest group nesting (default 32). */
  maxDepth?: number;
}

const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_STRING = 3;
const H5T_ENUM = 8;

let counter = 0;

/** h5wasm's in-memory file system (Emscripten MEMFS: works the same in Node and browsers). */
async function fs() {
  const module = await h5wasm.ready;
  return module.FS;
}

/** What Emscripten's terminal device takes a character at a time (h5wasm's stderr). */
interface TtyOps {
  put_char(tty: { output: number[] }, value: number | null): void;
  fsync(tty: { output: number[] }): void;
}

/**
 * HDF5 prints its error stack for a damaged file on the wasm module's stderr, which h5wasm
 * sends to console.error: a page of diagnostics before our own error, in every CLI run and
 * test log. While reading, collect those lines instead; `reason()` gives the innermost line of
 * the first stack ("truncated file: eof = 1000, …") for our error, `restore()` puts stderr back.
 */
function collectHdf5Diagnostics(FS: unknown): { reason(): string; restore(): void } {
  const stream = (FS as { getStream?: (fd: number) => { tty?: { ops: TtyOps } } | undefined }).getStream?.(2);
  const tty = stream?.tty;
  const lines: string[] = [];
  if (!tty) return { reason: () => '', restore: () => {} };
  const original = tty.ops;
  const flush = (t: { output: number[] }) => {
    if (t.output.length > 0) lines.push(new TextDecoder().decode(Uint8Array.from(t.output)));
    t.output = [];
  };
  tty.ops = {
    put_char(t, value) {
      if (value === null || value === 10) flush(t);
      else if (value !== 0) t.output.push(value);
    },
    fsync: flush,
  };
  return {
    reason() {
      // the first stack is the root cause (a truncated superblock, say); later ones follow from it
      const next = lines.findIndex((l, k) => k > 0 && l.startsWith('HDF5-DIAG'));
      const first = next < 0 ? lines : lines.slice(0, next);
      const innermost = first.filter((l) => /^\s*#\d+:/.test(l)).at(-1);
      const why = innermost?.replace(/^.* in [\w:]+\(\): /, '').trim();
      return why ? ` (HDF5: ${why})` : '';
    },
    restore() {
      tty.ops = original;
    },
  };
}

/** The HDF5 signature every file starts with (at offset 0 for files written by h5py). */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Read an HDF5 file's whole tree from bytes (Node and browsers: h5wasm keeps it in memory).
 * `file` names the file in errors.
 */
export async function readHdf5(bytes: Uint8Array, file: string, limits: ReadLimits = {}): Promise<H5Tree> {
  const maxElements = limits.maxElements ?? 2 ** 26;
  const maxTotal = limits.maxTotalElements ?? 2 ** 27;
  const maxDepth = limits.maxDepth ?? 32;
  if (bytes.length < 512 || !SIGNATURE.every((b, k) => bytes[k] === b)) {
    throw new NirError(file, '', '', bytes.length < 512 ? `not an HDF5 file (${bytes.length} bytes, too short)` : 'not an HDF5 file (no HDF5 signature at byte 0)');
  }
  const FS = await fs();
  const path = `/nir-read-${++counter}.h5`;
  FS.writeFile(path, bytes);
  let f: InstanceType<typeof h5wasm.File> | null = null;
  const diagnostics = collectHdf5Diagnostics(FS);
  const why = (e: unknown) => `${(e as Error).message}${diagnostics.reason()}`;
  try {
    try {
      f = new h5wasm.File(path, 'r');
    } catch (e) {
      throw new NirError(file, '', '', `HDF5 could not open it (truncated or damaged?): ${why(e)}`);
    }
    let total = 0;
    const walk = (g: InstanceType<typeof h5wasm.Group>, where: string, depth: number): H5Tree => {
      if (depth > maxDepth) throw new NirError(file, where, '', `groups nested deeper than ${maxDepth}`);
      const out: H5Tree = Object.create(null) as H5Tree;
      let keys: string[];
      try {
        keys = g.keys();
      } catch (e) {
        throw new NirError(file, where, '', `HDF5 could not list the group (damaged file?): ${why(e)}`);
      }
      for (const k of keys) {
        const at = where ? `${where}/${k}` : k;
        let child: ReturnType<typeof g.get>;
        try {
          child = g.get(k);
        } catch (e) {
          throw new NirError(file, at, '', `HDF5 could not open it (damaged file?): ${why(e)}`);
        }
        if (child instanceof h5wasm.Group) out[k] = walk(child, at, depth + 1);
        else if (child instanceof h5wasm.Dataset) {
          const v = readDataset(child, file, at, maxElements, diagnostics.reason);
          total += v.kind === 'num' ? v.data.length : v.values.length;
          if (total > maxTotal) throw new NirError(file, at, '', `the file's datasets hold more than ${maxTotal} elements together`);
          out[k] = v;
        } else throw new NirError(file, at, '', 'neither a group nor a dataset (links are not part of NIR)');
      }
      return out;
    };
    return walk(f, '', 0);
  } finally {
    try {
      f?.close();
    } catch {
      /* the file is discarded anyway */
    }
    diagnostics.restore();
    FS.unlink(path);
  }
}

function readDataset(ds: InstanceType<typeof h5wasm.Dataset>, file: string, at: string, maxElements: number, reason: () => string): H5Value {
  let meta: ReturnType<() => typeof ds.metadata>;
  try {
    meta = ds.metadata;
  } catch (e) {
    throw new NirError(file, at, '', `HDF5 could not read the dataset's type (damaged file?): ${(e as Error).message}${reason()}`);
  }
  const shape = meta.shape ?? [];
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new NirError(file, at, '', `declared shape [${shape.join(', ')}] is not a list of sizes`);
    n *= d;
  }
  if (n > maxElements) throw new NirError(file, at, '', `declared shape [${shape.join(', ')}] holds ${n} elements, more than the limit ${maxElements}`);
  let value: unknown;
  try {
    value = ds.value;
  } catch (e) {
    throw new NirError(file, at, '', `HDF5 could not read the values (truncated file?): ${(e as Error).message}${reason()}`);
  }
  const type = meta.type === H5T_ENUM && meta.enum_type ? H5T_INTEGER : meta.type;
  if (type === H5T_STRING) {
    const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value.map((s) => String(s)) : null;
    if (!values) throw new NirError(file, at, '', 'string dataset with unreadable values');
    return { kind: 'str', shape, values };
  }
  if (type !== H5T_INTEGER && type !== H5T_FLOAT) {
    throw new NirError(file, at, '', `unsupported HDF5 type class ${meta.type} (NIR stores numbers and strings)`);
  }
  const data = new Float64Array(n);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') data[0] = Number(value);
  else if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    const src = value as ArrayLike<number | bigint>;
    if (src.length !== n) throw new NirError(file, at, '', `holds ${src.length} values, its shape [${shape.join(', ')}] says ${n}`);
    for (let k = 0; k < n; k++) data[k] = Number(src[k]!);
  } else throw new NirError(file, at, '', 'numeric dataset with unreadable values');
  return { kind: 'num', shape, data, dtype: type === H5T_FLOAT ? 'float' : 'int' };
}

/** Write a tree as an HDF5 file and return its bytes. Floats go out as float32, ints as int64. */
export async function writeHdf5(tree: H5Tree): Promise<Uint8Array> {
  const FS = await fs();
  const path = `/nir-write-${++counter}.h5`;
  const f = new h5wasm.File(path, 'w');
  try {
    const put = (g: InstanceType<typeof h5wasm.Group>, t: H5Tree): void => {
      for (const [k, v] of Object.entries(t)) {
        if (!isValue(v)) {
          put(g.create_group(k), v);
        } else if (v.kind === 'str') {
          const scalar = v.shape.length === 0;
          g.create_dataset({ name: k, data: scalar ? v.values[0]! : [...v.values], shape: scalar ? [] : [...v.shape] });
        } else if (v.dtype === 'int') {
          g.create_dataset({ name: k, data: BigInt64Array.from(v.data, (x) => BigInt(Math.round(x))), shape: [...v.shape], dtype: '<q' });
        } else {
          g.create_dataset({ name: k, data: Float32Array.from(v.data), shape: [...v.shape], dtype: '<f' });
        }
      }
    };
    put(f, tree);
    f.flush();
  } finally {
    f.close();
  }
  const bytes = FS.readFile(path);
  FS.unlink(path);
  return bytes;
}
