/**
 * Ring buffers that hold a presynaptic signal for `delay` steps. Slot views are made
 * once at construction, so pushing and reading allocate nothing.
 */

/** Delays spike lists: what fired at step t is read back at step t + delay. */
export class SpikeDelayRing {
  private readonly slots: Int32Array[];
  private readonly counts: Int32Array;

  constructor(readonly delay: number, width: number) {
    this.slots = Array.from({ length: delay + 1 }, () => new Int32Array(width));
    this.counts = new Int32Array(delay + 1);
  }

  push(step: number, fired: Int32Array, count: number): void {
    const s = step % (this.delay + 1);
    const slot = this.slots[s]!;
    for (let k = 0; k < count; k++) slot[k] = fired[k]!; // a loop, not subarray(): no view allocated
    this.counts[s] = count;
  }

  /** Indices that fired at step − delay (empty before the first push reaches it). */
  indices(step: number): Int32Array {
    return this.slots[(step + 1) % (this.delay + 1)]!;
  }

  count(step: number): number {
    return step < this.delay ? 0 : this.counts[(step + 1) % (this.delay + 1)]!;
  }

  clear(): void {
    this.counts.fill(0);
  }

  /** The signal in flight, for saving a simulation mid-run (copies). */
  snapshot(): number[][] {
    return [Array.from(this.counts), ...this.slots.map((s, k) => Array.from(s.subarray(0, this.counts[k]!)))];
  }

  restore(saved: readonly (readonly number[])[]): void {
    this.counts.set(saved[0]!);
    this.slots.forEach((s, k) => s.set(saved[k + 1]!));
  }
}

/** Delays a graded output vector: the value pushed at step t is read at step t + delay. */
export class RateDelayRing {
  private readonly slots: Float32Array[];

  constructor(readonly delay: number, width: number) {
    this.slots = Array.from({ length: delay + 1 }, () => new Float32Array(width));
  }

  push(step: number, x: Float32Array): void {
    this.slots[step % (this.delay + 1)]!.set(x);
  }

  read(step: number): Float32Array {
    return this.slots[(step + 1) % (this.delay + 1)]!;
  }

  clear(): void {
    for (const s of this.slots) s.fill(0);
  }

  /** The signal in flight, for saving a simulation mid-run (copies). */
  snapshot(): Float32Array[] {
    return this.slots.map((s) => s.slice());
  }

  restore(saved: readonly Float32Array[]): void {
    this.slots.forEach((s, k) => s.set(saved[k]!));
  }
}
