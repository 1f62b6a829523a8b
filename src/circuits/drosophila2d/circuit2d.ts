import { requireFinite, requirePositiveInt, SpecError } from '../../core/errors.js';
import { toSI, type QuantityInput } from '../../core/quantity.js';
import { resu, resuBank, type ResuModel } from '../../neurons/resu.js';
import { linearRate } from '../../neurons/linearRate.js';
import { powerLaw } from '../../neurons/powerLaw.js';
import { gainControl } from '../../neurons/gainControl.js';
import { source } from '../../neurons/source.js';
import { PastFutureCCARule } from '../../plasticity/cca/pastFutureCCARule.js';
import type { PastFutureCovariance } from '../../math/cca/lagCovariance.js';
import { Network, type Attachment } from '../../sim/Network.js';
import type { Population } from '../../sim/Population.js';
import { axisNeighbours, hexEye, type HexEye } from '../../stimuli/hexEye.js';
import { oneToOne } from '../../synapses/oneToOne.js';
import { sparse } from '../../synapses/sparse.js';
import { centreInputSign } from '../drosophila/circuit.js';
import { CHANNELS } from '../drosophila/subtypes.js';
import { SUBTYPES_2D, cardinalDirection, laminaInput2d, type Subtype2d } from './subtypes2d.js';

