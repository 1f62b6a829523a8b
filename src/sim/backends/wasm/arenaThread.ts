import type { WasmArena } from './arena.js';
import { sharedKernelModule, type KernelExports } from './wasmModule.js';

/**
 * The control block between the main thread and the arena worker (an Int32Array over a
 * SharedArrayBuffer): the main thread writes a task and bumps SEQ; the worker runs it on its
 * own instance of the kernels over the same shared memory and stores SEQ into DONE.
 */
export const CONTROL = {
  /** Task number the main thread posted last. */
  SEQ: 0,
  /** Task number the worker finished last. */
  DONE: 1,
  /** 0: the last task succeeded; 1: it threw (message in the bytes from ERROR_AT). */
  STATUS: 2,
  /** Which task (OP_*). */
  OP: 3,
  /** 1 while the worker sleeps in Atomics.wait (only then does a post need a notify). */
  SLEEPING: 30,
  /** First integer argument; float64 arguments sit at byte F64_AT. */
  ARGS: 4,
  F64_AT: 256,
  ERROR_AT: 512,
  BYTES: 1024,
} as const;

/** Tasks: take the memory and module posted with it; a row block of Y = X·Wᵀ; a block of Wuxing cells. */
export const OP_REGISTER = 1;
export const OP_ROWS = 2;
export const OP_WUXING = 3;

/** Products of fewer multiply-adds run on one thread: below this the hand-off (~10–30 µs) costs more than half the product. */
export const SPLIT_MIN_MACS = 1 << 18;
/** Wuxing steps of fewer cell copies (cells × batch) run on one thread. */
export const SPLIT_MIN_CELLS = 4096;

/** What the main thread needs of the worker's port: a way to hand it a memory and the module. */
export interface ThreadPort {
  postMessage(message: unknown): void;
}

let nextArenaId = 1;
const arenaIds = new WeakMap<WasmArena, number>();

/**
 * The main thread's side of the arena worker (Node: `useKernelThreads`): the big wasm kernels
 * of an arena built with it — the dense and transposed products and the Wuxing step — give
 * half of their rows or cells to the worker, which runs the same kernel on the same shared
 * memory, and run the other half here. Every output comes from the same instructions as on one
 * thread, so results are bit-identical to the single-threaded wasm backend. The main thread
 * blocks (Atomics.wait) until the worker's half is done; the worker sleeps between tasks.
 */
export class ArenaThread {
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private seq = 0;
  private current = 0;
  /** Halves the worker ran (for tests: a silent fall back to one thread would leave it at 0). */
  tasks = 0;

  constructor(
    readonly control: SharedArrayBuffer,
    private readonly port: ThreadPort,
  ) {
    this.i32 = new Int32Array(control, 0, CONTROL.F64_AT / 4);
    this.f64 = new Float64Array(control, CONTROL.F64_AT, 8);
  }

  /** Y = X·Wᵀ for m rows (assembly rowsTimesTransposed): rows [0, r0) here, [r0, m) on the worker. */
  rowsTimesTransposed(arena: WasmArena, X: number, W: number, Y: number, m: number, n: number, kd: number): void {
    const k = arena.kernels;
    const r0 = (m >> 1) & ~3;
    if (r0 === 0 || m * n * kd < SPLIT_MIN_MACS) {
      k.rowsTimesTransposed(X, W, Y, m, n, kd);
      return;
    }
    this.use(arena);
    const a = this.i32;
    a[CONTROL.OP] = OP_ROWS;
    a.set([X + r0 * kd * 4, W, Y + r0 * n * 4, m - r0, n, kd], CONTROL.ARGS);
    this.post();
    k.rowsTimesTransposed(X, W, Y, r0, n, kd);
    this.wait();
  }

