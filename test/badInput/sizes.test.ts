import { afterEach, describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import pngjs from 'pngjs';
import {
  DEFAULT_MEMORY_BUDGET, DrosophilaMotion, dense, FileFormatError, MemoryBudgetError, Network, NeurostreamError, lif, memoryBudget, setMemoryBudget,
} from '../../src/index.js';
import { decodePng, readIdx } from '../../src/node.js';
import { caughtWithinMemory as failsWithin, suiteTempDir } from './fixtures.js';

/**
 * Sizes are checked against the memory budget before anything is allocated (issue 15,
 * item 4): each input below declares gigabytes in a few bytes and must fail at once with a
 * MemoryBudgetError that says how much it would have needed. Memory bound stated here: no
 * case grows heap and buffers by more than MEMORY_BOUND (64 MiB, `fixtures.ts`).
 */
const dir = suiteTempDir('i15-sizes-');
afterEach(() => {
  setMemoryBudget(null);
});

/** A real 1×1 PNG whose IHDR then declares width × height (pngjs never gets that far). */
function pngDeclaring(width: number, height: number): Buffer {
  const png = new pngjs.PNG({ width: 1, height: 1 });
  const bytes = pngjs.PNG.sync.write(png);
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  return bytes;
}

function idxHeader(dims: number[]): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.set([0, 0, 8, dims.length], 0);
  dims.forEach((d, k) => head.writeUInt32BE(d, 4 + 4 * k));
  return head;
}

describe('memory budget', () => {
  it('defaults to 2 GiB, follows NEUROSTREAM_MEMORY_BUDGET and setMemoryBudget', () => {
    expect(DEFAULT_MEMORY_BUDGET).toBe(2 * 2 ** 30);
    const saved = process.env.NEUROSTREAM_MEMORY_BUDGET;
    try {
      process.env.NEUROSTREAM_MEMORY_BUDGET = '8GiB';
      expect(memoryBudget()).toBe(8 * 2 ** 30);
      process.env.NEUROSTREAM_MEMORY_BUDGET = 'lots';
      expect(() => memoryBudget()).toThrow(/NEUROSTREAM_MEMORY_BUDGET/);
      setMemoryBudget(1000);
      expect(memoryBudget()).toBe(1000);
    } finally {
      if (saved === undefined) delete process.env.NEUROSTREAM_MEMORY_BUDGET;
      else process.env.NEUROSTREAM_MEMORY_BUDGET = saved;
    }
  });

  it('refuses a small PNG that declares 20000 × 20000 pixels, saying how much', () => {
    const e = failsWithin(() => decodePng(pngDeclaring(20000, 20000), 'huge.png'));
    expect(e).toBeInstanceOf(MemoryBudgetError);
    expect((e as Error).message).toMatch(/huge\.png: a 20000 × 20000 PNG would need 7\.45 GiB, more than the memory budget of 2 GiB/);
    // A real image is refused the same way when the budget is lowered.
    setMemoryBudget(1000);
    expect(() => decodePng(readFileSync('assets/natural/camera.png'), 'camera.png')).toThrow(MemoryBudgetError);
  });

  it('reads an IDX .gz header before inflating, and refuses a header that asks too much', () => {
    const p = join(dir, 'huge-idx.gz');
    // 60000 × 28 × 28 declared, 1 MB of zeros given: the header alone decides.
    writeFileSync(p, gzipSync(Buffer.concat([idxHeader([60000, 280, 280]), Buffer.alloc(1 << 20)])));
    const e = failsWithin(() => readIdx(p, 3));
    expect(e).toBeInstanceOf(MemoryBudgetError);
    expect((e as Error).message).toContain('huge-idx.gz: the IDX data its header declares would need 4.38 GiB');
    // A header promising less than the gzip holds stops inflating at the promise.
    const q = join(dir, 'more.gz');
    writeFileSync(q, gzipSync(Buffer.concat([idxHeader([2, 2]), Buffer.alloc(1 << 20)])));
    expect(() => readIdx(q, 2)).toThrow(/inflates to more bytes than the header declares/);
  });

  it('refuses a fly model file declaring 1e8 pixels before building the circuit', () => {
    const json = JSON.parse(readFileSync('models/drosophila-motion.json', 'utf8'));
    json.settings.pixels = 1e8;
    const e = failsWithin(() => DrosophilaMotion.fromJSON(json, 'big-fly.json'));
    expect(e).toBeInstanceOf(MemoryBudgetError);
    expect((e as Error).message).toMatch(/population '\w+' \(100000000 units\) would need/);
  });

  it('refuses network sizes and delays of 1e9 before allocating', () => {
    const net = new Network();
    expect(failsWithin(() => net.population('big', 1e9, lif()))).toBeInstanceOf(MemoryBudgetError);
    const a = net.population('a', 1000, lif());
    const b = net.population('b', 10, lif());
    const e = failsWithin(() => net.connect(a, b, dense({ weights: 0.1 }), { delaySteps: 1e9 }));
    expect(e).toBeInstanceOf(NeurostreamError);
    expect((e as Error).message).toMatch(/a delay of 1000000000 steps .* would need/);
  });

  it('fuzz: PNG and IDX headers of any size end in data or a typed error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (w, h) => {
        const e = failsWithin(() => decodePng(pngDeclaring(w, h), 'fuzz.png'));
        if (e !== undefined) expect(e).toBeInstanceOf(NeurostreamError);
      }),
      { numRuns: 100, seed: 15 },
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 1, maxLength: 4 }), fc.boolean(), (dims, gz) => {
        const p = join(dir, `fuzz${gz ? '.gz' : ''}`);
        const raw = Buffer.concat([idxHeader(dims), Buffer.alloc(64)]);
        writeFileSync(p, gz ? gzipSync(raw) : raw);
        const e = failsWithin(() => readIdx(p));
        if (e !== undefined) expect(e).toBeInstanceOf(NeurostreamError);
        if (e !== undefined) expect(e instanceof FileFormatError || e instanceof MemoryBudgetError).toBe(true);
      }),
      { numRuns: 100, seed: 15 },
    );
  });
});