/** Options of `drosophilaMotion2d`. */
export interface DrosophilaMotion2dOptions {
  /** Rings of columns around the centre (default 6: 127 columns; 15 gives flyvis's 721). */
  radius?: number;
  /** Degrees between neighbouring columns (default 5.8, flyvis's). */
  spacingDeg?: number;
  /** Lamina past lags m and future lags h (default 50 and 50, the 1-D reference's: 1 s each at a 20 ms step). */
  memory?: number;
  /** Lamina future lags h (default 50). */
  horizon?: number;
  /**
   * T4/T5 future: the six channels this many steps ahead (default 3, `DETECTOR_OFFSET_2D`: 60 ms;
   * 5, the 1-D reference's, decoded 79 % on average over three training seeds, 3 decodes 82 %).
   */
  offset?: number;
  /** Ridge of the T4/T5 CCA, relative to the mean diagonal (default 1e-6). */
  ridge?: number;
  /**
   * Past lags of each T4/T5 input channel (default 1: the six values at t, the 1-D reference's).
   */
  detectorMemory?: number;
  /**
   * Time constant (seconds) of a first-order low-pass between each lamina output and the
   * detectors (medulla neurons M3, M1, M2 per column; default 0.1, the classic models'
   * delay filter); 0 = the detectors read the lamina directly.
   */
  medullaTau?: number;
  /**
   * First-order stages in that medulla low-pass, each with time constant `medullaTau` (default
   * 3, `MEDULLA_STAGES_2D`). n stages make a gamma-shaped impulse response whose gain falls as
   * f^−n above 1/(2π·medullaTau); with the high-pass below, the detectors' band-pass.
   */
  medullaStages?: number;
  /**
   * Stages on the L1/L2 arm only (default `medullaStages`): a slower ON/OFF arm beside the L3
   * arm, the relative delay of the classic models (Mi1/Tm3 fast, Mi4/Mi9 slow — here reversed in
   * which arm lags, since L1/L2 is the lamina's derivative-like filter).
   */
  onOffStages?: number;
  /**
   * Delay lines on the slow arm: for each delay d (in steps), the unit also reads L3 of its
   * three columns d steps ago, as three more channels `L3l@d`, `L3c@d`, `L3r@d` (default
   * none). The classic correlators' delay filter, kept local to the unit's own inputs. The
   * CCA predicts only the six undelayed channels (a delayed copy's future is its own past).
   */
  slowArmDelaySteps?: readonly number[];
  /**
   * Time constant of a high-pass on the L1/L2 arm (a duration, `'500 ms'`, or seconds; default
   * `medullaHighPass`; 0 = none on this arm): the arm's medulla neuron subtracts its own running
   * mean over this time, so it answers changes and not the steady level that L1/L2's
   * rectification adds to a flickering input (the transient ON/OFF inputs of the fly, Mi1/Tm3
   * and Tm1/Tm2). Without it a fast grating drives every detector through that level alike, in
   * both directions.
   */
  onOffHighPass?: QuantityInput;
  /**
   * The same high-pass on both arms, L3 too (a duration; default 500 ms, `MEDULLA_HIGH_PASS_2D`,
   * with the medulla; 0 = none; `onOffHighPass` overrides it on the L1/L2 arm): with it neither
   * arm passes a steady or slowly changing input, so a detector stops answering very slow
   * gratings that move it alike in both directions, and its temporal optimum falls from 8 Hz
   * (the rectified L1/L2 level) to 0.5 Hz.
   */
  medullaHighPass?: QuantityInput;
  /**
   * Exponent p of a compressive power law on the L1/L2 arm, applied to the rectified lamina
   * output before the medulla (x^p; default 1: none). L1/L2 follow the lamina's derivative-like
   * filter, so slow motion drives them far less than L3 (at 5°/s their arm's power was 0.3 % of
   * the L3 arm's, at 50°/s 25–40 %); a power law raises weak inputs relative to strong ones
   * (a ratio r becomes r^p at any scale), as the fly's ON/OFF channels compress contrast.
   */
  onOffExponent?: number;
  /**
   * Divisive gain control on the medulla's output, the last stage of each arm (a duration, the
   * running mean's time constant; default 1 s, `GAIN_CONTROL_2D`, with the medulla; 0 = none): each
   * medulla neuron divides by floor + its own running mean of |x|, so slow motion, which drives
   * L1/L2 weakly, and fast motion reach the detectors at similar amplitudes (`gainArms` says which
   * arms). With the rectified L3 arm it keeps decoding ≥ 80 % at every speed.
   */
  gainControl?: QuantityInput;
  /** The floor of that gain control, in the medulla's units (default 0.2, `GAIN_FLOOR_2D`). */
  gainFloor?: number;
  /** Which arms have the gain control (default 'both', `GAIN_ARMS_2D`; 'onOff': the L1/L2 arm only). */
  gainArms?: 'onOff' | 'both';
  /** The floor on the L1/L2 arm (default `gainFloor`). */
  onOffGainFloor?: number;
  /**
   * A high-pass of its own on the L3 arm of T5 (a duration; default none: T4 and T5 share M3):
   * T5 then reads `M3o`, M3's low-pass stages followed by this high-pass (the fly's T4 and T5
   * read different medulla neurons, Mi and Tm cells).
   */
  offL3HighPass?: QuantityInput;
  /** The component T5 reads (default `component`): T4 and T5 may pick differently. */
  offComponent?: number | 'flow' | 'mirror';
  /**
   * High-pass stages on the L3 arm (default 1). L1/L2 follow the lamina's derivative-like filter,
   * so after the medulla's high-pass their arm grows as f² at low temporal frequencies while the
   * sustained L3 arm grows as f: at slow speeds the L1/L2 arm vanishes against L3 and with it the
   * product that carries direction. A second stage on L3 makes both arms grow alike.
   */
  l3HighPassStages?: number;
  /** High-pass stages on T5's own L3 arm, `offL3HighPass` (default `l3HighPassStages`). */
  offL3HighPassStages?: number;
  /**
   * Rectify the L3 arm by pathway (default true with the medulla; false: a linear L3 arm): T4
   * reads its ON half `M3on` = [M3]+, T5 its OFF half `M3off` = [−M3]+, as the fly's T4 and T5 read
   * rectified medulla cells. A linear L3 arm read through the detector's threshold carries a
   * fixed-sign bias that makes T5 prefer its null direction at 5°/s; with the halves no subtype
   * reverses (with the gain control, high speeds decode as well).
   */
  l3Rectify?: boolean;
  /**
   * Which canonical component (1-based) a detector's output reads (default 2, as in 1-D:
   * component 1 answers both directions alike), or `'flow'`: among the first four, the one
   * whose filters carry the signal downstream — past weights behind the unit, future weights
   * ahead of it (`flowScore`), read from the unit's own filters only; or `'mirror'`: the one
   * whose response to its own training inputs most exceeds its response to their mirror image
   * (`mirrorScore`, from the unit's own filters and input statistics).
   */
  component?: number | 'flow' | 'mirror';
  /**
   * Time between the lags the lamina ReSU reads and predicts (a duration: `'80 ms'`, or seconds;
   * default one step, 20 ms). A multiple k of the step spreads the same m past and h future lags
   * over a k-times longer time — the lamina's filters on a coarser timescale — while every
   * column still updates each step.
   */
  laminaLagSpacing?: QuantityInput;
  /**
   * Time between a detector's past lags (with `detectorMemory` > 1) and between its present and
   * its CCA future, which lies `offset` such spacings ahead (a duration; default one step).
   */
  detectorLagSpacing?: QuantityInput;
}

/** Default T4/T5 CCA future offset, steps (`offset`). */
export const DETECTOR_OFFSET_2D = 3;
/** Default first-order low-pass stages of the medulla (`medullaStages`). */
export const MEDULLA_STAGES_2D = 3;
/** Default time constant of the medulla's high-pass on both arms, seconds (`medullaHighPass`). */
export const MEDULLA_HIGH_PASS_2D = 0.5;
/**
 * What a model file's settings meant when these fields were absent (files written before the
 * high-pass medulla, the rectified L3 arm and the gain control became the defaults): one low-pass
 * stage, no high-pass, a linear L3 arm, no gain control.
 */
