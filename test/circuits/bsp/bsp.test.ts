import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FileFormatError,
  SeededRandom,
  SpecError,
  bspNetwork,

} from '../../../src/index.js';
import { treePairs } from '../../../src/circuits/bsp/bspNetwork.js';
import { BspClassifier, type ImageSet, type TrainingProgress } from '../../../src/node.js';

/** Two classes of 4×4 "images": even pixels bright for class 0, odd pixels for class 1, noisy. */
function twoClass(n: number, seed: number): ImageSet {
  const r = new SeededRandom(seed, 'two-class');
  const px = 16;
  const images = new Float32Array(n * px);
  const labels = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const c = r.int(2);
    labels[k] = c;
    for (let i = 0; i < px; i++) {
      const on = (i % 2 === 0) === (c === 0);
      images[k * px + i] = Math.min(1, Math.max(0, (on ? 0.6 : 0.3) + 0.25 * r.normal()));
    }
  }
  return { images, labels, count: n, rows: 4, cols: 4, classes: 2 };
}

const progress = (epoch: number): TrainingProgress => ({ epoch, batch: 0, correct: 0, seen: 0, seconds: 0 });

function small(seed = 3) {
  return new BspClassifier({ layers: [16, 8, 2], integrator: 'euler', window: 5, batch: 10, rate: 0.3, seed });
}

describe('BSP classifier (method 2, multi-connection)', () => {
  it('learns a seeded two-class problem from chance to ≥ 95 % test accuracy', () => {
    const train = twoClass(400, 1);
    const test = twoClass(200, 2);
    const c = small();
    const before = c.evaluate(test);
    expect(before).toBeLessThan(0.7);
    let trainAcc = 0;
    for (let e = 0; e < 6; e++) trainAcc = c.trainEpoch(train, progress(e));
    expect(trainAcc).toBeGreaterThanOrEqual(0.95);
    expect(c.evaluate(test)).toBeGreaterThanOrEqual(0.95);
  });

  it('is deterministic: the same seed gives the same weights', () => {
    const train = twoClass(100, 1);
    const a = small(7);
    const b = small(7);
    a.trainEpoch(train, progress(0));
    b.trainEpoch(train, progress(0));
    for (let l = 0; l < 2; l++) expect(Array.from(a.net.connections[l]!.weights)).toEqual(Array.from(b.net.connections[l]!.weights));
    const c = small(8);
    expect(Array.from(c.net.connections[0]!.weights)).not.toEqual(Array.from(a.net.connections[0]!.weights));
  });

  it('changes hidden and output connections, and the backward projections share them', () => {
    const c = small();
    const before = c.net.connections.map((p) => Float32Array.from(p.weights));
    c.trainEpoch(twoClass(50, 4), progress(0));
    c.net.connections.forEach((p, l) => expect(p.weights).not.toEqual(before[l]));
    expect(c.net.backward[0]!.synapses.weights).toBe(c.net.connections[1]!.weights);
  });

  it('rejects a layer list that does not start at the input size, or a label out of range, before any work', () => {
    const data = twoClass(20, 5);
    const wrongInput = new BspClassifier({ layers: [15, 8, 2], integrator: 'euler', window: 2, batch: 5 });
    const w0 = Float32Array.from(wrongInput.net.connections[0]!.weights);
    expect(() => wrongInput.trainEpoch(data, progress(0))).toThrow(SpecError);
    expect(() => wrongInput.trainEpoch(data, progress(0))).toThrow(/bsp\.layers\[0\].*15 units.*4 × 4 = 16 pixels/);
    expect(wrongInput.net.connections[0]!.weights).toEqual(w0);
    const labels = Uint8Array.from(data.labels);
    labels[13] = 2;
    const c = small();
    expect(() => c.trainEpoch({ ...data, labels }, progress(0))).toThrow(/train\.labels\[13\]: label 2 is out of range for 2 output cells/);
    expect(() => new BspClassifier({ layers: [16] })).toThrow(/bsp\.layers/);
    expect(() => new BspClassifier({ layers: [16, 0, 2] })).toThrow(/bsp\.layers\[1\]/);
    expect(() => new BspClassifier({ layers: [16, 2], k: [1, 2, 1] })).toThrow(/bsp\.k.*k1 must exceed k2/);
  });

  it('saves atomically and loads to the same predictions; a bad file names the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bsp-'));
    const c = small();
    c.trainEpoch(twoClass(100, 1), progress(0));
    const path = join(dir, 'model.json');
    c.save(path, { epoch: 1, batch: 3, correct: 20, seen: 30, seconds: 1 });
    const { classifier: d, progress: p } = BspClassifier.load(path);
    expect(p).toEqual({ epoch: 1, batch: 3, correct: 20, seen: 30, seconds: 1 });
    const test = twoClass(40, 9);
    const pa = new Int32Array(10);
    const pb = new Int32Array(10);
    for (let from = 0; from < 40; from += 10) {
      c.predictBatch(test, from, pa);
      d.predictBatch(test, from, pb);
      expect(Array.from(pb)).toEqual(Array.from(pa));
    }
    const json = JSON.parse(readFileSync(path, 'utf8'));
    json.weights.C2 = json.weights.C2.slice(0, 8);
    writeFileSync(path, JSON.stringify(json));
    expect(() => BspClassifier.load(path)).toThrow(FileFormatError);
    expect(() => BspClassifier.load(path)).toThrow(/field weights\.C2/);
    json.format = 'other';
    writeFileSync(path, JSON.stringify(json));
    expect(() => BspClassifier.load(path)).toThrow(/field format/);
  });
});

