import { zeroFrequencyRatio } from '../../math/cca/filterShape.js';
import { resuBank, type ResuModel } from '../../neurons/resu.js';
import { source } from '../../neurons/source.js';
import { PastFutureCCARule } from '../../plasticity/cca/pastFutureCCARule.js';
import { SpecError } from '../../core/errors.js';
import type { Attachment, Network } from '../../sim/Network.js';
import type { Population } from '../../sim/Population.js';
import { oneToOne } from '../../synapses/oneToOne.js';
import type { Scene } from '../../stimuli/naturalScene.js';
import { phaseSimulator, scanPhase, type ScanSettings } from './scanPhase.js';

/**
 * The fly's first two stages: photoreceptors `R` (one per pixel) → lamina ReSUs `L`
 * (L3, L1, L2 per pixel), whose shared filters learn by centred past–future CCA.
 */
export interface LaminaStage {
  /** The photoreceptors `R`, one per pixel (a source population). */
  readonly receptors: Population;
  /** The lamina ReSUs `L` (L3, L1, L2 per pixel). */
  readonly lamina: Population;
  /** The lamina's ReSU bank model (its filters are the lamina filters). */
  readonly laminaModel: ResuModel;
  /** The lamina's learning rule. */
  readonly laminaRule: PastFutureCCARule;
  /** The rule's attachment, off until the lamina phase switches it on. */
  readonly attachment: Attachment;
}

/** Add `R` → `L` with its learning rule (switched off) to a network. */
export function addLamina(net: Network, pixels: number, memory: number, horizon: number): LaminaStage {
  const receptors = net.population('R', pixels, source());
  const laminaModel = resuBank({ memory });
  const lamina = net.population('L', pixels, laminaModel);
  net.connect(receptors, lamina, oneToOne(), { name: 'R->L' });
  const laminaRule = new PastFutureCCARule({ memory, horizon, centred: true, sign: 'step' });
  const attachment = net.learn(lamina, laminaRule, { enabled: false });
  return { receptors, lamina, laminaModel, laminaRule, attachment };
}

/** What the lamina phase learned. */
export interface LaminaReport {
  /** The first six canonical correlations, descending. */
  readonly correlations: readonly number[];
  /** Past–future information of the 2-dimensional code, nats. */
  readonly mutualInformation: number;
  /** Gain at zero frequency over peak gain of filter 1 (L3) and filter 2 (L1/L2). */
  readonly zeroFrequencyRatio: readonly [number, number];
  /** Number of (past, future) windows pooled. */
  readonly windows: number;
}

/**
 * The lamina phase of the fly's training: simulate the network while the scenes scan by
 * (`settings.rows` image rows at once, one per batch copy), with only the lamina's rule
 * switched on, so every pixel's ReSU learns from its own contrast history (statistics
 * pooled over pixels and rows). Other rules of the network must be off; the lamina's is
 * off again afterwards. `neurostream filters` and `fly.train` both learn the lamina here.
 */
export function trainLamina(network: Network, stage: LaminaStage, scenes: readonly Scene[], settings: ScanSettings, progress?: (phase: string, done: number, total: number) => void): LaminaReport {
  if (scenes.length === 0) throw new SpecError('train.scenes', 'give at least one scene');
  stage.attachment.enabled = true;
  try {
    scanPhase(phaseSimulator(network, settings, 1), scenes, settings, { name: 'lamina', direction: 1, salt: 1, learn: true, ...(progress ? { progress } : {}) });
  } finally {
    stage.attachment.enabled = false;
  }
  if (!stage.laminaRule.lastFit) throw new SpecError('train.steps', 'too few steps for the lamina to fit its filters; scan longer');
  return laminaReport(stage);
}

/** The lamina's current fit and filter shapes (no fit yet: empty correlations, NaN information, 0 windows). */
export function laminaReport(stage: LaminaStage): LaminaReport {
  const lf = stage.laminaRule.lastFit;
  const filters = stage.laminaModel.parameters.filters;
  const m = filters.length / 2;
  return {
    correlations: lf ? Array.from(lf.correlations.slice(0, 6)) : [],
    mutualInformation: lf?.mutualInformation ?? Number.NaN,
    zeroFrequencyRatio: [zeroFrequencyRatio(filters.subarray(0, m)), zeroFrequencyRatio(filters.subarray(m, 2 * m))],
    windows: lf?.windows ?? 0,
  };
}
