import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import h5wasm from 'h5wasm';
import { readFileSync } from 'node:fs';
import { readNir, treeToDocument } from '../../src/nir/reader.js';
import { writeNir } from '../../src/nir/writer.js';
import { documentToTree } from '../../src/nir/writer.js';
import { NirError } from '../../src/nir/errors.js';
import type { NirGraph, NirPrimitive } from '../../src/nir/graph.js';
import { tensor } from '../../src/nir/graph.js';
import { isValue, writeHdf5, type H5Tree } from '../../src/nir/hdf5.js';

const norse = readFileSync(new URL('../fixtures/nir/lif_norse.nir', import.meta.url));

/** Reading either gives a document or throws a NirError: never another error, never a crash. */
async function readsOrNirError(bytes: Uint8Array): Promise<'ok' | 'NirError'> {
  try {
    await readNir(bytes, { file: 'fuzzed.nir' });
    return 'ok';
  } catch (e) {
    if (e instanceof NirError) return 'NirError';
    throw e;
  }
}

const lifNode = (over: Partial<Record<string, ReturnType<typeof tensor>>> = {}): NirPrimitive => ({
  type: 'LIF',
  params: { tau: tensor([0.01, 0.01]), r: tensor([1, 1]), v_leak: tensor([0, 0]), v_threshold: tensor([1, 1]), v_reset: tensor([0, 0]), ...over } as NirPrimitive['params'],
  metadata: {},
});
const io = (type: 'Input' | 'Output', n: number): NirPrimitive => ({ type, params: { shape: tensor([n], [1], 'int') }, metadata: {} });
const graph = (nodes: NirGraph['nodes'], edges: [string, string][]): NirGraph => ({ type: 'NIRGraph', nodes, edges, metadata: {} });
const good = (): NirGraph => graph({ in: io('Input', 2), lif: lifNode(), out: io('Output', 2) }, [['in', 'lif'], ['lif', 'out']]);

/** The document a tree (as an HDF5 file would hold it) gives, or the NirError it raises. */
function fromTree(edit: (t: H5Tree) => void): NirError {
  const t = documentToTree({ version: '1.0.0', graph: good() });
  edit(t);
  try {
    treeToDocument(t, 'bad.nir');
  } catch (e) {
    if (e instanceof NirError) return e;
    throw e;
  }
  throw new Error('expected a NirError');
}
const nodeOf = (t: H5Tree, name: string): H5Tree => ((t.node as H5Tree).nodes as H5Tree)[name] as H5Tree;

