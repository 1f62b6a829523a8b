import { describe, expect, it } from '@jest/globals';
import { DrosophilaMotion, gratings, meanResponse, movingEdge, Simulator } from '../../src/index.js';

/**
 * Issue 14: `movingEdge` at its default contrast gave all-zero responses on the trained fly
 * (its thresholds sit at the response spread for unit-variance training contrast, so an edge of
 * height 1 stays under them). With the defaults an edge must drive its own pathway: ON → T4,
 * OFF → T5.
 */
describe('movingEdge defaults on the trained fly', () => {
  it.each([
    ['on', ['T4a', 'T4b']],
    ['off', ['T5a', 'T5b']],
  ] as const)('a default %s edge gives a visible response', async (polarity, pathway) => {
    const fly = await DrosophilaMotion.load('models/drosophila-motion.json');
    const delay = fly.circuit.settings.memory * 2 * fly.dt; // the lamina settles on the blank row first
    const speed = 20;
    const sim = new Simulator(fly.circuit.network, { dt: fly.dt, batch: 2, seed: 12 });
    const r = sim.run(movingEdge({ polarity, speed, direction: [1, -1], delay }), delay + (fly.circuit.settings.pixels + 4) / speed, { record: [...pathway], learn: false });
    const skip = Math.round(delay / fly.dt);
    for (const s of pathway) {
      const response = meanResponse(r, s, { skip, batchIndex: 0 }) + meanResponse(r, s, { skip, batchIndex: 1 });
      expect(response).toBeGreaterThan(1e-3);
    }
  });
});

/**
 * Issue 14: `gratings` at its old default contrast 1 gave the trained fly ~80× smaller responses
 * than at √2 (2 Hz, λ 8: T4a 8.8e-4 vs 7.5e-2; at 1 Hz exactly 0). The default is now √2, the
 * unit-variance contrast the fly is trained on and movingEdge's default.
 */
describe('gratings defaults on the trained fly', () => {
  it('a default grating drives every detector in its preferred direction', async () => {
    const fly = await DrosophilaMotion.load('models/drosophila-motion.json');
    const f = 2;
    const sim = new Simulator(fly.circuit.network, { dt: fly.dt, batch: 2, seed: 11 });
    const subtypes = ['T4a', 'T4b', 'T5a', 'T5b'] as const;
    const r = sim.run(gratings({ wavelength: 8, temporalFrequency: f, direction: [1, -1] }), 2, { record: [...subtypes], learn: false });
    const skip = Math.max(Math.round(1 / (f * fly.dt)), fly.circuit.settings.memory * 2);
    for (const s of subtypes) {
      const preferred = Math.max(meanResponse(r, s, { skip, batchIndex: 0 }), meanResponse(r, s, { skip, batchIndex: 1 }));
      expect(preferred).toBeGreaterThan(1e-2);
    }
  });
});
