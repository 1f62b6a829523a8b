import { GPU, type IKernelRunShortcut, type IGPUKernelSettings, Texture } from 'gpu.js';
import { SpecError } from '../../../core/errors.js';

/**
 * gpu.js modes a synchronous simulator can use. 'gpu' lets gpu.js choose (headless GL in
 * Node when the native `gl` package is installed, WebGL2/WebGL in a browser, else
 * WebAssembly); 'webgpu' and 'async' return Promises and are left out.
 */
export type GpuMode = 'gpu' | 'cpu' | 'webasm' | 'webgl' | 'webgl2' | 'headlessgl';

const MODES: readonly GpuMode[] = ['gpu', 'cpu', 'webasm', 'webgl', 'webgl2', 'headlessgl'];

let requested: GpuMode = readEnvMode();
let kernelMaps = true;
let instance: GPU | null = null;
let probed: { mode: string; error: string | null } | null = null;

function readEnvMode(): GpuMode {
  const env = typeof process !== 'undefined' ? process.env?.NEUROSTREAM_GPU_MODE : undefined;
  if (env === undefined || env === '') return 'gpu';
  if (!(MODES as readonly string[]).includes(env)) {
    throw new SpecError('NEUROSTREAM_GPU_MODE', `unknown gpu.js mode '${env}' (use ${MODES.join(', ')})`);
  }
  return env as GpuMode;
}

/**
 * Choose the gpu.js mode for kernels created from now on (default: the environment
 * variable NEUROSTREAM_GPU_MODE, else 'gpu' = gpu.js's own choice). Kernels already built
 * keep their mode; create new simulators after changing it. `kernelMaps: false` keeps
 * GL modes on the one-output packed kernels (for measuring what kernel maps gain).
 */
export function configureGpu(options: { mode?: GpuMode; kernelMaps?: boolean }): void {
  const mode = options.mode ?? 'gpu';
  if (!MODES.includes(mode)) throw new SpecError('configureGpu.mode', `unknown gpu.js mode '${String(mode)}' (use ${MODES.join(', ')})`);
  requested = mode;
  kernelMaps = options.kernelMaps ?? true;
  instance = null;
  probed = null;
}

/** The shared gpu.js instance (created on first use). */
export function gpu(): GPU {
  instance ??= new GPU({ mode: requested });
  return instance;
}

/** Run a one-line kernel once to learn which mode really executes kernels here. */
function probe(): { mode: string; error: string | null } {
  if (probed) return probed;
  try {
    const k = gpu().createKernel('function (a) { return a[this.thread.x] * 2.0; }', { output: [2] });
    const r = k(new Float32Array([1, 2])) as Float32Array;
    const inner = (k as unknown as { kernel?: { constructor: { mode?: string; name?: string } } }).kernel;
    // GL kernels all report mode 'gpu'; their class names say which GL.
    const byClass: Record<string, string> = { WebGL2Kernel: 'webgl2', WebGLKernel: 'webgl', HeadlessGLKernel: 'headlessgl' };
    const mode = byClass[inner?.constructor.name ?? ''] ?? inner?.constructor.mode ?? gpu().mode;
    probed = r[1] === 4 ? { mode, error: null } : { mode, error: `probe kernel returned ${String(r[1])}, expected 4` };
  } catch (e) {
    probed = { mode: requested, error: (e as Error).message.split('\n')[0]! };
  }
  return probed;
}

/** The gpu.js mode that actually runs kernels ('webasm', 'webgl2', 'headlessgl', 'cpu', …). */
export function gpuMode(): string {
  return probe().mode;
}

/** Whether gpu.js can run kernels here at all. */
export function gpuAvailable(): boolean {
  return probe().error === null;
}

/** Whether the mode runs on a graphics device (textures stay on it between kernels). */
export function isDeviceMode(mode = gpuMode()): boolean {
  return mode === 'webgl' || mode === 'webgl2' || mode === 'headlessgl' || mode === 'gpu';
}

