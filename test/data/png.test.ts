import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { FileFormatError } from '../../src/index.js';
import { decodePng, loadPng } from '../../src/node.js';

describe('PNG loader', () => {
  it('reads the project images as luminance in [0, 1]', () => {
    const img = loadPng('assets/natural/camera.png');
    expect([img.width, img.height]).toEqual([512, 512]);
    expect(img.data.every((v) => v >= 0 && v <= 1)).toBe(true);
    const mean = img.data.reduce((s, v) => s + v, 0) / img.data.length;
    expect(mean).toBeGreaterThan(0.2);
    expect(mean).toBeLessThan(0.8);
  });

  it('turns colour into Rec. 709 luminance', () => {
    const png = new pngjs.PNG({ width: 2, height: 1 });
    png.data.set([255, 0, 0, 255, 0, 0, 255, 255]);
    const img = decodePng(pngjs.PNG.sync.write(png));
    expect(img.data[0]).toBeCloseTo(0.2126, 6);
    expect(img.data[1]).toBeCloseTo(0.0722, 6);
  });

  it('names the file and the place of bad data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'png-'));
    const bad = join(dir, 'bad.png');
    writeFileSync(bad, Buffer.from('GIF89a not a png'));
    expect(() => loadPng(bad)).toThrow(FileFormatError);
    expect(() => loadPng(bad)).toThrow(/bad\.png \(byte 0\)/);
    const truncated = join(dir, 'truncated.png');
    writeFileSync(truncated, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]));
    expect(() => loadPng(truncated)).toThrow(/truncated\.png \(PNG chunks\)/);
    expect(() => loadPng(join(dir, 'missing.png'))).toThrow(/missing\.png \(file\)/);
  });
});
