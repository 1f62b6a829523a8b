/**
 * The arena worker of `useKernelThreads` (Node): runs the half of a wasm kernel the main thread
 * hands it (see ArenaThread) on its own instance of the kernels over the arena's shared memory.
 * It never returns to its event loop: it sleeps in Atomics.wait on the control block, takes a
 * new memory with receiveMessageOnPort, and reports through the control block.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { CONTROL, OP_REGISTER, OP_ROWS, OP_WUXING, wuxingCells } from './arenaThread.js';
import type { KernelExports } from './wasmModule.js';

const control = (workerData as { control: SharedArrayBuffer }).control;
const a = new Int32Array(control, 0, CONTROL.F64_AT / 4);
const f = new Float64Array(control, CONTROL.F64_AT, 8);
const port = parentPort!;
let k: KernelExports | null = null;

function run(op: number): void {
  const g = (i: number) => a[CONTROL.ARGS + i]!;
  if (op === OP_REGISTER) {
    // the newest memory posted: one left behind by a register task that never ran (the main
    // thread gave up waiting) must not be taken for this one's
    let m: { memory: WebAssembly.Memory; module: WebAssembly.Module } | undefined;
    for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) m = next.message as typeof m;
    if (!m) throw new Error('no memory was posted with the register task');
    k = new WebAssembly.Instance(m.module, { env: { memory: m.memory, abort: () => {} } }).exports as unknown as KernelExports;
    return;
  }
  if (!k) throw new Error('a task before any memory was registered');
  if (op === OP_ROWS) k.rowsTimesTransposed(g(0), g(1), g(2), g(3), g(4), g(5));
  else if (op === OP_WUXING) wuxingCells(k, [g(0), g(1), g(2), g(3), g(4)], g(5), g(6), g(7), g(8), g(9), g(10), g(11), g(12), g(13), f[0]!, g(14), f[1]!, g(15), g(16), g(17), g(18));
  else throw new Error(`unknown task ${op}`);
}

// Read the task number before saying ready: the main thread may post its first task as soon as
// it hears 'ready', and a worker descheduled between the two (a loaded machine) would otherwise
// take that task's number as already seen and never run it.
let seen = Atomics.load(a, CONTROL.SEQ);
port.postMessage({ ready: true });
// A short spin before sleeping catches a task that follows at once; longer spins (tens of µs)
// cost more CPU than the wake-ups they save on this shared 2-core machine (measured: 1.25 →
// 1.67 CPU s for 500 BSP images with 20,000 turns, no faster in wall time at load 8).
const SPIN = 1000;
for (;;) {
  for (let spin = 0; spin < SPIN && Atomics.load(a, CONTROL.SEQ) === seen; spin++);
  if (Atomics.load(a, CONTROL.SEQ) === seen) {
    Atomics.store(a, CONTROL.SLEEPING, 1);
    Atomics.wait(a, CONTROL.SEQ, seen);
    Atomics.store(a, CONTROL.SLEEPING, 0);
  }
  const seq = Atomics.load(a, CONTROL.SEQ);
  if (seq === seen) continue;
  seen = seq;
  try {
    run(a[CONTROL.OP]!);
    a[CONTROL.STATUS] = 0;
  } catch (e) {
    const bytes = new Uint8Array(control, CONTROL.ERROR_AT, CONTROL.BYTES - CONTROL.ERROR_AT);
    bytes.fill(0);
    bytes.set(new TextEncoder().encode(String((e as Error).message ?? e)).subarray(0, bytes.length - 1));
    a[CONTROL.STATUS] = 1;
  }
  Atomics.store(a, CONTROL.DONE, seq);
  Atomics.notify(a, CONTROL.DONE);
}
