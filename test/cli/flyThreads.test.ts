import { describe, expect, it } from '@jest/globals';
import { DrosophilaMotion, deadLeaves, contrastScene } from '../../src/index.js';
import { laggedFly, onWorker } from '../../src/cli/flyThreads.js';

/**
 * Issue 18, `npm start` on two cores: the main job trains the lamina, then the reference
 * detectors on this thread while a worker thread trains the lagged ones. The split and the
 * second thread must not change a number: the same model file as `train` in one go, and the
 * same lagged detectors as trained on this thread.
 */
describe('neurostream fly on two threads', () => {
  const scenes = [1, 2].map((seed) => contrastScene(deadLeaves({ width: 96, height: 48, seed }), {}, `leaves-${seed}`));
  const options = { steps: 120, rows: 4, seed: 3 };
  const small = { pixels: 5, memory: 6, horizon: 6 };

  it('trainLamina then trainDetectors is train in one go', () => {
    const whole = new DrosophilaMotion(small).train(scenes, options);
    const split = new DrosophilaMotion(small);
    const lamina = split.trainLamina(scenes, options);
    split.trainDetectors(scenes, options, lamina);
    expect(JSON.stringify(split.toJSON())).toBe(JSON.stringify(whole.toJSON()));
  });

  it('the lagged detectors trained on a worker thread equal those trained here', async () => {
    const ref = new DrosophilaMotion(small);
    ref.trainLamina(scenes, options);
    const start = ref.withLamina({ detectorMemory: 3 });
    const here = DrosophilaMotion.fromJSON(start.toJSON()).train(scenes, { ...options, keepLamina: true });
    const there = await onWorker({ kind: 'lagged', start: start.toJSON(), scenes, train: options, heldOut: scenes[0]!, evaluation: { wavelengths: [4], temporalFrequencies: [8], sceneSpeeds: [1] } });
    expect(JSON.stringify(there.model)).toBe(JSON.stringify(here.toJSON()));
    expect(there.ev.subtypes.T4a.scene).toHaveLength(1);
    // the main job rebuilds the circuit from the answer (its report describes a lamina it did not fit)
    const back = laggedFly(there);
    expect(back.circuit.settings.detectorMemory).toBe(3);
    expect(Array.from(back.circuit.detectorModels.T5b.parameters.filters)).toEqual(Array.from(here.circuit.detectorModels.T5b.parameters.filters));
  }, 120_000);
});
