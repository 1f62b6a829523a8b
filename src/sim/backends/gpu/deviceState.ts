import type { InputArrays, NeuronModel, StateArrays, StepContext } from '../../../neurons/NeuronModel.js';
import { SpecError } from '../../../core/errors.js';
import type { DeviceResidency } from '../registry.js';
import { createKernel, createKernelMap, isDeviceMode, isTexture, kernelMapOutputs, readBuffer, type DeviceBuffer, type GpuKernel } from './gpuContext.js';

/**
 * A step kernel over packed state: one flat buffer holding the model's variables one
 * after another in `variables` order (each `size × batch × width` long, laid out as the
 * host array is), then one row of fired flags for spiking models (see `packedLayout`).
 * Thread x computes packed value x; the source is a gpu.js kernel function
 * `(s, <inputs…>, <jumps…>, <parameters…>)`.
 */
export interface PackedKernel {
  readonly source: string;
  /** Input channels in argument order after `s`. */
  readonly inputs: readonly string[];
  /** State variables with a jump array, in argument order after the inputs. */
  readonly jumps: readonly string[];
  /**
   * Names of `model.parameters` arrays passed after the jumps, as float32 copies made
   * every step (rules may change them between steps; they are small next to the state).
   */
  readonly parameters?: readonly string[];
  readonly spiking: boolean;
  /**
   * The same step as a kernel map, for models whose variables are all one value per
   * unit: one thread per unit computes the step once and writes every variable (GL modes
   * with enough draw buffers use it; see `kernelMapOutputs`).
   */
  readonly mapped?: MappedKernel;
}

/**
 * A step as a gpu.js kernel map: the root `(s0 … s{V−1}, <inputs…>, <jumps…>, <parameters…>)`
 * reads variable r from buffer sr at unit `this.thread.x` and returns variable 0; it calls
 * each sub-kernel once, and their results are variables 1 … V−1, then (spiking models) the
 * fired flags.
 */
export interface MappedKernel {
  readonly source: string;
  readonly subKernels: readonly string[];
}

/** Where each variable sits in the packed buffer of `n` units (n = size × batch). */
export interface PackedLayout {
  /** First packed index of each variable. */
  readonly offsets: Readonly<Record<string, number>>;
  /** Values per unit of each variable (model.widths, default 1). */
  readonly widths: Readonly<Record<string, number>>;
  /** Where the fired flags start (spiking models), else -1. */
  readonly firedOffset: number;
  /** Length of the whole buffer. */
  readonly length: number;
}

export function packedLayout(model: NeuronModel, n: number): PackedLayout {
  const offsets: Record<string, number> = {};
  const widths: Record<string, number> = {};
  let at = 0;
  for (const v of model.variables) {
    const w = model.widths?.[v] ?? 1;
    offsets[v] = at;
    widths[v] = w;
    at += w * n;
  }
  const firedOffset = model.spiking ? at : -1;
  return { offsets, widths, firedOffset, length: at + (model.spiking ? n : 0) };
}

/** Builds a model's packed kernel for a unit count, dt and the variables that receive jumps. */
export type PackedKernelBuilder = (model: NeuronModel, n: number, dt: number, jumps: readonly string[]) => PackedKernel;

/**
 * One population's state as the gpu backend holds it: the packed buffer on the device
 * (a texture on GL modes, a typed array on webasm/cpu), whether the host arrays or the
 * device copy is current, and the jump arrays that host-side spike deliveries add to.
 */
export class DeviceState {
  readonly n: number;
  readonly layout: PackedLayout;
  /**
   * The device copy: one packed buffer, or (kernel-map step) one buffer per variable
   * followed by the fired flags of spiking models. Empty before the first upload.
   */
  private buffers: DeviceBuffer[] = [];
  /** Whether the step runs as a kernel map (one thread per unit, one output per variable). */
  private mapped = false;
  private hostCurrent = true;
  private deviceCurrent = false;
  private readonly stage: Float32Array;
  private readonly jumpArrays = new Map<string, Float32Array>();
  private kernel: GpuKernel | null = null;
  private upload: GpuKernel | null = null;
  private flags: GpuKernel | null = null;
  private spec: PackedKernel | null = null;
  private builtDt = Number.NaN;
  private args: unknown[] = [];
  /** Float32 copies of the model parameters the kernel reads, refreshed every step. */
  private params: { from: ArrayLike<number>; to: Float32Array }[] = [];

