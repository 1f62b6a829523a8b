/**
 * Simulate moving gratings and measure direction selectivity: load the trained fly
 * circuit (npm start writes it), drive its photoreceptors with a grating moving each way,
 * and compute DSI = (R₊ − R₋)/(R₊ + R₋) per subtype; then a temporal-frequency tuning curve.
 *   npx tsx examples/motion-selectivity.ts
 */
import { DrosophilaMotion, Simulator, SUBTYPES, directionSelectivity, gratings, tuningCurve } from 'neurostream';

const fly = await DrosophilaMotion.load('models/drosophila-motion.json');
const dt = fly.dt; // seconds per step the circuit was trained at

function selectivity(temporalFrequency: number, wavelength = 4) {
  // Batch copy 0 sees the grating move +1, copy 1 sees it move −1, in one run.
  const sim = new Simulator(fly.network, { dt, batch: 2, seed: 1 });
  const result = sim.run(gratings({ wavelength, temporalFrequency, direction: [1, -1], contrast: Math.SQRT2 }), 4, { record: [...SUBTYPES], learn: false });
  const period = 1 / (temporalFrequency * dt); // steps per cycle: average over whole cycles
  return Object.fromEntries(SUBTYPES.map((s) => [s, directionSelectivity({ batched: result, batch: [0, 1] }, s, { period, skip: 100 })]));
}

const at8Hz = selectivity(8);
for (const s of SUBTYPES) console.log(`${s}: DSI ${at8Hz[s]!.dsi.toFixed(2)} (prefers ${at8Hz[s]!.pd > 0 ? '+1' : '−1'})`);

const curve = tuningCurve({ temporalFrequencies: [1, 2, 4, 8, 16], wavelengths: [4] }, (f, w) => selectivity(f, w).T4a!);
console.log(`T4a tuning: ${curve.map((p) => `${p.temporalFrequency} Hz → ${p.selectivity.dsi.toFixed(2)}`).join(', ')}`);
