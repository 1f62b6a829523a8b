import { z } from 'zod';
import { DrosophilaMotion } from '../../circuits/drosophila/DrosophilaMotion.js';
import { SUBTYPES } from '../../circuits/drosophila/subtypes.js';
import { bundledImages } from '../../data/bundledImages.js';
import { loadScene } from '../../data/png.js';
import { defineSweepJob } from '../jobDefinition.js';

/**
 * Train a small fly motion pathway on the bundled images and measure each subtype's DSI for
 * one drifting grating. A sweep over thresholdFactor × temporalFrequency × seed is the
 * threshold ablation of docs/fly.md in miniature.
 */
export const flyDsi = defineSweepJob({
  parameters: z.strictObject({
    seed: z.number().int().min(0),
    /** Detector threshold = factor × response std on the training scans. */
    thresholdFactor: z.number().min(0).default(1),
    /** Grating temporal frequency, Hz. */
    temporalFrequency: z.number().positive(),
    /** Grating wavelength in receptors. */
    wavelength: z.number().positive().default(4),
    /** Training steps per image and phase. */
    steps: z.number().int().positive().default(300),
    rows: z.number().int().positive().default(4),
    /** How many of the bundled images to train on (in name order). */
    images: z.number().int().positive().default(3),
  }),
  run(c) {
    const scenes = bundledImages().slice(0, c.images).map((p) => loadScene(p));
    const fly = new DrosophilaMotion({}).train(scenes, { steps: c.steps, rows: c.rows, thresholdFactor: c.thresholdFactor, seed: c.seed });
    const s = fly.gratingSelectivity({ wavelength: c.wavelength, temporalFrequency: c.temporalFrequency });
    return Object.fromEntries(SUBTYPES.map((t) => [`dsi${t}`, s[t].dsi]));
  },
});