export const LEGACY_SETTINGS_2D = { medullaStages: 1, medullaHighPass: 0, l3Rectify: false, gainControl: 0 } as const;
/** Default time constant of the medulla's gain control, seconds (`gainControl`; 0 = none). */
export const GAIN_CONTROL_2D = 1;
/** Default floor of that gain control, in the medulla's units (`gainFloor`). */
export const GAIN_FLOOR_2D = 0.2;
/** Default arms of that gain control (`gainArms`). */
export const GAIN_ARMS_2D = 'both';

/** Seconds one step of the 2-D circuit stands for (flyvis uses 5 ms; 20 ms keeps training short). */
export const STEP_2D = 0.02;

/** The settings a 2-D circuit was built with, after defaults. */
export interface Drosophila2dSettings {
  /** Rings of columns around the centre. */
  readonly radius: number;
  /** Degrees between neighbouring columns. */
  readonly spacingDeg: number;
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
  /** Time constant of the medulla low-pass between lamina and detectors, seconds (0 = none). */
  readonly medullaTau: number;
  /** First-order stages of the medulla low-pass (absent, in files written before it was a default: 1). */
  readonly medullaStages?: number;
  /** Stages on the L1/L2 arm (absent: as `medullaStages`). */
  readonly onOffStages?: number;
  /** Delays (steps) of the extra L3 channels on the slow arm (empty: none). */
  readonly slowArmDelaySteps?: readonly number[];
  /** Time constant of the L1/L2 arm's high-pass, seconds (absent: none). */
  readonly onOffHighPass?: number;
  /** Time constant of the high-pass on both arms, seconds (absent or 0: none). */
  readonly medullaHighPass?: number;
  /** Exponent of the power law on the L1/L2 arm (absent: 1, none). */
  readonly onOffExponent?: number;
  /** Time constant of T5's own L3 high-pass, seconds (absent: T5 reads M3 as T4 does). */
  readonly offL3HighPass?: number;
  /** The component T5 reads (absent: `component`). */
  readonly offComponent?: number | 'flow' | 'mirror';
  /** High-pass stages on the L3 arm (absent: 1). */
  readonly l3HighPassStages?: number;
  /** High-pass stages on T5's own L3 arm (absent: `l3HighPassStages`). */
  readonly offL3HighPassStages?: number;
  /** The L3 arm rectified by pathway (absent: false). */
  readonly l3Rectify?: boolean;
  /** Time constant of the medulla's gain control, seconds (absent: none). */
  readonly gainControl?: number;
  /** Its floor (absent: 0.01). */
  readonly gainFloor?: number;
  /** Its arms (absent: 'onOff'). */
  readonly gainArms?: 'onOff' | 'both';
  /** The L1/L2 arm's floor (absent: `gainFloor`). */
  readonly onOffGainFloor?: number;
  /** The canonical component a detector's output reads, or 'flow' / 'mirror' (absent: 2). */
  readonly component?: number | 'flow' | 'mirror';
  /** Seconds between the lamina's lags (absent: one step). */
  readonly laminaLagSpacing?: number;
  /** Seconds between a detector's lags (absent: one step). */
  readonly detectorLagSpacing?: number;
}

/** A lag spacing in whole steps of `dt` (1 when absent); anything else is an error naming the field. */
export function lagStrideSteps(field: string, spacing: number | undefined, dt: number = STEP_2D): number {
  if (spacing === undefined) return 1;
  const k = Math.round(spacing / dt);
  if (k < 1 || Math.abs(k * dt - spacing) > 1e-9 * Math.max(1, spacing)) {
    throw new SpecError(field, `${spacing * 1000} ms is not a whole number of ${dt * 1000} ms steps`);
  }
  return k;
}

/** Steps until a detector's lag vector holds only stimulus-driven values (the lamina's span with its boxcar, then the detector's). */
export function settleSteps2d(settings: Drosophila2dSettings): number {
  // The boxcar over k steps, then (m − 1)k + 1 samples of its output: m·k steps.
  const lamina = settings.memory * lagStrideSteps('drosophilaMotion2d.laminaLagSpacing', settings.laminaLagSpacing);
  const detector = (settings.detectorMemory - 1) * lagStrideSteps('drosophilaMotion2d.detectorLagSpacing', settings.detectorLagSpacing) + 1;
  // A high-pass's running mean needs a few time constants to reach the input's level.
  const slowest = Math.max(settings.onOffHighPass ?? 0, settings.medullaHighPass ?? 0, settings.offL3HighPass ?? 0);
  const highPass = Math.ceil((3 * slowest * Math.max(settings.l3HighPassStages ?? 1, settings.offL3HighPassStages ?? 1)) / STEP_2D);
  return lamina + highPass + detector;
}