/**
 * How many outputs one kernel may write here (a kernel map's result plus its sub-kernels):
 * the GL context's draw buffers; 0 where kernel maps do not run on the device (webasm and
 * cpu modes degrade them to JavaScript) or are switched off.
 */
export function kernelMapOutputs(): number {
  if (!kernelMaps || !isDeviceMode()) return 0;
  const features = (gpu() as unknown as { Kernel?: { features?: { kernelMap?: boolean; channelCount?: number } } }).Kernel?.features;
  return features?.kernelMap ? features.channelCount ?? 0 : 0;
}

/** A line for logs: which gpu.js mode runs here and why (or why none could). */
export function describeGpu(): string {
  const p = probe();
  if (p.error) return `gpu: gpu.js could not run a kernel in mode '${p.mode}': ${p.error}`;
  const where: Record<string, string> = {
    webasm: 'WebAssembly (f32x4 SIMD) on the CPU: no GL context here (headless-gl not installed, or no browser)',
    cpu: 'gpu.js cpu mode (plain JavaScript), for debugging',
    webgl2: 'WebGL2 fragment shaders',
    webgl: 'WebGL1 fragment shaders',
    headlessgl: 'headless-gl (GLSL ES 1.0 via ANGLE)',
  };
  return `gpu: gpu.js in '${p.mode}' mode — ${where[p.mode] ?? p.mode}`;
}

export type GpuKernel = IKernelRunShortcut;

/** Kernels are destroyed (their device or WebAssembly memory freed) when their owner is collected. */
const finalizer = new FinalizationRegistry<GpuKernel>((k) => {
  try {
    k.destroy();
  } catch {
    // A kernel whose GPU instance is gone already has nothing to free.
  }
});

/**
 * Create a kernel from source text on the shared instance, with float32 precision; it is
 * destroyed when `owner` (the population state or synapses it serves) is garbage-collected.
 */
export function createKernel(source: string, settings: IGPUKernelSettings & { loopMaxIterations?: number }, owner?: object): GpuKernel {
  const k = gpu().createKernel(source, { precision: 'single', tactic: 'precision', ...settings } as IGPUKernelSettings);
  if (owner) finalizer.register(owner, k);
  return k;
}

/**
 * A kernel map from source text: `subKernels` are named functions the root calls once per
 * thread, each of whose return values is a further output. Returns `{ result, 0, 1, … }`.
 */
export function createKernelMap(subKernels: readonly string[], source: string, settings: IGPUKernelSettings, owner?: object): GpuKernel {
  const k = gpu().createKernelMap([...subKernels] as never, source as never, { precision: 'single', tactic: 'precision', ...settings } as IGPUKernelSettings) as unknown as GpuKernel;
  if (owner) finalizer.register(owner, k);
  return k;
}

/** A kernel result: a texture on GL modes with pipeline on, else a typed array on the host. */
export type DeviceBuffer = Float32Array | Texture;

export function isTexture(x: unknown): x is Texture {
  return x instanceof Texture || (typeof x === 'object' && x !== null && typeof (x as { toArray?: unknown }).toArray === 'function' && !ArrayBuffer.isView(x));
}

/** Copy a device buffer's values into `target` (starting at `offset` of the buffer). */
export function readBuffer(buf: DeviceBuffer, offset: number, target: Float32Array): void {
  const src = isTexture(buf) ? (buf.toArray() as Float32Array) : buf;
  const n = target.length;
  for (let k = 0; k < n; k++) target[k] = src[offset + k]!;
}

/** Format a number as a float literal that JavaScript, GLSL and gpu.js's parsers all read as a float. */
export function floatLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new SpecError('kernel constant', `not finite: ${x}`);
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return `${x.toFixed(1)}`;
  const s = x.toPrecision(9);
  const lit = s.includes('.') || s.includes('e') ? s : `${s}.0`;
  return x < 0 ? `(${lit})` : lit;
}