describe('malformed NIR files end in a NirError naming file, node and field', () => {
  it('truncated files (fuzzed cut points)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: norse.length - 1 }), async (cut) => {
        expect(await readsOrNirError(norse.subarray(0, cut))).toBeDefined();
      }),
      { numRuns: 20, seed: 16 },
    );
    const err = await readNir(norse.subarray(0, 1000), { file: 'cut.nir' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NirError);
    expect((err as Error).message).toMatch(/^cut\.nir/);
    // HDF5's diagnostic stack is collected into the error (its innermost reason), not printed on stderr
    expect((err as Error).message).toMatch(/\(HDF5: truncated file: eof = 1000\b/);
  });

  it("prints nothing on stderr: HDF5's diagnostics for a damaged file end up in the NirError only", async () => {
    const tty = ((await h5wasm.ready).FS as unknown as { getStream(fd: number): { tty: { ops: { put_char(t: unknown, c: number | null): void } } } }).getStream(2).tty;
    const ops = tty.ops;
    const printed: (number | null)[] = [];
    tty.ops = { ...ops, put_char: (_t, c) => void printed.push(c) };
    try {
      for (const cut of [600, 1000, 5000]) await expect(readNir(norse.subarray(0, cut), { file: 'cut.nir' })).rejects.toThrow(/\(HDF5: /);
    } finally {
      tty.ops = ops;
    }
    expect(printed).toEqual([]);
  });

  it('flipped bits anywhere in the file (fuzzed)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: norse.length - 1 }), fc.integer({ min: 0, max: 7 }), async (pos, bit) => {
        const b = Uint8Array.from(norse);
        b[pos] = b[pos]! ^ (1 << bit);
        expect(await readsOrNirError(b)).toBeDefined();
      }),
      { numRuns: 60, seed: 16 },
    );
  });

  it('not HDF5 at all', async () => {
    await expect(readNir(new TextEncoder().encode('{"nodes": {}}'.padEnd(600, ' ')), { file: 'x.json' })).rejects.toThrow(/x\.json: not an HDF5 file \(no HDF5 signature/);
  });

  it('a wrong dtype: a string where numbers belong', () => {
    const e = fromTree((t) => {
      nodeOf(t, 'lif').tau = { kind: 'str', shape: [], values: ['fast'] };
    });
    expect([e.node, e.field]).toEqual(['lif', 'tau']);
    expect(e.message).toMatch(/expected numbers, got the string 'fast'/);
  });

  it('a missing field, a missing type, missing edges', () => {
    expect(fromTree((t) => delete nodeOf(t, 'lif').v_threshold).message).toMatch(/node 'lif', field 'v_threshold': missing \(a LIF node needs tau, r, v_leak, v_threshold/);
    expect(fromTree((t) => delete nodeOf(t, 'lif').type).field).toBe('type');
    expect(fromTree((t) => delete (t.node as H5Tree).edges).field).toBe('edges');
  });

  it('an unknown node type names it and lists the supported ones', () => {
    const e = fromTree((t) => {
      nodeOf(t, 'lif').type = { kind: 'str', shape: [], values: ['AdEx'] };
    });
    expect(e.message).toMatch(/node type 'AdEx' is not supported; supported: Input, Output, Affine, .*CubaLIF.*NIRGraph/);
  });

  it('shape mismatches: parameters of one neuron, a bias against its weight, sizes along an edge', () => {
    expect(fromTree((t) => {
      nodeOf(t, 'lif').r = { kind: 'num', shape: [3], data: new Float64Array([1, 1, 1]), dtype: 'float' };
    }).message).toMatch(/node 'lif', field 'r': shape \[3\] differs from tau's \[2\]/);
    expect(fromTree((t) => {
      nodeOf(t, 'in').shape = { kind: 'num', shape: [1], data: new Float64Array([3]), dtype: 'int' };
    }).message).toMatch(/edge 'in' -> 'lif': 'in' gives shape \[3\] \(3 values\), 'lif' takes \[2\]/);
    const affine: H5Tree = documentToTree({
      version: '1', graph: graph({ a: { type: 'Affine', params: { weight: tensor([1, 2, 3, 4], [2, 2]), bias: tensor([0, 0, 0]) }, metadata: {} } }, []),
    });
    expect(() => treeToDocument(affine, 'affine.nir')).toThrow(/node 'a', field 'bias': has 3 values, weight has 2 rows/);
  });

  it('a negative time constant and a non-finite value', () => {
    expect(fromTree((t) => {
      nodeOf(t, 'lif').tau = { kind: 'num', shape: [2], data: new Float64Array([0.01, -1]), dtype: 'float' };
    }).message).toMatch(/field 'tau': time constants must be > 0, value 1 is -1/);
    expect(fromTree((t) => {
      nodeOf(t, 'lif').v_leak = { kind: 'num', shape: [2], data: new Float64Array([0, Number.NaN]), dtype: 'float' };
    }).message).toMatch(/field 'v_leak': value 1 is NaN/);
  });

  it('a cycle with no delay (through instantaneous nodes only) is refused; through a neuron it is a recurrent edge', () => {
    const lin = (): NirPrimitive => ({ type: 'Linear', params: { weight: tensor([1, 0, 0, 1], [2, 2]) }, metadata: {} });
    const loop = graph({ in: io('Input', 2), a: lin(), b: lin(), out: io('Output', 2) }, [['in', 'a'], ['a', 'b'], ['b', 'a'], ['b', 'out']]);
    const t = documentToTree({ version: '1', graph: loop });
    expect(() => treeToDocument(t, 'loop.nir')).toThrow(/loop\.nir, node '.', field 'edges': cycle without delay through instantaneous nodes: (a -> b -> a|b -> a -> b)/);
    const rec = graph({ in: io('Input', 2), a: lin(), lif: lifNode(), out: io('Output', 2) }, [['in', 'lif'], ['lif', 'a'], ['a', 'lif'], ['lif', 'out']]);
    expect(treeToDocument(documentToTree({ version: '1', graph: rec }), 'rec.nir').graph.edges).toContainEqual(['a', 'lif']);
  });

  it('huge declared shapes are refused before anything of that size is allocated', async () => {
    // A dataset declaring 2^40 elements (chunked, never written, so the file stays small).
    const { FS } = await h5wasm.ready;
    const f = new h5wasm.File('/nir-huge-test.h5', 'w');
    f.create_dataset({ name: 'version', data: '0.2.0' });
    const g = f.create_group('node');
    g.create_dataset({ name: 'type', data: 'NIRGraph' });
    g.create_dataset({ name: 'edges', data: new Float32Array(4), shape: [4], maxshape: [null], chunks: [4] }).resize([2 ** 40]);
    f.close();
    const bytes = FS.readFile('/nir-huge-test.h5');
    FS.unlink('/nir-huge-test.h5');
    expect(bytes.length).toBeLessThan(100_000);
    await expect(readNir(bytes, { file: 'huge.nir' })).rejects.toThrow(/huge\.nir, node 'node\/edges': declared shape \[1099511627776\] holds 1099511627776 elements, more than the limit/);
    // A small file whose Input declares 2^40 units: refused before a population is made.
    const t = documentToTree({ version: '1', graph: good() });
    nodeOf(t, 'in').shape = { kind: 'num', shape: [1], data: new Float64Array([2 ** 40]), dtype: 'int' };
    const bytes2 = await writeHdf5(t);
    await expect(readNir(bytes2, { file: 'wide.nir' })).rejects.toThrow(/node 'in', field 'input': shape \[1099511627776\] holds .* more than the limit/);
  });

  it('randomly deleted fields (fuzzed) give a NirError, never another error', () => {
    const fields = ['tau', 'r', 'v_leak', 'v_threshold', 'type', 'shape'];
    fc.assert(
      fc.property(fc.constantFrom('in', 'lif', 'out'), fc.constantFrom(...fields), (node, field) => {
        const t = documentToTree({ version: '1', graph: good() });
        const n = nodeOf(t, node);
        if (!(field in n) || !isValue(n[field]!)) return;
        delete n[field];
        expect(() => treeToDocument(t, 'del.nir')).toThrow(NirError);
      }),
      { numRuns: 30, seed: 16 },
    );
  });

  it('a valid graph survives write → read unchanged', async () => {
    const doc = await readNir(await writeNir(good()), { file: 'good.nir' });
    expect(doc.graph.edges).toEqual([['in', 'lif'], ['lif', 'out']]);
    const lif = doc.graph.nodes.lif as NirPrimitive;
    expect(Array.from(lif.params.tau!.data)).toEqual([Math.fround(0.01), Math.fround(0.01)]);
  });
});
