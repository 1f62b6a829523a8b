import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { DrosophilaMotion, FileFormatError, NeurostreamError } from '../../src/index.js';
import { thrown, withValueAt } from './fixtures.js';

/** Model and checkpoint files (issue 15, item 6): every field checked, errors name it. */
const FLY = JSON.parse(readFileSync('models/drosophila-motion.json', 'utf8'));

describe('fly model file', () => {
  it("checks the 'training' field: {} is a FileFormatError naming training.dt", () => {
    const e = thrown(() => DrosophilaMotion.fromJSON({ ...FLY, training: {} }, 'fly.json'));
    expect(e).toBeInstanceOf(FileFormatError);
    expect(e.message).toMatch(/fly\.json \(field training\.dt\)/);
    expect(thrown(() => DrosophilaMotion.fromJSON({ ...FLY, training: { ...FLY.training, scenes: 'one' } }, 'fly.json')).message).toContain('training.scenes');
    expect(DrosophilaMotion.fromJSON(FLY, 'fly.json').training?.scenes.length).toBe(FLY.training.scenes.length);
  });

  it('fuzz: any value in any field is a model or a typed error', () => {
    const paths = [['settings', 'pixels'], ['settings', 'memory'], ['dt'], ['training', 'options', 'steps'], ['training', 'lamina', 'correlations'], ['lamina', 'filters'], ['detectors', 'T4a', 'bias'], ['training']];
    const values = fc.oneof(fc.constant(null), fc.constant({}), fc.string({ maxLength: 8 }), fc.double(), fc.integer({ min: -5, max: 1e9 }), fc.array(fc.double(), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.constantFrom(...paths), values, (path, value) => {
        const json = withValueAt(FLY, path, value);
        try {
          DrosophilaMotion.fromJSON(json, 'fuzz.json');
        } catch (e) {
          expect(e).toBeInstanceOf(NeurostreamError);
        }
      }),
      { numRuns: 120, seed: 15 },
    );
  });
});
