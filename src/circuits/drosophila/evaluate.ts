import { bestPoint, tuningCurve, type TuningPoint } from '../../analysis/tuningCurve.js';
import type { DirectionSelectivity } from '../../analysis/directionSelectivity.js';
import type { Scene } from '../../stimuli/naturalScene.js';
import type { DrosophilaMotion } from './DrosophilaMotion.js';
import { SUBTYPES, type Subtype } from './subtypes.js';

/** Options of `evaluateFly`. */
export interface EvaluationOptions {
  /** Grating wavelengths in receptors (default [4, 8]); the first is the primary one. */
  wavelengths?: readonly number[];
  /** Temporal frequencies in Hz (default 0.5 … 16). */
  temporalFrequencies?: readonly number[];
  /** Edge speed in receptors per second (default 20). */
  edgeSpeed?: number;
  /** A scene to scan at several speeds (px/step), e.g. a held-out image. */
  scene?: Scene;
  /** Scan speeds on the scene, px/step (default [0.5, 1, 2]). */
  sceneSpeeds?: readonly number[];
}

/** What `evaluateFly` found for one subtype. */
export interface SubtypeEvaluation {
  /** Best temporal frequency (largest |DSI| with threshold) at the primary wavelength. */
  readonly bestFrequency: number;
  /** DSI at `bestFrequency` (with threshold). */
  readonly dsi: number;
  /** Preferred direction there (+1 or −1). */
  readonly pd: 1 | -1;
  /** DSI at the same frequency with the threshold set to 0. */
  readonly dsiUnthresholded: number;
  /** Largest |DSI| without threshold over the frequencies (with its sign). */
  readonly bestUnthresholded: number;
  /** Mean response to an ON edge (both directions). */
  readonly onEdge: number;
  /** Mean response to an OFF edge (both directions). */
  readonly offEdge: number;
  /** DSI on the scene at each speed. */
  readonly scene: readonly number[];
}

/** A tuning point of one subtype. */
export interface SubtypeTuningPoint extends TuningPoint {
  /** The subtype measured. */
  readonly subtype: Subtype;
}

/** What `evaluateFly` returns: tuning of every subtype, with and without threshold, and edge and scene responses. */
export interface Evaluation {
  /** Grating wavelengths tested, in receptors. */
  readonly wavelengths: readonly number[];
  /** Temporal frequencies tested, Hz. */
  readonly temporalFrequencies: readonly number[];
  /** Every (subtype, wavelength, frequency) point, with threshold. */
  readonly tuning: readonly SubtypeTuningPoint[];
  /** The same points with the thresholds set to 0. */
  readonly tuningUnthresholded: readonly SubtypeTuningPoint[];
  /** Per-subtype summary. */
  readonly subtypes: Readonly<Record<Subtype, SubtypeEvaluation>>;
  /** Scene scan speeds tested, px/step (empty without a scene). */
  readonly sceneSpeeds: readonly number[];
  /** The scene's label, or null without one. */
  readonly sceneLabel: string | null;
}

/** A tuning point holds one subtype's selectivity; this keeps all four per grid point. */
type Grid = Map<string, Record<Subtype, DirectionSelectivity>>;

function grid(fly: DrosophilaMotion, wavelengths: readonly number[], frequencies: readonly number[]): Grid {
  const g: Grid = new Map();
  for (const w of wavelengths) for (const f of frequencies) g.set(`${w}/${f}`, fly.gratingSelectivity({ wavelength: w, temporalFrequency: f }));
  return g;
}

function pointsFor(g: Grid, subtype: Subtype, wavelengths: readonly number[], frequencies: readonly number[]): TuningPoint[] {
  return tuningCurve({ temporalFrequencies: frequencies, wavelengths }, (f, w) => g.get(`${w}/${f}`)![subtype]);
}

/**
 * Measure a trained circuit the way the ReSU paper and fly physiology do: grating tuning
 * (DSI and response against temporal frequency, with and without the threshold), ON/OFF
 * edges, and optionally a natural-scene scan at several speeds.
 */
export function evaluateFly(fly: DrosophilaMotion, options: EvaluationOptions = {}): Evaluation {
  const wavelengths = options.wavelengths ?? [4, 8];
  const frequencies = options.temporalFrequencies ?? [0.5, 1, 2, 4, 8, 12, 16];
  const thresholded = grid(fly, wavelengths, frequencies);
  const models = SUBTYPES.map((s) => fly.circuit.detectorModels[s].parameters.threshold);
  const saved = models.map((t) => t[0]!);
  let unthresholded: Grid;
  try {
    models.forEach((t) => (t[0] = 0));
    unthresholded = grid(fly, wavelengths, frequencies);
  } finally {
    models.forEach((t, k) => (t[0] = saved[k]!));
  }
  const edges = fly.edgeResponses(options.edgeSpeed ?? 20);
  const speeds = options.scene ? options.sceneSpeeds ?? [0.5, 1, 2] : [];
  const scenes = speeds.map((v) => fly.sceneSelectivity(options.scene!, v));
  const primary = [wavelengths[0]!];
  const subtypes = {} as Record<Subtype, SubtypeEvaluation>;
  const tuning: SubtypeTuningPoint[] = [];
  const tuningUn: SubtypeTuningPoint[] = [];
  for (const s of SUBTYPES) {
    const pts = pointsFor(thresholded, s, wavelengths, frequencies);
    const ptsUn = pointsFor(unthresholded, s, wavelengths, frequencies);
    tuning.push(...pts.map((p) => ({ ...p, subtype: s })));
    tuningUn.push(...ptsUn.map((p) => ({ ...p, subtype: s })));
    const best = bestPoint(pts.filter((p) => primary.includes(p.wavelength)));
    const un = ptsUn.find((p) => p.wavelength === best.wavelength && p.temporalFrequency === best.temporalFrequency)!;
    const bestUn = bestPoint(ptsUn.filter((p) => primary.includes(p.wavelength)));
    subtypes[s] = {
      bestFrequency: best.temporalFrequency,
      dsi: best.selectivity.dsi,
      pd: best.selectivity.pd,
      dsiUnthresholded: un.selectivity.dsi,
      bestUnthresholded: bestUn.selectivity.dsi,
      onEdge: edges.on[s],
      offEdge: edges.off[s],
      scene: scenes.map((r) => r[s].dsi),
    };
  }
  return { wavelengths, temporalFrequencies: frequencies, tuning, tuningUnthresholded: tuningUn, subtypes, sceneSpeeds: speeds, sceneLabel: options.scene?.label ?? null };
}

/** The tuning points of one subtype (evaluation.tuning mixes all four). */
export function subtypeTuning(points: readonly SubtypeTuningPoint[], subtype: Subtype): SubtypeTuningPoint[] {
  return points.filter((p) => p.subtype === subtype);
}
