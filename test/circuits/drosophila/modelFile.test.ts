import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { FileFormatError, parseModelFile } from '../../../src/index.js';
import { MODEL_FORMAT } from '../../../src/circuits/drosophila/modelFile.js';

const file = 'models/drosophila-motion.json';
const bundled = () => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('the fly model file format name', () => {
  it("is spelt 'neurostream.drosophila-motion' like every other model file", () => {
    expect(MODEL_FORMAT).toBe('neurostream.drosophila-motion');
    expect(bundled().format).toBe(MODEL_FORMAT);
    expect(parseModelFile(bundled(), file).format).toBe(MODEL_FORMAT);
  });

  it("still reads files written with the old spelling 'neurostream/drosophila-motion'", () => {
    const old = { ...bundled(), format: 'neurostream/drosophila-motion' };
    expect(parseModelFile(old, file).settings).toEqual(parseModelFile(bundled(), file).settings);
  });

  it('names the field when the format is neither', () => {
    const wrong = { ...bundled(), format: 'neurostream.bsp-classifier' };
    expect(() => parseModelFile(wrong, file)).toThrow(FileFormatError);
    expect(() => parseModelFile(wrong, file)).toThrow(/field format/);
  });
});
