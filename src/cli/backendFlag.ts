import type { Command } from 'commander';
import { SpecError } from '../core/errors.js';
import { prepareBackend } from '../sim/backends/registry.js';
import { useKernelThreads } from '../sim/backends/wasm/kernelThreads.js';

/** The one backend axis on the command line: `--backend` (and `--threads` for the wasm products). */
export interface BackendFlags {
  backend: string;
  threads?: string;
  kernels?: string;
}

/**
 * Add `--backend <name>` (cpu, wasm, gpu or auto: models, deliveries and products all run
 * there) and `--threads <n>` to a command; `--kernels`, the old second switch, stays only to
 * say what replaced it.
 */
export function backendOptions(cmd: Command, fallback: string): Command {
  return cmd
    .option('--backend <name>', 'where everything runs: cpu (typed-array loops, the reference), wasm (WebAssembly SIMD; products on TensorFlow.js XNNPACK), gpu (gpu.js: a GPU if it finds one, else WebAssembly) or auto (by problem size)', fallback)
    .option('--threads <n>', 'wasm backend: 2 gives it a worker thread (Node) that takes half of each conv batch, dense product and Wuxing cell step', '1')
    .option('--kernels <name>', 'removed: use --backend');
}

/** Check the flags and get the backend ready (XNNPACK loaded, the worker thread started); returns its name. */
export async function prepareBackendFlags(o: BackendFlags, problemSize = 0): Promise<string> {
  if (o.kernels !== undefined) {
    const to: Record<string, string> = { js: '--backend cpu', wasm: '--backend wasm', wasm2: '--backend wasm --threads 2', gpu: '--backend gpu' };
    throw new SpecError('--kernels', `was removed: the backend is one switch now, --backend cpu|wasm|gpu|auto (for '--kernels ${o.kernels}' use ${to[o.kernels] ?? '--backend'})`);
  }
  const threads = o.threads ?? '1';
  if (threads !== '1' && threads !== '2') throw new SpecError('--threads', `expected 1 or 2, got '${threads}'`);
  // checked before the backend is prepared where the flags alone tell (no XNNPACK load for a refusal)
  const onWasmOnly = (name: string) => new SpecError('--threads', `2 threads apply to the wasm backend's products (--backend wasm); this run is on --backend ${name}`);
  if (threads === '2' && (o.backend === 'cpu' || o.backend === 'gpu')) throw onWasmOnly(o.backend);
  const backend = await prepareBackend(o.backend, problemSize);
  if (threads === '2') {
    if (backend.name !== 'wasm') throw onWasmOnly(`${o.backend} (${backend.name})`);
    await useKernelThreads();
  }
  return backend.name;
}