export function drosophila2dSettings(options: DrosophilaMotion2dOptions = {}): Drosophila2dSettings {
  const radius = requirePositiveInt('drosophilaMotion2d.radius', options.radius ?? 6);
  if (radius < 2) throw new SpecError('drosophilaMotion2d.radius', `needs at least 2 rings (detectors sit inside the outer ring), got ${radius}`);
  const spacingDeg = requireFinite('drosophilaMotion2d.spacingDeg', options.spacingDeg ?? 5.8);
  if (!(spacingDeg > 0)) throw new SpecError('drosophilaMotion2d.spacingDeg', `must be > 0, got ${spacingDeg}`);
  const ridge = requireFinite('drosophilaMotion2d.ridge', options.ridge ?? 1e-6);
  const medullaTau = requireFinite('drosophilaMotion2d.medullaTau', options.medullaTau ?? 0.1);
  if (medullaTau < 0) throw new SpecError('drosophilaMotion2d.medullaTau', `must be ≥ 0 seconds, got ${medullaTau}`);
  if (ridge < 0) throw new SpecError('drosophilaMotion2d.ridge', `must be ≥ 0, got ${ridge}`);
  const memory = requirePositiveInt('drosophilaMotion2d.memory', options.memory ?? 50);
  const horizon = requirePositiveInt('drosophilaMotion2d.horizon', options.horizon ?? 50);
  // The lamina needs two filters (L3; L1/L2), so two past and two future lags at least.
  if (memory < 2) throw new SpecError('drosophilaMotion2d.memory', `needs at least 2 lags for the lamina's two filters, got ${memory}`);
  if (horizon < 2) throw new SpecError('drosophilaMotion2d.horizon', `needs at least 2 lags for the lamina's two filters, got ${horizon}`);
  const highPassOf = (field: 'onOffHighPass' | 'medullaHighPass' | 'offL3HighPass'): number | undefined => {
    const v = options[field];
    if (v === undefined) return undefined;
    const seconds = toSI(`drosophilaMotion2d.${field}`, v, 'time', { min: 0, max: 100, what: 'a high-pass time constant' });
    if (seconds > 0 && medullaTau === 0) throw new SpecError(`drosophilaMotion2d.${field}`, 'needs the medulla (medullaTau > 0): the high-pass is a medulla neuron');
    return seconds;
  };
  const onOffHighPass = highPassOf('onOffHighPass');
  // Written out even when it is the default (0 = none), so a model file says what it was built with.
  const medullaHighPass = highPassOf('medullaHighPass') ?? (medullaTau > 0 ? MEDULLA_HIGH_PASS_2D : 0);
  const medullaStages = requirePositiveInt('drosophilaMotion2d.medullaStages', options.medullaStages ?? MEDULLA_STAGES_2D);
  const onOffExponent = requireFinite('drosophilaMotion2d.onOffExponent', options.onOffExponent ?? 1);
  if (!(onOffExponent > 0 && onOffExponent <= 1)) throw new SpecError('drosophilaMotion2d.onOffExponent', `must be in (0, 1] (1 = none; below 1 compresses), got ${onOffExponent}`);
  if (onOffExponent !== 1 && medullaTau === 0) throw new SpecError('drosophilaMotion2d.onOffExponent', 'needs the medulla (medullaTau > 0): the power law is its first stage');
  const gainOf = (): Pick<Drosophila2dSettings, 'gainControl' | 'gainFloor' | 'gainArms' | 'onOffGainFloor'> => {
    // Default: on with the medulla (GAIN_CONTROL_2D); 0 turns it off.
    const tau = options.gainControl === undefined ? (medullaTau > 0 ? GAIN_CONTROL_2D : 0) : toSI('drosophilaMotion2d.gainControl', options.gainControl, 'time', { min: 0, max: 100, what: 'a gain-control time constant' });
    if (tau > 0 && tau < 0.001) throw new SpecError('drosophilaMotion2d.gainControl', `must be 0 (none) or at least 1 ms, got ${tau} s`);
    if (tau === 0) {
      for (const field of ['gainFloor', 'onOffGainFloor', 'gainArms'] as const) if (options[field] !== undefined) throw new SpecError(`drosophilaMotion2d.${field}`, 'means nothing without gainControl');
      return {};
    }
    if (medullaTau === 0) throw new SpecError('drosophilaMotion2d.gainControl', 'needs the medulla (medullaTau > 0): the gain control is its last stage');
    const floor = (field: 'gainFloor' | 'onOffGainFloor', v: number) => {
      if (!(requireFinite(`drosophilaMotion2d.${field}`, v) > 0)) throw new SpecError(`drosophilaMotion2d.${field}`, `must be > 0, got ${v}`);
      return v;
    };
    const arms = options.gainArms ?? GAIN_ARMS_2D;
    if (arms !== 'onOff' && arms !== 'both') throw new SpecError('drosophilaMotion2d.gainArms', `must be 'onOff' or 'both', got ${String(arms)}`);
    return {
      gainControl: tau,
      gainFloor: floor('gainFloor', options.gainFloor ?? GAIN_FLOOR_2D),
      gainArms: arms,
      ...(options.onOffGainFloor !== undefined ? { onOffGainFloor: floor('onOffGainFloor', options.onOffGainFloor) } : {}),
    };
  };
  // Default: on with the medulla, whose M3 it halves.
  const l3RectifyOf = (): boolean => {
    if (options.l3Rectify && medullaTau === 0) throw new SpecError('drosophilaMotion2d.l3Rectify', 'needs the medulla (medullaTau > 0): it halves the medulla neuron M3');
    return options.l3Rectify ?? medullaTau > 0;
  };
  const spacing = (field: 'laminaLagSpacing' | 'detectorLagSpacing'): Partial<Record<typeof field, number>> => {
    const v = options[field];
    if (v === undefined) return {};
    const seconds = toSI(`drosophilaMotion2d.${field}`, v, 'time', { min: 0.001, max: 2, what: 'a time between lags' });
    // One step is the default and is left out, so a default model file stays as it was.
    return lagStrideSteps(`drosophilaMotion2d.${field}`, seconds) === 1 ? {} : { [field]: seconds };
  };
  return {
    radius,
    spacingDeg,
    memory,
    horizon,
    offset: requirePositiveInt('drosophilaMotion2d.offset', options.offset ?? DETECTOR_OFFSET_2D),
    ridge,
    detectorMemory: requirePositiveInt('drosophilaMotion2d.detectorMemory', options.detectorMemory ?? 1),
    medullaTau,
    medullaStages,
    ...(options.onOffStages !== undefined && options.onOffStages !== medullaStages ? { onOffStages: requirePositiveInt('drosophilaMotion2d.onOffStages', options.onOffStages) } : {}),
    ...(options.component !== undefined && options.component !== 2 ? { component: options.component === 'flow' || options.component === 'mirror' ? options.component : requirePositiveInt('drosophilaMotion2d.component', options.component) } : {}),
    ...(options.slowArmDelaySteps && options.slowArmDelaySteps.length > 0 ? { slowArmDelaySteps: options.slowArmDelaySteps.map((d, k) => requirePositiveInt(`drosophilaMotion2d.slowArmDelaySteps[${k}]`, d)) } : {}),
    ...spacing('laminaLagSpacing'),
    ...spacing('detectorLagSpacing'),
    ...(onOffHighPass !== undefined ? { onOffHighPass } : {}),
    medullaHighPass,
    ...(onOffExponent !== 1 ? { onOffExponent } : {}),
    ...gainOf(),
    ...(options.offL3HighPass !== undefined ? { offL3HighPass: highPassOf('offL3HighPass')! } : {}),
    ...(options.l3HighPassStages !== undefined && options.l3HighPassStages !== 1 ? { l3HighPassStages: requirePositiveInt('drosophilaMotion2d.l3HighPassStages', options.l3HighPassStages) } : {}),
    ...(l3RectifyOf() ? { l3Rectify: true } : {}),
    ...(options.offL3HighPassStages !== undefined ? { offL3HighPassStages: requirePositiveInt('drosophilaMotion2d.offL3HighPassStages', options.offL3HighPassStages) } : {}),
    ...(options.offComponent !== undefined ? { offComponent: options.offComponent === 'flow' || options.offComponent === 'mirror' ? options.offComponent : requirePositiveInt('drosophilaMotion2d.offComponent', options.offComponent) } : {}),
  };
}

