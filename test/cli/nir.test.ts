import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../src/cli/program.js';
import { readNir } from '../../src/nir/reader.js';
import type { NirPrimitive } from '../../src/nir/graph.js';
import { readNpy } from '../../src/data/npy.js';
import { FileFormatError } from '../../src/core/errors.js';
import { Network } from '../../src/sim/Network.js';
import { saveNetwork } from '../../src/sim/saveNetwork.js';
import { source } from '../../src/neurons/source.js';
import { lif } from '../../src/neurons/lif.js';
import { dense } from '../../src/synapses/dense.js';

const fixture = (f: string): string => new URL(`../fixtures/nir/${f}`, import.meta.url).pathname;

async function cli(args: string[]): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  const err = console.error;
  console.log = (...a: unknown[]) => lines.push(a.join(' '));
  console.error = () => {};
  try {
    await buildProgram().parseAsync(args, { from: 'user' });
  } finally {
    console.log = log;
    console.error = err;
  }
  return lines.join('\n');
}

/** A .npy v1.0 file of float64 values, C order. */
function npy(shape: number[], values: number[]): Uint8Array {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header = header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11, ' ') + '\n';
  const out = new Uint8Array(10 + header.length + values.length * 8);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const dv = new DataView(out.buffer, 10 + header.length);
  values.forEach((v, k) => dv.setFloat64(k * 8, v, true));
  return out;
}

describe('neurostream nir', () => {
  it('info lists nodes with types, shapes and parameters, and the edges', async () => {
    const text = await cli(['nir', 'info', fixture('lif_norse.nir')]);
    expect(text).toMatch(/NIR 0\.1\.1, 4 nodes, 3 edges/);
    expect(text).toMatch(/1: LIF {2}\[1\] → \[1\]/);
    expect(text).toMatch(/v_threshold \(1\): \[0\.1\]/);
    expect(text).toMatch(/0 -> 1/);
  });

  it('run drives the graph from a CSV column (or an .npy file) and writes the Output and a node voltage per step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nir-cli-'));
    try {
      const out = join(dir, 'out.csv');
      await cli(['nir', 'run', fixture('lif_norse.nir'), '--input', fixture('lif_exact.csv'), '--columns', '0', '--record', '1', '--dt', '0.1 ms', '--out', out]);
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(lines[0]).toBe('t,output[0],1.v[0]');
      expect(lines).toHaveLength(1001);
      const exact = readFileSync(fixture('lif_exact.csv'), 'utf8').trim().split('\n').map((l) => l.split(',').map(Number));
      const rows = lines.slice(1).map((l) => l.split(',').map(Number));
      expect(rows.map((r) => r[1])).toEqual(exact.map((r) => r[2]));
      expect(Math.max(...rows.map((r, t) => Math.abs(r[2]! - exact[t]![1]!)))).toBeLessThan(1e-6);
      // The same input as a 1-D .npy file gives the same table.
      const inputNpy = join(dir, 'in.npy');
      writeFileSync(inputNpy, npy([exact.length], exact.map((r) => r[0]!)));
      const out2 = join(dir, 'out2.csv');
      await cli(['nir', 'run', fixture('lif_norse.nir'), '--input', inputNpy, '--record', '1', '--out', out2]);
      expect(readFileSync(out2, 'utf8')).toBe(readFileSync(out, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('run names a bad input row; export writes a built-in network that reads back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nir-cli-'));
    try {
      const bad = join(dir, 'bad.csv');
      writeFileSync(bad, '0,1\n1,0\n');
      await expect(cli(['nir', 'run', fixture('lif_norse.nir'), '--input', bad])).rejects.toThrow(/input row 1.*has 2 values, the Input node 'input' takes 1/);
      const file = join(dir, 'task.nir');
      await cli(['nir', 'export', '--builtin', 'lif-task', '--out', file]);
      const doc = await readNir(readFileSync(file), { file });
      expect(Object.values(doc.graph.nodes).map((n) => n.type).sort()).toEqual(['Input', 'LIF', 'Linear', 'Output']);
      await expect(cli(['nir', 'export', '--builtin', 'nope', '--out', file])).rejects.toThrow(/'nope' is not a built-in network \(have: lif-task\)/);
      await expect(cli(['nir', 'export', '--out', file])).rejects.toThrow(/exactly one of --network <file> and --builtin <name>/);
      // A network saved by saveNetwork exports with the same graph as the built network.
      const net = new Network();
      net.population('input', 3, source());
      net.population('cells', 2, lif({ tau: '10 ms', vThresh: 0.1, vReset: 0, R: 1 }));
      net.connect('input', 'cells', dense({ weights: [1, 2, 3, 4, 5, 6] }));
      const saved = join(dir, 'net.json');
      saveNetwork(saved, net);
      const fromFile = join(dir, 'saved.nir');
      await cli(['nir', 'export', '--network', saved, '--out', fromFile]);
      const back = await readNir(readFileSync(fromFile), { file: fromFile });
      const lin = Object.values(back.graph.nodes).find((n) => n.type === 'Linear') as NirPrimitive;
      expect(Array.from(lin.params['weight']!.data).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(Object.values(back.graph.nodes).map((n) => n.type).sort()).toEqual(['Input', 'LIF', 'Linear', 'Output']);
      await expect(cli(['nir', 'export', '--network', join(dir, 'missing.json'), '--out', fromFile])).rejects.toThrow(/missing\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('readNpy checks the declared shape against the bytes before allocating', () => {
    const ok = readNpy(npy([2, 3], [1, 2, 3, 4, 5, 6]));
    expect(ok.shape).toEqual([2, 3]);
    expect(Array.from(ok.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const lying = npy([2, 3], [1, 2, 3, 4, 5, 6]);
    const header = new TextDecoder().decode(lying.subarray(10, 10 + 118)).replace('(2, 3)', '(9999999, 999)');
    lying.set(new TextEncoder().encode(header), 10);
    expect(() => readNpy(lying, 'lying.npy')).toThrow(FileFormatError);
    expect(() => readNpy(lying, 'lying.npy')).toThrow(/lying\.npy \(byte 128\): shape \(9999999, 999\) needs 79919992008 bytes of data, the file has 48/);
  });
});