describe('BSP with float32 cells (cellArithmetic)', () => {
  it('learns the two-class problem as the float64 cells do, keeps the setting through save and load, and names a bad value', () => {
    const train = twoClass(400, 1);
    const test = twoClass(200, 2);
    const make = (cellArithmetic: 'float64' | 'float32') => new BspClassifier({ layers: [16, 8, 2], integrator: 'euler', window: 5, batch: 10, rate: 0.3, seed: 3, cellArithmetic });
    const c32 = make('float32');
    const c64 = make('float64');
    expect(c32.net.forward[0]!.model.describe().arithmetic).toBe('float32');
    expect(c32.net.reversed[0]!.model.describe().arithmetic).toBe('float32');
    expect(c64.net.forward[0]!.model.describe().arithmetic).toBeUndefined();
    for (let e = 0; e < 6; e++) {
      c32.trainEpoch(train, progress(e));
      c64.trainEpoch(train, progress(e));
    }
    expect(c32.evaluate(test)).toBeGreaterThanOrEqual(0.95);
    // the same seed: weights within float32 roundings of each other, but not equal
    const w32 = c32.net.connections[0]!.weights;
    const w64 = c64.net.connections[0]!.weights;
    let gap = 0;
    w32.forEach((v, k) => (gap = Math.max(gap, Math.abs(v - w64[k]!))));
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(1e-3);
    const path = join(mkdtempSync(join(tmpdir(), 'bsp32-')), 'model.json');
    c32.save(path);
    const { classifier } = BspClassifier.load(path);
    expect(classifier.options.cellArithmetic).toBe('float32');
    expect(classifier.net.forward[0]!.model.describe().arithmetic).toBe('float32');
    expect(() => new BspClassifier({ layers: [16, 8, 2], cellArithmetic: 'float16' as 'float32' })).toThrow(/bsp\.cellArithmetic.*float16/);
  });
});

describe('BSP network wiring', () => {
  it('tree topology: every cell feeds exactly one cell of the next layer', () => {
    expect(treePairs(6, 2)).toEqual([[0, 0], [1, 0], [2, 0], [3, 1], [4, 1], [5, 1]]);
    expect(treePairs(2, 4, [1, 0])).toEqual([[1, 0], [1, 1], [0, 2], [0, 3]]);
    const b = bspNetwork({ layers: [16, 20, 6, 2], method: 1, windows: { forward: 1, backward: 1 } });
    for (const l of [1, 2]) {
      const syn = b.connections[l]!;
      expect(syn.spec.kind).toBe('sparse');
    }
    expect(b.reversed[0]!.model.parameters!.K3).toBe(b.forward[0]!.model.parameters!.K3);
    expect(b.network.attachments.map((a) => a.rule.name)).toEqual(['bspFixedPoint', 'bspFixedPoint', 'bspFixedPoint']);
  });

  it('gated network routes each hidden forward cell’s gain into its twin’s gate (the output only on request)', () => {
    const b = bspNetwork({ layers: [4, 3, 3, 2], gate: true, windows: { forward: 1, backward: 1 } });
    const gates = b.network.projections.filter((p) => p.target === 'gate');
    expect(gates.map((p) => `${p.pre.name}.${p.source}->${p.post.name}`)).toEqual(['F1.gain->R1', 'F2.gain->R2']);
    const all = bspNetwork({ layers: [4, 3, 2], gate: 'alive', gateOutput: true, windows: { forward: 1, backward: 1 } });
    expect(all.network.projections.filter((p) => p.target === 'gate').map((p) => p.name)).toEqual(['gate1', 'gate2']);
  });
});
