import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import pngjs, { type PNGWithMetadata } from 'pngjs';
import { FileFormatError } from '../core/errors.js';
import { checkAllocation } from '../core/memoryBudget.js';

import type { GrayImage } from '../stimuli/grayImage.js';
import { contrastScene, type Scene, type SceneOptions } from '../stimuli/naturalScene.js';

export type { GrayImage };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Read a PNG file (any bit depth or colour type pngjs decodes) as a grayscale image:
 * colour pixels become Rec. 709 luminance, alpha is ignored, values scale to [0, 1].
 */
export function loadPng(path: string): GrayImage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new FileFormatError(path, 'file', `cannot read: ${(e as Error).message}`);
  }
  return decodePng(bytes, path);
}

/** Decode PNG bytes (see `loadPng`); `name` labels errors. */
export function decodePng(bytes: Uint8Array, name = 'png'): GrayImage {
  for (let i = 0; i < PNG_SIGNATURE.length; i++) {
    if (bytes[i] !== PNG_SIGNATURE[i]) {
      throw new FileFormatError(name, `byte ${i}`, i >= bytes.length ? 'file ends before the PNG signature' : 'not a PNG file (bad signature)');
    }
  }
  // The header's size, checked before pngjs inflates anything: a 389 KB file can declare
  // 20000 × 20000 pixels. Decoding holds the inflated rows, RGBA and the gray image.
  // (A file too short for IHDR is left to pngjs, which reports it.)
  if (bytes.length >= 24 && String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!) === 'IHDR') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const w = view.getUint32(16);
    const h = view.getUint32(20);
    checkAllocation(`${name}: a ${w} × ${h} PNG`, w * h * (8 + 4 + 8));
  }
  let png: PNGWithMetadata;
  try {
    png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new FileFormatError(name, 'PNG chunks', `cannot decode: ${(e as Error).message}`);
  }
  const { width, height } = png;
  const rgba = png.data;
  const data = new Float64Array(width * height);
  // pngjs hands back 8-bit RGBA (16-bit input is rescaled), gray copied into R, G and B.
  for (let k = 0; k < width * height; k++) {
    const r = rgba[4 * k]!;
    const g = rgba[4 * k + 1]!;
    const b = rgba[4 * k + 2]!;
    data[k] = r === g && g === b ? r / 255 : (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  }
  return { width, height, data };
}

/**
 * Load a PNG as a contrast scene (Node only; in a browser build the GrayImage from a canvas).
 * The label is the file's name, not its path: scans seed their noise from the label, and a
 * checkout in another folder must train the same model.
 */
export function loadScene(path: string, options: SceneOptions = {}): Scene {
  return contrastScene(loadPng(path), options, basename(path));
}
