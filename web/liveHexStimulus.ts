import { sampleImage, type ContrastImage, type HexEye, type Stimulus } from '../src/index.js';

/**
 * A stimulus on a hexagonal eye whose settings the page changes while the circuit runs: a
 * sine grating or a photograph moving in any direction at any speed. The displacement is
 * accumulated step by step, so changing the direction or speed never makes the pattern jump.
 */
export class LiveHexStimulus implements Stimulus {
  kind: 'grating' | 'scene' = 'scene';
  /** Direction of motion in degrees (0° = +x, 90° = up). */
  direction = 0;
  /** Degrees per second. */
  speedDeg = 50;
  /** Grating period in column spacings. */
  wavelength = 8;
  contrast = 1;
  image: ContrastImage | null = null;
  readonly label = 'live hex';
  /** The latest frame (for drawing the eye). */
  readonly shown: Float32Array;
  private dx = 0;
  private dy = 0;
  private lastStep = -1;

  constructor(readonly eye: HexEye) {
    this.shown = new Float32Array(eye.size);
  }

  frame(step: number, dt: number, out: Float32Array, width: number, batch: number): void {
    const eye = this.eye;
    const a = (this.direction * Math.PI) / 180;
    if (step !== this.lastStep) {
      const columns = (this.speedDeg / eye.spacingDeg) * dt; // column spacings moved this step
      this.dx += columns * Math.cos(a);
      this.dy += columns * Math.sin(a);
      this.lastStep = step;
    }
    const img = this.kind === 'scene' ? this.image : null;
    const k = (2 * Math.PI) / this.wavelength;
    const scale = img ? eye.spacingDeg * img.pixelsPerDegree : 0; // image pixels per column spacing
    for (let i = 0; i < width; i++) {
      // The pattern under column i came from (x − dx, y − dy).
      const x = eye.x[i]! - this.dx;
      const y = eye.y[i]! - this.dy;
      const v = img ? this.contrast * sampleImage(img, img.width / 2 + x * scale, img.height / 2 - y * scale) : this.contrast * Math.sin(k * (x * Math.cos(a) + y * Math.sin(a)));
      this.shown[i] = v;
      for (let b = 0; b < batch; b++) out[b * width + i] = v;
    }
  }
}
