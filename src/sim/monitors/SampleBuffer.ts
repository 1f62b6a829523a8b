/**
 * Rows of fixed width in one preallocated Float64Array. In `grow` mode capacity is
 * reserved ahead of a run (and doubles if a run overflows it, which a good estimate
 * avoids); in `ring` mode the newest `capacity` rows are kept, for endless streams.
 */
export class SampleBuffer {
  private data: Float64Array;
  private start = 0;
  private n = 0;
  mode: 'grow' | 'ring' = 'grow';

  constructor(readonly width: number, private capacity: number) {
    this.data = new Float64Array(Math.max(1, capacity) * width);
  }

  get length(): number {
    return this.n;
  }

  /** Make room for `more` rows beyond the current ones (grow mode; called outside the hot loop). */
  reserve(more: number): void {
    this.mode = 'grow';
    this.linearise();
    if (this.n + more > this.capacity) this.resize(this.n + more);
  }

  /** Keep only the newest `capacity` rows from now on. */
  ring(capacity: number): void {
    if (this.mode === 'ring' && capacity === this.capacity) return;
    this.linearise();
    if (this.n > capacity) {
      this.data.copyWithin(0, (this.n - capacity) * this.width, this.n * this.width);
      this.n = capacity;
    }
    if (capacity !== this.capacity) this.resize(capacity);
    this.mode = 'ring';
  }

  /** The row to fill next (write `width` values at the returned offset). */
  claim(): number {
    if (this.n === this.capacity) {
      if (this.mode === 'ring') {
        const off = this.start * this.width;
        this.start = (this.start + 1) % this.capacity;
        return off;
      }
      this.resize(this.capacity * 2);
    }
    const row = (this.start + this.n) % this.capacity;
    this.n++;
    return row * this.width;
  }

  get array(): Float64Array {
    return this.data;
  }

  /** Value at (row, col), rows counted from the oldest kept. */
  get(row: number, col: number): number {
    return this.data[((this.start + row) % this.capacity) * this.width + col]!;
  }

  /** Rows in order, copied out (for analysis after a run, not in the hot loop). */
  toArray(): Float64Array {
    this.linearise();
    return this.data.slice(0, this.n * this.width);
  }

  clear(): void {
    this.start = 0;
    this.n = 0;
  }

  private linearise(): void {
    if (this.start === 0) return;
    const rows = this.toRows();
    this.data.set(rows);
    this.start = 0;
  }

  private toRows(): Float64Array {
    const out = new Float64Array(this.n * this.width);
    for (let r = 0; r < this.n; r++) {
      const src = ((this.start + r) % this.capacity) * this.width;
      out.set(this.data.subarray(src, src + this.width), r * this.width);
    }
    return out;
  }

  private resize(capacity: number): void {
    this.linearise();
    const next = new Float64Array(Math.max(1, capacity) * this.width);
    next.set(this.data.subarray(0, Math.min(this.n, capacity) * this.width));
    this.data = next;
    this.capacity = Math.max(1, capacity);
  }
}