/** How many leading components `component: 'flow'` or `'mirror'` compares. */
export const FLOW_AMONG = 4;

/**
 * How much a detector component carries its inputs downstream: (past filter energy on the
 * columns behind − on those ahead) / all past energy, plus (future energy ahead − behind) /
 * all future energy; between −2 and 2. A component that predicts each input from itself is
 * mirror-symmetric and scores about 0; one that predicts the column ahead from the one
 * behind — what motion in the training direction makes predictable — scores high.
 */
export function flowScore(channels: readonly string[], memory: number, past: ArrayLike<number>, future: ArrayLike<number>): number {
  const side = (ch: string) => (ch[2] === 'l' ? 1 : ch[2] === 'r' ? -1 : 0);
  let pl = 0;
  let pAll = 0;
  let fl = 0;
  let fAll = 0;
  channels.forEach((ch, i) => {
    for (let j = 0; j < memory; j++) {
      const e = past[i * memory + j]! ** 2;
      pAll += e;
      pl += side(ch) * e;
    }
    const e = future[i]! ** 2;
    fAll += e;
    fl -= side(ch) * e;
  });
  return (pAll > 0 ? pl / pAll : 0) + (fAll > 0 ? fl / fAll : 0);
}

/**
 * How much more a detector component answers motion in its training direction than the mirror
 * image of that motion, predicted from the unit's own input statistics: with C the covariance of
 * its past vector over the training motion and P the swap of the columns behind and ahead (the
 * mirror image, which is what motion the other way looks like), (wᵀCw − wᵀPCPw)/(wᵀCw + wᵀPCPw),
 * between −1 and 1. Signed: a component that prefers the opposite direction scores below 0.
 */
