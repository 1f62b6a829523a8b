import { SeededRandom } from 'neurostream';
import { defineSweepJob } from 'neurostream/node';
import { z } from 'zod';

/** y = x² plus seeded noise: what a job function looks like (config in, JSON object out). */
export const noisyQuadratic = defineSweepJob({
  parameters: z.strictObject({ seed: z.number().int(), x: z.number() }),
  run({ x, seed }) {
    const rng = new SeededRandom(seed, 'noise');
    return { y: x * x + 0.1 * rng.normal() };
  },
});
