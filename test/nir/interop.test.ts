import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readNir } from '../../src/nir/reader.js';
import { writeNir } from '../../src/nir/writer.js';
import { nirToNetwork } from '../../src/nir/toNetwork.js';
import { networkToNir } from '../../src/nir/fromNetwork.js';
import { Network } from '../../src/sim/Network.js';
import { Simulator } from '../../src/sim/Simulator.js';
import { lif } from '../../src/neurons/lif.js';
import { source } from '../../src/neurons/source.js';
import { dense } from '../../src/synapses/dense.js';
import { oneToOne } from '../../src/synapses/oneToOne.js';
import { SeededRandom } from '../../src/core/random.js';

/**
 * Interop with the NIR Python reference (neuromorphs/NIR's `nir` package from source on
 * PYTHONPATH, over Debian's python3-h5py and python3-numpy). The source checkout is looked for
 * in NIR_PYTHON_PATH, then ../shared/peers/nir-python beside the repository.
 */
const here = new URL('.', import.meta.url).pathname;
const repo = resolve(here, '../..');
const nirSource = [process.env.NIR_PYTHON_PATH, resolve(repo, '../shared/peers/nir-python'), resolve(repo, '../../shared/peers/nir-python')]
  .find((p): p is string => p !== undefined && existsSync(join(p, 'nir', '__init__.py')));
const python = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import h5py, numpy'], { stdio: 'ignore' }).status === 0);
const missing = !python ? 'no python3 with h5py and numpy (apt-get install python3-h5py python3-numpy)' : !nirSource ? 'no NIR Python source (set NIR_PYTHON_PATH)' : null;
if (missing) console.warn(`NIR interop tests skipped: ${missing}`);
const maybe = missing ? describe.skip : describe;

function py(script: string, ...args: string[]): string {
  return execFileSync(python!, [join(here, 'python', script), ...args], { env: { ...process.env, PYTHONPATH: nirSource! }, encoding: 'utf8' });
}

interface Described {
  version: string;
  edges: string[];
  nodes: Record<string, { type: string; fields: Record<string, { shape: number[]; data: number[] }> }>;
}

maybe('NIR interop with the Python reference implementation', () => {
  it('a graph our exporter writes is read by Python nir.read with the same nodes, parameters and edges', async () => {
    const net = new Network();
    net.population('in', 3, source());
    net.population('hidden', 4, lif({ tau: 0.01, vThresh: 0.4, vReset: 0.05 }));
    net.population('out', 2, lif({ tau: 0.02, vThresh: 0.3 }));
    net.connect('in', 'hidden', dense({ weights: Float32Array.from({ length: 12 }, (_, k) => 0.1 * (k + 1)) }));
    net.connect('hidden', 'out', dense({ weights: Float32Array.from({ length: 8 }, (_, k) => 0.05 * k) }), { delaySteps: 2 });
    net.connect('out', 'out', oneToOne({ weights: -0.5 }), { delaySteps: 1 });
    const g = networkToNir(net, { dt: 1e-3 });
    const dir = mkdtempSync(join(tmpdir(), 'nir-interop-'));
    try {
      const file = join(dir, 'ours.nir');
      writeFileSync(file, await writeNir(g));
      const seen = JSON.parse(py('describe_file.py', file)) as Described;
      expect(seen.edges).toEqual(g.edges.map(([a, b]) => `${a} -> ${b}`).sort());
      expect(Object.keys(seen.nodes).sort()).toEqual(Object.keys(g.nodes).sort());
      for (const [name, node] of Object.entries(g.nodes)) {
        expect(seen.nodes[name]!.type).toBe(node.type);
        if (node.type === 'NIRGraph') continue;
        for (const [f, t] of Object.entries(node.params)) {
          const theirs = seen.nodes[name]!.fields[f]!;
          expect(theirs.shape).toEqual([...t.shape]);
          expect(theirs.data).toEqual(Array.from(t.dtype === 'int' ? t.data : Float32Array.from(t.data)));
        }
      }
      expect(seen.nodes['hidden->out']!.fields.weight!.shape).toEqual([2, 4]);
      expect(seen.nodes['hidden']!.fields.v_reset!.data[0]).toBeCloseTo(0.05, 6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a graph Python writes (every node type we import: Conv2d, IF, SumPool2d, Flatten, Affine, CubaLIF with recurrence, Linear, Scale, Delay, LI, Threshold) is read, checked against what Python reads, and run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nir-interop-'));
    try {
      const file = join(dir, 'theirs.nir');
      py('write_reference.py', file);
      const seen = JSON.parse(py('describe_file.py', file)) as Described;
      const doc = await readNir(readFileSync(file), { file: 'theirs.nir' });
      expect(doc.version).toBe(seen.version);
      expect(doc.graph.edges.map(([a, b]) => `${a} -> ${b}`).sort()).toEqual(seen.edges);
      for (const [name, node] of Object.entries(doc.graph.nodes)) {
        expect(node.type).toBe(seen.nodes[name]!.type);
        if (node.type === 'NIRGraph') continue;
        const want = node.type === 'Input' || node.type === 'Output' ? {} : seen.nodes[name]!.fields;
        for (const [f, t] of Object.entries(want)) {
          if (f === 'input_type') continue;
          expect(Array.from(node.params[f]!.data)).toEqual(t.data);
        }
      }
      const imp = nirToNetwork(doc.graph, { dt: '1 ms' });
      expect(imp.network.projections.filter((p) => p.delaySteps > 0).map((p) => `${p.pre.name}->${p.post.name}:${p.delaySteps}`).sort()).toEqual(['scale->delay:2', 'rec->lif:1'].sort());
      const sim = new Simulator(imp.network, { dt: 1e-3 });
      const rnd = new SeededRandom(2, 'interop');
      const r = sim.runSteps({ input: (_s: number, _dt: number, out: Float32Array) => { for (let k = 0; k < out.length; k++) out[k] = rnd.uniform() < 0.5 ? 1 : 0; } }, 100, { record: 'none' });
      expect(r.spikeCounts.get('lif')!.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(r.spikeCounts.get('thr')!.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