  constructor(private readonly state: StateArrays, private readonly model: NeuronModel) {
    const first = state[model.variables[0]!]!;
    this.n = first.length / (model.widths?.[model.variables[0]!] ?? 1);
    this.layout = packedLayout(model, this.n);
    this.stage = new Float32Array(this.layout.length);
  }

  /**
   * The array host deliveries add to for `variable` (as long as its host array); the next
   * step applies and clears it.
   */
  jump(variable: string): Float32Array {
    let j = this.jumpArrays.get(variable);
    if (!j) {
      j = new Float32Array(this.n * this.layout.widths[variable]!);
      this.jumpArrays.set(variable, j);
      this.kernel = null;
    }
    return j;
  }

  /** How the device copy is held: one packed buffer, or one buffer per variable (kernel map). */
  get storage(): 'packed' | 'mapped' {
    return this.mapped ? 'mapped' : 'packed';
  }

  /** Host arrays were written (init, reset): the next step uploads them. */
  invalidate(): void {
    this.deviceCurrent = false;
    this.hostCurrent = true;
  }

  /** Copy device values into the host arrays if the device is ahead. */
  pull(): void {
    if (this.hostCurrent || this.buffers.length === 0) return;
    const vars = this.model.variables;
    if (this.mapped) {
      for (let r = 0; r < vars.length; r++) readBuffer(this.buffers[r]!, 0, this.state[vars[r]!]!);
    } else {
      const packed = this.buffers[0]!;
      const src = isTexture(packed) ? (packed.toArray() as Float32Array) : packed;
      const offsets = this.layout.offsets;
      for (let r = 0; r < vars.length; r++) {
        const dst = this.state[vars[r]!]!;
        const off = offsets[vars[r]!]!;
        for (let k = 0; k < dst.length; k++) dst[k] = src[off + k]!;
      }
    }
    this.hostCurrent = true;
  }

  /** One step on the device; writes fired flat indices to ctx.fired and returns their count. */
  step(build: PackedKernelBuilder, inputs: InputArrays, ctx: StepContext): number {
    if (this.kernel === null || this.builtDt !== ctx.dt) this.compile(build, ctx.dt);
    const spec = this.spec!;
    const args = this.args;
    if (!this.deviceCurrent) this.uploadHost();
    const old = this.buffers;
    const states = this.mapped ? this.model.variables.length : 1;
    for (let r = 0; r < states; r++) args[r] = old[r];
    let a = states;
    for (let i = 0; i < spec.inputs.length; i++) args[a++] = inputs[spec.inputs[i]!];
    for (let i = 0; i < spec.jumps.length; i++) args[a++] = this.jumpArrays.get(spec.jumps[i]!);
    for (let i = 0; i < this.params.length; i++) {
      const { from, to } = this.params[i]!;
      for (let k = 0; k < from.length; k++) to[k] = from[k]!;
      args[a++] = to;
    }
    const out = this.kernel!.apply(null, args as never) as DeviceBuffer | Record<string, DeviceBuffer>;
    if (this.mapped) {
      const map = out as Record<string, DeviceBuffer>;
      const next = [map.result!];
      for (let r = 1; r < old.length; r++) next.push(map[r - 1]!);
      this.replace(next);
    } else this.replace([out as DeviceBuffer]);
    this.deviceCurrent = true;
    this.hostCurrent = false;
    // Jumps the kernel does not read (into variables its step overwrites) vanish, as on the cpu.
    for (const j of this.jumpArrays.values()) j.fill(0);
    if (!spec.spiking) return 0;
    return this.collectFired(ctx.fired);
  }

  /** Take new device buffers, freeing the textures they replace. */
  private replace(next: DeviceBuffer[]): void {
    for (const b of this.buffers) if (isTexture(b) && !next.includes(b)) b.delete();
    this.buffers = next;
  }