export function mirrorScore(channels: readonly string[], memory: number, past: ArrayLike<number>, cpp: ArrayLike<number>): number {
  const n = channels.length * memory;
  // Index of each past entry's mirror image: l ↔ r, same kind, delay and lag.
  const mirror = new Int32Array(n);
  channels.forEach((ch, i) => {
    const other = ch[2] === 'l' ? `${ch.slice(0, 2)}r${ch.slice(3)}` : ch[2] === 'r' ? `${ch.slice(0, 2)}l${ch.slice(3)}` : ch;
    const j = channels.indexOf(other);
    for (let k = 0; k < memory; k++) mirror[i * memory + k] = (j < 0 ? i : j) * memory + k;
  });
  let own = 0;
  let mirrored = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      own += past[a]! * cpp[a * n + b]! * past[b]!;
      mirrored += past[mirror[a]!]! * cpp[a * n + b]! * past[mirror[b]!]!;
    }
  }
  return own + mirrored > 0 ? (own - mirrored) / (own + mirrored) : 0;
}

/** A 2-D detector's input channels: the six of the 1-D reference, then the slow arm's delayed L3 channels. */
export function detectorChannels2d(settings: Pick<Drosophila2dSettings, 'slowArmDelaySteps'>): string[] {
  return [...CHANNELS, ...(settings.slowArmDelaySteps ?? []).flatMap((d) => ['l', 'c', 'r'].map((w) => `L3${w}@${d}`))];
}

/**
 * The 2-D fly motion pathway as an ordinary Network: photoreceptors `R` on a hexagonal eye →
 * a lamina ReSU `L` per column (L3, L1, L2) → eight detector populations T4a–d / T5a–d, one
 * unit per inner column. A unit of a subtype with cardinal direction θ reads L3 and L1 (T4)
 * or L2 (T5) of the column behind it along θ, its own column and the column ahead
 * (between lattice axes, the mean of the two neighbours ±30° off θ), with `detectorMemory`
 * lags of each. Its output is the rectified second canonical component of its uncentred
 * past–future CCA.
 */
export interface Drosophila2dCircuit {
  /** The network holding every population below. */
  readonly network: Network;
  /** The settings it was built with. */
  readonly settings: Drosophila2dSettings;
  /** The hexagonal eye (column positions). */
  readonly eye: HexEye;
  /** The columns detector units sit on (unit u at column `units[u]`): all but the outer ring. */
  readonly units: Int32Array;
  /** The photoreceptors `R`, one per column. */
  readonly receptors: Population;
  /** The lamina ReSUs `L`. */
  readonly lamina: Population;
  /** The lamina's ReSU bank model. */
  readonly laminaModel: ResuModel;
  /** One population per T4/T5 subtype (a–d). */
  readonly detectors: Readonly<Record<Subtype2d, Population>>;
  /** Each subtype's ReSU model. */
  readonly detectorModels: Readonly<Record<Subtype2d, ResuModel>>;
  /** The lamina's learning rule. */
  readonly laminaRule: PastFutureCCARule;
  /** Each subtype's learning rule. */
  readonly detectorRules: Readonly<Record<Subtype2d, PastFutureCCARule>>;
  /** The rule attachments, by population (`L` or a subtype). */
  readonly attachments: Readonly<Record<'L' | Subtype2d, Attachment>>;
}

