import { Simulator } from '../../sim/Simulator.js';
import { sceneScan, type Scene } from '../../stimuli/naturalScene.js';
import { runPhase } from './trainingPhases.js';

/** How the training scenes are scanned (the fields of `TrainOptions` a phase reads). */
export interface ScanSettings {
  /** Steps each scene is scanned per phase. */
  readonly steps: number;
  /** Image rows scanned at once, one per batch copy. */
  readonly rows: number;
  /** Scan speed in image pixels per step. */
  readonly speed: number;
  /** Image pixels between adjacent receptors. */
  readonly spacing: number;
  /** White noise on the z-scored contrast. */
  readonly noiseStd: number;
  /** Seconds one step stands for. */
  readonly dt: number;
  readonly seed: number;
}

/** A phase of training: which way the scenes move, its seed salt, and whether rules learn. */
export interface ScanPhase {
  readonly name: string;
  readonly direction: 1 | -1;
  /** Distinguishes the phases' noise and rows, so no two phases see the same scan. */
  readonly salt: number;
  readonly learn: boolean;
  readonly progress?: (phase: string, done: number, total: number) => void;
}

/** A fresh simulator for one phase (seeded by the phase's salt). */
export function phaseSimulator(network: Simulator['network'], s: ScanSettings, salt: number): Simulator {
  return new Simulator(network, { dt: s.dt, batch: s.rows, seed: s.seed * 10 + salt, checkFinite: 100 });
}

/** Scan every scene by for `s.steps` steps, one after the other, on `sim`. */
export function scanPhase(sim: Simulator, scenes: readonly Scene[], s: ScanSettings, phase: ScanPhase): void {
  const scan = (k: number) => sceneScan(scenes[k]!, { pxPerStep: s.speed, spacing: s.spacing, noiseStd: s.noiseStd, direction: phase.direction, seed: s.seed * 1000 + phase.salt * 100 + k, rows: rowsFor(scenes[k]!, s.rows, phase.salt) });
  runPhase(sim, phase.name, scenes.length, s.steps, scan, phase.learn, phase.progress);
}

/** `count` rows spread over the scene (a fixed, seed-independent choice; salt shifts them per phase). */
function rowsFor(scene: Scene, count: number, salt: number): number[] {
  return Array.from({ length: count }, (_, b) => Math.min(scene.height - 1, Math.floor(((b + 0.5 + 0.37 * salt) / count) * scene.height) % scene.height));
}
