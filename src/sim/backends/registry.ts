import type { NeuronModel, StateArrays } from '../../neurons/NeuronModel.js';
import { SpecError } from '../../core/errors.js';
import type { Synapses } from '../../synapses/Connectivity.js';
import type { HostEdits } from '../hostEdits.js';

/**
 * The kernel registry, in the manner of tfjs-core: one map keyed by backend and kernel
 * name. A kernel is a small config object; backends register with a priority, and
 * lookups fall back to the cpu kernel, which is the reference.
 *
 * Kernel names used by the simulator:
 * - `${synapseKind}.spikes`, `${synapseKind}.rates`: DeliveryKernels functions
 * - `${modelKind}.step`: a replacement for NeuronModel.step with the same signature; the
 *   simulator passes the population's model as a fourth argument, so a kernel can read its settings
 * - `matmul`, `conv2d`, `conv2dFilterGrad`, `windowProduct`, `windowSum`: the products of layers and rules
 *   (see math/productKernels.ts), handed to steps and rules as `ProductKernels`
 * - `state.allFinite`: the NaN/Inf scan of a state array
 * - `graded.group`: every graded, undelayed projection into one population in one call
 *   (a GradedGroupKernel, see gradedGroup.ts; no cpu version: the cpu backend delivers one
 *   projection at a time)
 */
// Kernels have different signatures per name; callers cast to the one they expect.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KernelFunc = (...args: any[]) => unknown;

/** One kernel of one backend. */
export interface KernelConfig {
  /** The kernel's name (see above). */
  readonly kernel: string;
  /** The backend it belongs to. */
  readonly backend: string;
  /** The kernel itself; its signature depends on the name. */
  readonly run: KernelFunc;
  /**
   * Step kernels of device backends: whether this model's state lives on the device (the
   * kernel steps it there) or stays on the host (the kernel hands the step to the model's cpu
   * step, e.g. a variant the device kernel does not cover). Default: on the device.
   */
  onDevice?(model: NeuronModel): boolean;
}

/** A backend `Simulator({ backend })` can pick by name (see `registerBackend`). */
export interface BackendConfig {
  /** The name `Simulator({ backend })` selects it by. */
  readonly name: string;
  /** Higher wins when `auto` has nothing better to go on. */
  readonly priority: number;
  /** Whether this backend can run here (e.g. gpu.js found a GPU mode). */
  isAvailable(): boolean;
  /** Smallest problem (units × batch) for which `auto` prefers this backend. */
  readonly minProblemSize?: number;
  /** A line for logs: which mode actually runs. */
  describe(): string;
  /** Backends that keep population state on a device tell the simulator how to sync it. */
  readonly residency?: DeviceResidency;
  /**
   * Backends whose kernels read state from memory of their own (a WebAssembly heap) hand the
   * simulator an allocator for `bytes` of state arrays (as `stateBytes` counts them); host
   * code reads and writes those arrays as usual. `hostEdits`: the simulator's count of moments
   * weights or parameters may have changed (kernels keeping copies there refresh when it moves).
   */
  allocator?(bytes: number, hostEdits: HostEdits): StateAllocator;
  /**
   * Bytes of that memory the backend's delivery kernels keep for one projection's synapses
   * (e.g. a copy of its CSR arrays); the simulator adds them to what it asks the allocator
   * for. `graded`: the pre population is not spiking; `delay` in steps; `batch`: the
   * simulator's batch (copies of inputs and products scale with it). Default 0.
   */
  synapseBytes?(syn: Synapses, graded: boolean, delay: number, batch: number): number;
  /**
   * Bytes of that memory the backend's step kernels keep for one population's model (e.g. a
   * copy of its parameters); the simulator adds them to what it asks the allocator for. Default 0.
   */
  modelBytes?(model: NeuronModel): number;
  /**
   * Work that must finish before some kernels run at full speed (loading a WebAssembly
   * library); `prepareBackend` awaits it. Kernels still run before it, more slowly, and say so.
   */
  prepare?(): Promise<void>;
}