  /**
   * One Wuxing step of cells [0, cells) (assembly wuxingAtRest, then wuxingStep where not at
   * rest; wuxingStep's arguments, `table`, `rest` and `dRest` at cell 0): the first h cells
   * here, the rest on the worker.
   */
  wuxing(arena: WasmArena, F: readonly number[], D: number, I: number, gate: number, table: number, stride: number, cells: number, size: number, batch: number, dt: number, mode: number, lo: number, jIn: number, jOut: number, rest: number, dRest: number): void {
    const h = (cells >> 1) & ~3;
    if (h === 0 || cells * batch < SPLIT_MIN_CELLS) {
      wuxingCells(arena.kernels, F, D, I, gate, table, stride, 0, cells, size, batch, dt, mode, lo, jIn, jOut, rest, dRest);
      return;
    }
    this.use(arena);
    const a = this.i32;
    a[CONTROL.OP] = OP_WUXING;
    // the table's rows hold float64 values, or float32 ones for the float32 step (mode bit 1)
    a.set([F[0]!, F[1]!, F[2]!, F[3]!, F[4]!, D, I, gate, table + h * (mode & 2 ? 4 : 8), stride, h, cells - h, size, batch, mode, jIn, jOut, rest + h * 4, dRest + h * 4], CONTROL.ARGS);
    this.f64[0] = dt;
    this.f64[1] = lo;
    this.post();
    wuxingCells(arena.kernels, F, D, I, gate, table, stride, 0, h, size, batch, dt, mode, lo, jIn, jOut, rest, dRest);
    this.wait();
  }

  /** The worker must hold an instance over this arena's memory: hand it over when it holds another. */
  private use(arena: WasmArena): void {
    let id = arenaIds.get(arena);
    if (id === undefined) arenaIds.set(arena, (id = nextArenaId++));
    if (this.current === id) return;
    this.port.postMessage({ memory: arena.memory, module: sharedKernelModule() });
    this.i32[CONTROL.OP] = OP_REGISTER;
    this.post();
    this.wait();
    this.current = id;
  }

  private post(): void {
    this.seq++;
    Atomics.store(this.i32, CONTROL.SEQ, this.seq);
    // notify (a futex wake) only when the worker sleeps; while it spins, the store is enough
    if (Atomics.load(this.i32, CONTROL.SLEEPING) === 1) Atomics.notify(this.i32, CONTROL.SEQ);
  }

  private wait(): void {
    const a = this.i32;
    const seq = this.seq;
    // the worker's half usually ends about when ours does: a short spin, then sleep
    for (let spin = 0; spin < 1000 && Atomics.load(a, CONTROL.DONE) !== seq; spin++);
    let waited = 0;
    for (let done = Atomics.load(a, CONTROL.DONE); done !== seq; done = Atomics.load(a, CONTROL.DONE)) {
      if (Atomics.wait(a, CONTROL.DONE, done, 1000) === 'timed-out' && ++waited >= 60) {
        throw new Error('wasm arena worker: no answer for 60 s');
      }
    }
    if (a[CONTROL.STATUS] !== 0) {
      const bytes = new Uint8Array(this.control, CONTROL.ERROR_AT, CONTROL.BYTES - CONTROL.ERROR_AT);
      const text = new TextDecoder().decode(bytes.slice(0, bytes.indexOf(0) < 0 ? bytes.length : bytes.indexOf(0)));
      throw new Error(`wasm arena worker failed: ${text}`);
    }
    this.tasks++;
  }
}

/** The rest scan, then the step where a copy is not at rest (as wasmWuxingStep does on one thread). */
export function wuxingCells(k: KernelExports, F: readonly number[], D: number, I: number, gate: number, table: number, stride: number, u0: number, cells: number, size: number, batch: number, dt: number, mode: number, lo: number, jIn: number, jOut: number, rest: number, dRest: number): void {
  if (gate === 0 && k.wuxingAtRest(F[0]!, F[1]!, F[2]!, F[3]!, F[4]!, D, I, rest, dRest, u0, cells, size, batch) === 1) return;
  k.wuxingStep(F[0]!, F[1]!, F[2]!, F[3]!, F[4]!, D, I, gate, table, stride, u0, cells, size, batch, dt, mode, lo, jIn, jOut);
}

let started: ArenaThread | undefined;

/** The arena worker, once `useKernelThreads` started it (Node); new wasm arenas are built shared with it. */
export function arenaThread(): ArenaThread | undefined {
  return started;
}

/** Called by `useKernelThreads` when the worker is ready. */
export function setArenaThread(t: ArenaThread): void {
  started = t;
}
