import { resu, type ResuModel } from '../../neurons/resu.js';
import { PastFutureCCARule } from '../../plasticity/cca/pastFutureCCARule.js';
import { requirePositiveInt, SpecError } from '../../core/errors.js';
import { Network, type Attachment } from '../../sim/Network.js';
import type { Population } from '../../sim/Population.js';
import { sparse } from '../../synapses/sparse.js';
import { addLamina, type LaminaStage } from './lamina.js';
import { CHANNELS, CHANNEL_OFFSETS, SUBTYPES, laminaInput, type Subtype } from './subtypes.js';

/** Options of `drosophilaMotion`. */
export interface DrosophilaMotionOptions {
  /** Photoreceptors in the row (default 16). T4/T5 units sit at pixels 1 … pixels − 2. */
  pixels?: number;
  /** Lamina past lags m and future lags h (the reference: 50 and 50). */
  memory?: number;
  /** Lamina future lags h (the reference: 50). */
  horizon?: number;
  /** T4/T5 future: the six channels this many steps ahead (the reference: 5). */
  offset?: number;
  /** Ridge of the T4/T5 CCA, relative to the mean diagonal (default 1e-6, the reference's). */
  ridge?: number;
  /**
   * Past lags of each T4/T5 input channel (default 1: the reference's six values at t).
   * More lags let a detector combine its inputs over time as well as space.
   */
  detectorMemory?: number;
}

/** The settings a circuit was built with, after defaults. */
export interface DrosophilaSettings {
  /** Photoreceptors in the row. */
  readonly pixels: number;
  /** Lamina past lags m. */
  readonly memory: number;
  /** Lamina future lags h. */
  readonly horizon: number;
  /** T4/T5 future offset, in steps. */
  readonly offset: number;
  /** Ridge of the T4/T5 CCA, relative to the mean diagonal. */
  readonly ridge: number;
  /** Past lags of each T4/T5 input channel. */
  readonly detectorMemory: number;
}

/** Default settings (the ReSU reference recipe, with a 16-pixel row). */
export function drosophilaSettings(options: DrosophilaMotionOptions = {}): DrosophilaSettings {
  const pixels = requirePositiveInt('drosophilaMotion.pixels', options.pixels ?? 16);
  if (pixels < 3) throw new SpecError('drosophilaMotion.pixels', `needs at least 3 pixels (a unit pools left, centre, right), got ${pixels}`);
  return {
    pixels,
    memory: requirePositiveInt('drosophilaMotion.memory', options.memory ?? 50),
    horizon: requirePositiveInt('drosophilaMotion.horizon', options.horizon ?? 50),
    offset: requirePositiveInt('drosophilaMotion.offset', options.offset ?? 5),
    ridge: options.ridge ?? 1e-6,
    detectorMemory: requirePositiveInt('drosophilaMotion.detectorMemory', options.detectorMemory ?? 1),
  };
}

/**
 * The Drosophila L1–L3 → T4/T5 motion pathway as an ordinary Network built with the
 * public API: photoreceptors `R` → lamina ReSUs `L` (variables L3, L1, L2 per pixel) →
 * one ReSU per subtype and pixel position (`T4a`, `T4b` from L1 and L3 of three adjacent
 * pixels; `T5a`, `T5b` from L2 and L3). Each ReSU population learns by past–future CCA:
 * centred on its own contrast history in the lamina, uncentred on its six input channels
 * (future = the channels `offset` steps ahead) for T4/T5, whose output is the rectified
 * second canonical component.
 */
export interface DrosophilaCircuit extends LaminaStage {
  /** The network holding every population below. */
  readonly network: Network;
  /** The settings it was built with. */
  readonly settings: DrosophilaSettings;
  /** One population per T4/T5 subtype. */
  readonly detectors: Readonly<Record<Subtype, Population>>;
  /** Each subtype's ReSU model (its filters, bias and threshold). */
  readonly detectorModels: Readonly<Record<Subtype, ResuModel>>;
  /** The detectors' learning rules, switched on phase by phase while training (the lamina's is `laminaRule`). */
  readonly detectorRules: Readonly<Record<Subtype, PastFutureCCARule>>;
  /** The rule attachments, by population (`L` or a subtype), to switch learning on and off. */
  readonly attachments: Readonly<Record<'L' | Subtype, Attachment>>;
}

/** Connect pixel i + offset of `L` (variable `from`) to unit i − 1 of a detector (units sit at pixels 1 … P−2). */
function pairs(pixels: number, offset: number): [number, number][] {
  return Array.from({ length: pixels - 2 }, (_, u) => [u + 1 + offset, u] as [number, number]);
}

export function buildDrosophilaCircuit(settings: DrosophilaSettings): DrosophilaCircuit {
  const { pixels, memory, horizon, offset, ridge, detectorMemory } = settings;
  const net = new Network();
  const stage = addLamina(net, pixels, memory, horizon);
  const { lamina } = stage;
  const attachments = { L: stage.attachment } as Record<'L' | Subtype, Attachment>;
  const detectors = {} as Record<Subtype, Population>;
  const detectorModels = {} as Record<Subtype, ResuModel>;
  const detectorRules = {} as Record<Subtype, PastFutureCCARule>;
  for (const subtype of SUBTYPES) {
    const lx = laminaInput(subtype);
    const model = resu({
      channels: [...CHANNELS],
      memory: detectorMemory,
      components: 2,
      outputs: { [subtype]: { component: 2, mode: 'on' } },
      output: subtype,
    });
    const pop = net.population(subtype, pixels - 2, model);
    CHANNELS.forEach((channel, c) => {
      const from = channel.startsWith('L3') ? 'L3' : lx;
      net.connect(lamina, pop, sparse({ pairs: pairs(pixels, CHANNEL_OFFSETS[c]!), weights: 1 }), {
        name: `${from}->${subtype}.${channel}`,
        source: from,
        target: channel,
      });
    });
    // Component 2's sign (CCA leaves it open) fixes the polarity. L3 feeds ON and OFF
    // detectors alike; what makes T4 ON is its L1 input (L2 for T5), strongest from the
    // centre pixel in the connectome. So the sign is the one that makes the centre L1/L2
    // weight, summed over the unit's lags, excitatory.
    const rule = new PastFutureCCARule({
      memory: detectorMemory,
      offset,
      centred: false,
      ridge,
      assign: [1, 2],
      sign: (w) => centreInputSign(w, detectorMemory),
    });
    attachments[subtype] = net.learn(pop, rule, { enabled: false });
    detectors[subtype] = pop;
    detectorModels[subtype] = model;
    detectorRules[subtype] = rule;
  }
  return { ...stage, network: net, settings, detectors, detectorModels, detectorRules, attachments };
}

/** +1 if the centre pixel's L1/L2 weights, summed over lags, are excitatory; else −1. */
export function centreInputSign(w: ArrayLike<number>, memory: number): 1 | -1 {
  const start = CHANNELS.indexOf('Lxc') * memory;
  let sum = 0;
  for (let l = 0; l < memory; l++) sum += w[start + l]!;
  return sum < 0 ? -1 : 1;
}