  private collectFired(fired: Int32Array): number {
    const n = this.n;
    let flags: Float32Array;
    let off = this.layout.firedOffset;
    const last = this.buffers[this.buffers.length - 1]!;
    if (this.mapped) {
      flags = isTexture(last) ? (last.toArray() as Float32Array) : last;
      off = 0;
    } else if (isTexture(last)) {
      this.flags ??= createKernel(`function (s) { return s[this.constants.off + this.thread.x]; }`, { output: [n], constants: { off }, pipeline: false }, this);
      flags = this.flags(last) as Float32Array;
      off = 0;
    } else flags = last;
    let count = 0;
    for (let k = 0; k < n; k++) if (flags[off + k]! > 0.5) fired[count++] = k;
    return count;
  }

  private uploadHost(): void {
    const vars = this.model.variables;
    this.deviceCurrent = true;
    if (this.mapped) {
      // Kernel-map steps read each variable from its own buffer (all of width 1 here).
      this.upload ??= createKernel('function (a) { return a[this.thread.x]; }', { output: [this.n], pipeline: true, immutable: true }, this);
      const next = vars.map((v) => this.upload!(this.state[v]!) as DeviceBuffer);
      if (this.model.spiking) next.push(new Float32Array(this.n));
      this.replace(next);
      return;
    }
    for (let r = 0; r < vars.length; r++) this.stage.set(this.state[vars[r]!]!, this.layout.offsets[vars[r]!]!);
    if (this.model.spiking) this.stage.fill(0, this.layout.firedOffset);
    if (!isDeviceMode()) {
      this.replace([this.stage]);
      return;
    }
    this.upload ??= createKernel('function (a) { return a[this.thread.x]; }', { output: [this.stage.length], pipeline: true, immutable: true }, this);
    this.replace([this.upload(this.stage) as DeviceBuffer]);
  }

  private compile(build: PackedKernelBuilder, dt: number): void {
    const jumps = [...this.jumpArrays.keys()];
    this.spec = build(this.model, this.n, dt, jumps);
    this.params = (this.spec.parameters ?? []).map((name) => {
      const from = this.model.parameters?.[name];
      if (!from) throw new SpecError(`${this.model.kind} gpu kernel`, `reads parameter '${name}', which the model does not have`);
      // gpu.js cannot take empty arrays: a parameter with no values is passed as one 0.
      return { from, to: new Float32Array(Math.max(1, from.length)) };
    });
    const vars = this.model.variables;
    const outputs = vars.length + (this.model.spiking ? 1 : 0);
    const mapped = this.spec.mapped !== undefined && outputs > 1 && outputs <= kernelMapOutputs();
    const threads = mapped ? this.n : this.layout.length;
    if (threads >= 2 ** 24) {
      // Kernels split thread indices with float32 division, exact only below 2^24.
      throw new SpecError(`${this.model.kind} gpu kernel`, `state of ${threads} values per step: the gpu backend indexes in float32, exact only below 2^24 (use the cpu backend, or a smaller batch)`);
    }
    if (mapped !== this.mapped && this.buffers.length > 0) {
      // The device copy's shape changes: bring it home and upload it in the new shape.
      this.pull();
      this.replace([]);
      this.deviceCurrent = false;
    }
    this.mapped = mapped;
    const settings = { constants: { n: this.n }, pipeline: isDeviceMode(), immutable: true };
    this.kernel = mapped
      ? createKernelMap(this.spec.mapped!.subKernels, this.spec.mapped!.source, { ...settings, output: [this.n] }, this)
      : createKernel(this.spec.source, { ...settings, output: [this.layout.length] }, this);
    this.builtDt = dt;
    this.args = new Array((mapped ? vars.length : 1) + this.spec.inputs.length + this.spec.jumps.length + this.params.length);
    if (this.deviceCurrent && this.buffers.length === 0) this.deviceCurrent = false;
  }
}

const states = new WeakMap<StateArrays, DeviceState>();

