/** A scrolling multi-line plot on a canvas: push one value per series per tick, draw per frame. */
export class TracePlot {
  private readonly data: Float32Array[];
  private head = 0;
  private filled = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    readonly series: readonly { name: string; color: string }[],
    private readonly capacity = 600,
  ) {
    this.data = series.map(() => new Float32Array(capacity));
  }

  push(values: ArrayLike<number>): void {
    for (let s = 0; s < this.data.length; s++) this.data[s]![this.head] = values[s]!;
    this.head = (this.head + 1) % this.capacity;
    this.filled = Math.min(this.capacity, this.filled + 1);
  }

  /** How many samples have been pushed (capped at the capacity). */
  get length(): number {
    return this.filled;
  }

  draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const { width: W, height: H } = this.canvas;
    ctx.clearRect(0, 0, W, H);
    let lo = Infinity;
    let hi = -Infinity;
    for (const d of this.data) for (let k = 0; k < this.filled; k++) {
      const v = d[(this.head - this.filled + k + this.capacity) % this.capacity]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (!(hi > lo)) {
      lo -= 1;
      hi += 1;
    }
    const pad = 0.08 * (hi - lo);
    lo -= pad;
    hi += pad;
    const y = (v: number) => H - ((v - lo) / (hi - lo)) * H;
    ctx.strokeStyle = '#ccd';
    ctx.beginPath();
    ctx.moveTo(0, y(0));
    ctx.lineTo(W, y(0));
    ctx.stroke();
    this.data.forEach((d, s) => {
      ctx.strokeStyle = this.series[s]!.color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (let k = 0; k < this.filled; k++) {
        const v = d[(this.head - this.filled + k + this.capacity) % this.capacity]!;
        const x = (k / (this.capacity - 1)) * W;
        if (k === 0) ctx.moveTo(x, y(v));
        else ctx.lineTo(x, y(v));
      }
      ctx.stroke();
    });
    ctx.font = '12px system-ui';
    this.series.forEach((s, k) => {
      ctx.fillStyle = s.color;
      ctx.fillText(s.name, 8 + k * 70, 14);
    });
  }
}
