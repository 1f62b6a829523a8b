import { sampleRow, type Scene, type Stimulus } from '../src/index.js';

/**
 * A stimulus whose settings the page changes while the circuit runs. Batch copy 0 moves
 * in the shown direction, copy 1 in the opposite one, so the page can show a running
 * direction selectivity. The phase is accumulated step by step, so changing the speed
 * does not make the pattern jump.
 */
export class LiveStimulus implements Stimulus {
  kind: 'grating' | 'scene' = 'grating';
  direction: 1 | -1 = 1;
  temporalFrequency = 8;
  wavelength = 4;
  contrast = Math.SQRT2;
  scene: Scene | null = null;
  /** Image pixels between receptors and scan speed scale for scenes (px per step at 1 Hz·λ units). */
  spacing = 13;
  readonly label = 'live';
  private phase = 0;
  private lastStep = -1;
  /** The latest frame of the shown direction (for drawing). */
  readonly shown: Float32Array;

  constructor(readonly width: number) {
    this.shown = new Float32Array(width);
  }

  frame(step: number, dt: number, out: Float32Array, width: number, batch: number): void {
    if (step !== this.lastStep) {
      // Receptors per step the pattern moves: wavelength × frequency × dt.
      this.phase += this.wavelength * this.temporalFrequency * dt;
      this.lastStep = step;
    }
    for (let b = 0; b < batch; b++) {
      const d = b === 0 ? this.direction : -this.direction;
      for (let i = 0; i < width; i++) {
        const x = i - d * this.phase; // receptor coordinate of the pattern under receptor i
        let v: number;
        if (this.kind === 'scene' && this.scene) v = sampleRow(this.scene, Math.floor(this.scene.height / 2), x * this.spacing) * (this.contrast / Math.SQRT2);
        else v = this.contrast * Math.sin((2 * Math.PI * x) / this.wavelength);
        out[b * width + i] = v;
        if (b === 0) this.shown[i] = v;
      }
    }
  }
}