function stateOf(state: StateArrays, model: NeuronModel): DeviceState {
  let d = states.get(state);
  if (!d) {
    d = new DeviceState(state, model);
    states.set(state, d);
  }
  return d;
}

/** How the gpu backend holds a population's state ('packed' or 'mapped'), or null before its first gpu step. */
export function deviceStorage(state: StateArrays): 'packed' | 'mapped' | null {
  return states.get(state)?.storage ?? null;
}

/** The simulator's hooks for the gpu backend: pull, invalidate, and jump arrays. */
export function gpuResidency(hasStepKernel: (model: NeuronModel) => boolean): DeviceResidency {
  return {
    pull(state) {
      states.get(state)?.pull();
    },
    invalidate(state) {
      states.get(state)?.invalidate();
    },
    jumpTarget(state, model, variable) {
      if (!hasStepKernel(model) || !model.variables.includes(variable)) return null;
      return stateOf(state, model).jump(variable);
    },
  };
}

/** A `${kind}.step` kernel for the registry: NeuronModel.step's signature plus the model. */
export function packedStep(build: PackedKernelBuilder) {
  return (state: StateArrays, inputs: InputArrays, ctx: StepContext, model: NeuronModel): number =>
    stateOf(state, model).step(build, inputs, ctx);
}

/**
 * Source of a packed kernel for a model whose variables are one value per unit (row r of
 * the buffer is variable r): reads each variable (plus its jump) and input into locals
 * (`s_<variable>`, `i_<input>`; parameter arrays are `p_<name>`, the unit index `u`),
 * runs `body` (which updates the locals and, for spiking models, sets `fired`), and
 * returns the local of the thread's row. Also gives the same step as a kernel map.
 */
export function packedSource(options: {
  variables: readonly string[];
  inputs: readonly string[];
  jumps: readonly string[];
  spiking: boolean;
  body: string;
  /** `model.parameters` arrays the body reads, as `p_<name>` (copied to the device every step). */
  parameters?: readonly string[];
}): PackedKernel {
  const { variables, inputs, jumps, spiking, body } = options;
  const parameters = options.parameters ?? [];
  const local = (v: string) => `s_${v}`;
  const rest = [...inputs.map((c) => `in_${c}`), ...jumps.map((v) => `jump_${v}`), ...parameters.map((p) => `p_${p}`)];
  const read = (buffer: (r: number) => string) => [
    ...variables.map((v, r) => `let ${local(v)} = ${buffer(r)}${jumps.includes(v) ? ` + jump_${v}[u]` : ''};`),
    ...inputs.map((c) => `const i_${c} = in_${c}[u];`),
    ...(spiking ? ['let fired = 0.0;'] : []),
    body,
  ];
  const packed = [
    'const n = this.constants.n;',
    'const row = Math.floor(this.thread.x / n);',
    'const u = this.thread.x - row * n;',
    ...read((r) => `s[${r === 0 ? 'u' : `${r} * n + u`}]`),
  ];
  variables.forEach((v, r) => {
    if (r < variables.length - 1 || spiking) packed.push(`if (row == ${r}.0) { return ${local(v)}; }`);
    else packed.push(`return ${local(v)};`);
  });
  if (spiking) packed.push('return fired;');
  const outputs = [...variables.slice(1).map(local), ...(spiking ? ['fired'] : [])];
  const mapped = [
    'const n = this.constants.n;',
    'const u = this.thread.x;',
    ...read((r) => `s${r}[u]`),
    ...outputs.map((x, k) => `keep${k + 1}(${x});`),
    `return ${local(variables[0]!)};`,
  ];
  return {
    source: `function (${['s', ...rest].join(', ')}) {\n  ${packed.join('\n  ')}\n}`,
    inputs,
    jumps,
    parameters,
    spiking,
    mapped: {
      source: `function (${[...variables.map((_, r) => `s${r}`), ...rest].join(', ')}) {\n  ${mapped.join('\n  ')}\n}`,
      subKernels: outputs.map((_, k) => `function keep${k + 1}(x) { return x; }`),
    },
  };
}