export function buildDrosophila2dCircuit(settings: Drosophila2dSettings): Drosophila2dCircuit {
  const { radius, spacingDeg, memory, horizon, offset, ridge, detectorMemory, medullaTau } = settings;
  const laminaStride = lagStrideSteps('drosophilaMotion2d.laminaLagSpacing', settings.laminaLagSpacing);
  const detectorStride = lagStrideSteps('drosophilaMotion2d.detectorLagSpacing', settings.detectorLagSpacing);
  const eye = hexEye(radius, { spacingDeg });
  const units = Int32Array.from(Array.from({ length: eye.size }, (_, i) => i).filter((i) => eye.ring(i) < radius));
  const net = new Network();
  const receptors = net.population('R', eye.size, source());
  const laminaModel = resuBank({ memory, ...(laminaStride !== 1 ? { lagStride: laminaStride } : {}) });
  const lamina = net.population('L', eye.size, laminaModel);
  if (laminaStride === 1) net.connect(receptors, lamina, oneToOne(), { name: 'R->L' });
  else {
    // Lags k steps apart see the signal sampled k times coarser: each column first averages its
    // receptor over one spacing (a fixed boxcar, `P`), so frequencies above the coarse step's
    // Nyquist do not alias into the lamina's filters.
    const boxcar = resu({ memory: laminaStride, filters: [new Float64Array(laminaStride).fill(1 / laminaStride)], outputs: { P: { component: 1, mode: 'linear' } } });
    const integrated = net.population('P', eye.size, boxcar);
    net.connect(receptors, integrated, oneToOne(), { name: 'R->P' });
    net.connect(integrated, lamina, oneToOne(), { name: 'P->L' });
  }
  const laminaRule = new PastFutureCCARule({ memory, horizon, centred: true, sign: 'step', ...(laminaStride !== 1 ? { stride: laminaStride } : {}) });
  const attachments = { L: net.learn(lamina, laminaRule, { enabled: false }) } as Record<'L' | Subtype2d, Attachment>;
  // What a detector channel reads: the lamina output itself, or its low-passed medulla copy.
  const medulla = new Map<string, Population>();
  // T5's own L3 medulla neuron (`M3o`) when `offL3HighPass` gives it another high-pass.
  const feed = (v: 'L3' | 'L1' | 'L2', off = false): { pop: Population; source: string } => {
    if (medullaTau === 0) return { pop: lamina, source: v };
    const own = off && v === 'L3' && settings.offL3HighPass !== undefined;
    const name = own ? 'M3o' : `M${v[1]}`;
    let m = medulla.get(name);
    if (!m) {
      // Stages M1_1 … M1_{n−1}, then M1, each a first-order low-pass of the one before.
      const stages = (v === 'L3' ? undefined : settings.onOffStages) ?? settings.medullaStages ?? 1;
      const tauHigh = (v === 'L3' ? (own ? settings.offL3HighPass : undefined) : settings.onOffHighPass) ?? settings.medullaHighPass;
      const highPass = tauHigh !== undefined && tauHigh > 0 ? tauHigh : undefined;
      let from: { pop: Population; source: string } = { pop: lamina, source: v };
      const exponent = v === 'L3' ? 1 : (settings.onOffExponent ?? 1);
      if (exponent !== 1) {
        // M1_pow = L1^p: the compressed ON/OFF level the low-pass stages then filter.
        const pow = net.population(`${name}_pow`, eye.size, powerLaw({ exponent }));
        net.connect(lamina, pow, oneToOne(), { name: `${v}->${pow.name}`, source: v });
        from = { pop: pow, source: 'x' };
      }
      for (let k = 1; k <= stages; k++) {
        const stage = net.population(k === stages && highPass === undefined ? name : `${name}_${k}`, eye.size, linearRate({ tau: medullaTau }));
        net.connect(from.pop, stage, oneToOne(), { name: `${from.pop === lamina ? v : from.pop.name}->${stage.name}`, source: from.source });
        from = { pop: stage, source: 'x' };
      }
      const highPassStages = v === 'L3' ? ((own ? settings.offL3HighPassStages : undefined) ?? settings.l3HighPassStages ?? 1) : 1;
      for (let k = 1; highPass !== undefined && k <= highPassStages; k++) {
        // M1 = its input − the input's running mean (a first-order low-pass of it, `M1_mean`);
        // further stages (`M3_hp1`, …, `M3`) repeat that on the stage before.
        const last = k === highPassStages;
        const suffix = last ? '' : `_hp${k}`;
        const mean = net.population(`${name}${suffix}_mean`, eye.size, linearRate({ tau: highPass }));
        net.connect(from.pop, mean, oneToOne(), { name: `${from.pop.name}->${mean.name}`, source: from.source });
        const changes = net.population(`${name}${suffix}`, eye.size, linearRate());
        net.connect(from.pop, changes, oneToOne(), { name: `${from.pop.name}->${changes.name}`, source: from.source });
        net.connect(mean, changes, oneToOne({ weights: -1 }), { name: `${mean.name}->${changes.name}`, source: 'x' });
        from = { pop: changes, source: 'x' };
      }
      if (settings.gainControl !== undefined && (v !== 'L3' || settings.gainArms === 'both')) {
        // `M1_gain`: the arm's last stage divided by its own running amplitude; detectors read it.
        const gain = net.population(`${name}_gain`, eye.size, gainControl({ tau: settings.gainControl, floor: (v === 'L3' ? undefined : settings.onOffGainFloor) ?? settings.gainFloor ?? 0.01 }));
        net.connect(from.pop, gain, oneToOne(), { name: `${from.pop.name}->${gain.name}`, source: from.source });
        from = { pop: gain, source: 'x' };
      }
      m = from.pop;
      medulla.set(name, m);
    }
    if (v === 'L3' && settings.l3Rectify) {
      const half = `${name}${off ? 'off' : 'on'}`;
      let r = medulla.get(half);
      if (!r) {
        r = net.population(half, eye.size, linearRate({ rectify: true, gain: off ? -1 : 1 }));
        net.connect(m, r, oneToOne(), { name: `${m.name}->${half}`, source: 'x' });
        medulla.set(half, r);
      }
      return { pop: r, source: 'x' };
    }
    return { pop: m, source: 'x' };
  };
  const detectors = {} as Record<Subtype2d, Population>;
  const detectorModels = {} as Record<Subtype2d, ResuModel>;
  const detectorRules = {} as Record<Subtype2d, PastFutureCCARule>;
  for (const subtype of SUBTYPES_2D) {
    const theta = cardinalDirection(subtype);
    const lx = laminaInput2d(subtype);
    // One filter row: CCA component 2 (component 1 responds alike to both directions).
    const channels = detectorChannels2d(settings);
    const model = resu({ channels, memory: detectorMemory, ...(detectorStride !== 1 ? { lagStride: detectorStride } : {}), components: 1, outputs: { [subtype]: { component: 1, mode: 'on' } }, output: subtype });
    const pop = net.population(subtype, units.length, model);
    const behind = Array.from(units, (c) => axisNeighbours(eye, c, theta + 180));
    const ahead = Array.from(units, (c) => axisNeighbours(eye, c, theta));
    const weightBehind = behind[0]![0]!.weight;
    const weightAhead = ahead[0]![0]!.weight;
    const pairsOf = (where: 'l' | 'c' | 'r'): [number, number][] => {
      if (where === 'c') return Array.from(units, (c, u) => [c, u] as [number, number]);
      const list = where === 'l' ? behind : ahead;
      return list.flatMap((nb, u) => nb.map((n) => [n.column, u] as [number, number]));
    };
    for (const channel of channels) {
      const where = channel[2] as 'l' | 'c' | 'r';
      const from = feed(channel.startsWith('L3') ? 'L3' : lx, lx === 'L2');
      const weight = where === 'c' ? 1 : where === 'l' ? weightBehind : weightAhead;
      const delaySteps = channel.includes('@') ? Number(channel.split('@')[1]) : 0;
      net.connect(from.pop, pop, sparse({ pairs: pairsOf(where), weights: weight }), { name: `${from.pop.name}.${from.source}->${subtype}.${channel}`, source: from.source, target: channel, delaySteps });
    }
    // T5 may read another component than T4 (`offComponent`).
    const component = lx === 'L2' && settings.offComponent !== undefined ? settings.offComponent : settings.component;
    const chooser =
      component === 'flow'
        ? { choose: { among: FLOW_AMONG, score: (w: Float64Array, f: Float64Array) => flowScore(channels, detectorMemory, w, f) } }
        : component === 'mirror'
          ? { choose: { among: FLOW_AMONG, score: (w: Float64Array, _f: Float64Array, _c: number, cov: PastFutureCovariance) => mirrorScore(channels, detectorMemory, w, cov.Cpp) } }
          : {};
    // Delayed copies are part of the past only: their future is their own past.
    const futureChannels = settings.slowArmDelaySteps ? { futureChannels: [...CHANNELS] } : {};
    const rule = new PastFutureCCARule({ memory: detectorMemory, offset, ...futureChannels, ...(detectorStride !== 1 ? { stride: detectorStride } : {}), centred: false, ridge, assign: [typeof component === 'number' ? component : 2], ...chooser, sign: (w) => centreInputSign(w, detectorMemory) });
    attachments[subtype] = net.learn(pop, rule, { enabled: false });
    detectors[subtype] = pop;
    detectorModels[subtype] = model;
    detectorRules[subtype] = rule;
  }
  return { network: net, settings, eye, units, receptors, lamina, laminaModel, detectors, detectorModels, laminaRule, detectorRules, attachments };
}
