import type { StateAllocator } from '../registry.js';
import { instantiateKernels, type KernelExports } from './wasmModule.js';
import type { HostEdits } from '../../hostEdits.js';
import type { ArenaThread } from './arenaThread.js';

/**
 * One simulator's WebAssembly memory: its state arrays are carved from it (bump allocation,
 * 16-byte aligned, sized once so the memory never grows and no view is ever detached), and
 * an instance of the kernels runs on it. Kernels find the arena of an array by its buffer.
 */
export class WasmArena implements StateAllocator {
  readonly memory: WebAssembly.Memory;
  readonly kernels: KernelExports;
  /** Scratch for a kernel's float64 coefficients (16 values). */
  readonly coef: Float64Array;
  /**
   * Scratch a kernel fills before each call with what lives outside the memory (a model's
   * parameters, pointers): KERNEL_SCRATCH_BYTES, 16-byte aligned, shared by all kernels
   * (they run one at a time). A kernel whose needs exceed it runs its cpu version.
   */
  readonly scratch: { readonly offset: number; readonly bytes: number };
  private next = 0;

  /**
   * `hostEdits`: the owning simulator's count of moments weights may have changed; kernels
   * keep their weight copies while it stands still. Absent (an arena of its own): they copy
   * on every call.
   */
  constructor(
    bytes: number,
    readonly hostEdits?: HostEdits,
    /** A second thread that runs halves of the big kernels on this memory (then it is shared); absent: one thread. */
    readonly thread?: ArenaThread,
  ) {
    const coefBytes = 16 * 8;
    const pages = Math.max(1, Math.ceil((bytes + coefBytes + KERNEL_SCRATCH_BYTES) / 65536));
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, ...(thread ? { shared: true } : {}) });
    this.kernels = instantiateKernels(this.memory);
    this.coef = new Float64Array(this.memory.buffer, this.take(coefBytes), 16);
    this.scratch = { offset: this.take(KERNEL_SCRATCH_BYTES), bytes: KERNEL_SCRATCH_BYTES };
    arenas.set(this.memory.buffer, this);
  }

  f32(length: number): Float32Array {
    return new Float32Array(this.memory.buffer, this.take(length * 4), length);
  }

  i32(length: number): Int32Array {
    return new Int32Array(this.memory.buffer, this.take(length * 4), length);
  }

  /** `bytes` of the memory for a kernel's own use (16-byte aligned): the byte offset. RangeError when the arena is full. */
  reserve(bytes: number): number {
    return this.take(bytes);
  }

  private take(bytes: number): number {
    const at = this.next;
    this.next += Math.ceil(bytes / 16) * 16;
    if (this.next > this.memory.buffer.byteLength) throw new RangeError(`wasm arena: ${this.next} bytes asked of ${this.memory.buffer.byteLength}`);
    return at;
  }
}

/** Bytes of every arena's kernel scratch (64 KiB: a ReSU population of 8 filters × 1000 lags fits). */
export const KERNEL_SCRATCH_BYTES = 65536;

const arenas = new WeakMap<ArrayBufferLike, WasmArena>();

/** The arena an array lives in, or undefined for an ordinary array. */
export function arenaOf(a: ArrayBufferView): WasmArena | undefined {
  return arenas.get(a.buffer);
}
