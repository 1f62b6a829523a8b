import type { HexEye } from '../src/index.js';

/**
 * Draws a hexagonal eye on a canvas: each column a hexagon shaded by what it sees, and on
 * the columns that carry detectors an arrow, the vector sum of the eight T4/T5 responses.
 */
export class HexView {
  private readonly ctx: CanvasRenderingContext2D;
  private readonly px: number;
  /** Arrows drawn in the last frame (longer than a pixel); read by the page's test. */
  arrowsDrawn = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly eye: HexEye,
  ) {
    this.ctx = canvas.getContext('2d')!;
    // Column spacing in pixels so the whole eye fits with a margin.
    this.px = Math.min(canvas.width, canvas.height) / (2 * eye.radius + 2.5);
  }

  private at(i: number): [number, number] {
    return [this.canvas.width / 2 + this.eye.x[i]! * this.px, this.canvas.height / 2 - this.eye.y[i]! * this.px];
  }

  /** Shade every column by its input (contrast around 0), then draw `u, v` arrows at `units` columns, scaled so the longest is `length` spacings. */
  draw(input: Float32Array, units: Int32Array, u: Float64Array, v: Float64Array, length = 0.9): void {
    const { ctx, px } = this;
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const r = px / Math.sqrt(3); // hexagon circumradius for touching pointy-top cells
    for (let i = 0; i < this.eye.size; i++) {
      const [cx, cy] = this.at(i);
      const g = Math.max(0, Math.min(255, Math.round(128 + 55 * input[i]!)));
      ctx.fillStyle = `rgb(${g},${g},${g})`;
      ctx.beginPath();
      for (let k = 0; k < 6; k++) {
        const a = ((60 * k + 30) * Math.PI) / 180;
        ctx.lineTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
      }
      ctx.closePath();
      ctx.fill();
    }
    let biggest = 1e-12;
    for (let k = 0; k < units.length; k++) biggest = Math.max(biggest, Math.hypot(u[k]!, v[k]!));
    const scale = (length * px) / biggest;
    ctx.strokeStyle = '#d62728';
    ctx.fillStyle = '#d62728';
    ctx.lineWidth = Math.max(1, px / 12);
    this.arrowsDrawn = 0;
    for (let k = 0; k < units.length; k++) {
      const dx = u[k]! * scale;
      const dy = -v[k]! * scale; // canvas y grows downwards
      const len = Math.hypot(dx, dy);
      if (len < 1) continue;
      const [x0, y0] = this.at(units[k]!);
      const x1 = x0 + dx;
      const y1 = y0 + dy;
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
      const head = Math.min(len * 0.4, px * 0.3);
      const a = Math.atan2(dy, dx);
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x1 - head * Math.cos(a - 0.45), y1 - head * Math.sin(a - 0.45));
      ctx.lineTo(x1 - head * Math.cos(a + 0.45), y1 - head * Math.sin(a + 0.45));
      ctx.closePath();
      ctx.fill();
      this.arrowsDrawn++;
    }
  }
}