/** Where the simulator allocates population state, inputs and fired lists. */
export interface StateAllocator {
  /** A float32 array of `length` values in the backend's memory. */
  f32(length: number): Float32Array;
  /** An int32 array of `length` values in the backend's memory. */
  i32(length: number): Int32Array;
}

/** Bytes an allocator needs for arrays of these lengths (4-byte values, each 16-byte aligned). */
export function stateBytes(lengths: readonly number[]): number {
  let bytes = 0;
  for (const n of lengths) bytes += Math.ceil((n * 4) / 16) * 16;
  return bytes;
}

/**
 * How the simulator keeps host arrays and device state consistent. Host code (monitors,
 * rules, recording, checks, host-side deliveries) reads and writes the StateArrays; a
 * backend whose step kernels keep state on a device says here when to copy.
 */
export interface DeviceResidency {
  /** Make the host arrays of `state` current (copy device values back); cheap when they are. */
  pull(state: StateArrays): void;
  /** The host arrays of `state` were written outside the step kernel (init, reset): upload before the next step. */
  invalidate(state: StateArrays): void;
  /**
   * Where deliveries into state variable `variable` (e.g. `ge += w` on a spike) should add,
   * to be applied by the device step before it integrates; null: into the host state array.
   */
  jumpTarget(state: StateArrays, model: NeuronModel, variable: string): Float32Array | null;
}

const kernels = new Map<string, KernelConfig>();
const backends = new Map<string, BackendConfig>();

/** Add a backend (or replace the one with the same name). */
export function registerBackend(config: BackendConfig): void {
  backends.set(config.name, config);
}

/** Add a kernel for a backend (or replace it); backends without one fall back to the cpu kernel. */
export function registerKernel(config: KernelConfig): void {
  kernels.set(`${config.backend}/${config.kernel}`, config);
}

export function unregisterKernel(kernel: string, backend: string): void {
  kernels.delete(`${backend}/${kernel}`);
}

/** The kernel for a backend, or the cpu kernel, or undefined if neither exists. */
export function getKernel<F extends KernelFunc>(kernel: string, backend: string): F | undefined {
  return (kernels.get(`${backend}/${kernel}`) ?? kernels.get(`cpu/${kernel}`))?.run as F | undefined;
}

export function hasKernel(kernel: string, backend: string): boolean {
  return kernels.has(`${backend}/${kernel}`);
}

/**
 * Whether `backend` steps `model` on its device: it registers the model's step kernel and
 * that kernel's `onDevice` (if any) accepts the model.
 */
export function stepsOnDevice(backend: string, model: NeuronModel): boolean {
  const k = kernels.get(`${backend}/${model.stepKernel ?? model.kind}.step`);
  return k !== undefined && (k.onDevice?.(model) ?? true);
}

/** Resolve a backend (as `resolveBackend`) and await its `prepare`, so every kernel runs at full speed. */
export async function prepareBackend(name: string, problemSize = 0): Promise<BackendConfig> {
  const b = resolveBackend(name, problemSize);
  await b.prepare?.();
  return b;
}

/** The registered backends, highest priority first. */
export function listBackends(): readonly BackendConfig[] {
  return [...backends.values()].sort((a, b) => b.priority - a.priority);
}

export function getBackend(name: string): BackendConfig {
  const b = backends.get(name);
  if (!b) throw new SpecError('backend', `unknown backend '${name}' (registered: ${[...backends.keys()].join(', ')}, or 'auto')`);
  return b;
}

/**
 * Resolve 'auto' or a name to a registered, available backend. `auto` takes the
 * highest-priority available backend whose crossover size the problem reaches.
 */
export function resolveBackend(name: string, problemSize = 0): BackendConfig {
  if (name !== 'auto') {
    const b = getBackend(name);
    if (!b.isAvailable()) throw new SpecError('backend', `backend '${name}' is not available here: ${b.describe()}`);
    return b;
  }
  for (const b of listBackends()) {
    if (b.isAvailable() && problemSize >= (b.minProblemSize ?? 0)) return b;
  }
  return getBackend('cpu');
}
