import type { InputArrays, NeuronModel, StateArrays, StepContext } from '../../../neurons/NeuronModel.js';
import { SpecError } from '../../errors.js';
import type { DeviceResidency } from '../registry.js';
import { createKernel, isDeviceMode, gpuMode, isTexture, type DeviceBuffer, type GpuKernel } from './gpuContext.js';

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
  private packed: DeviceBuffer | null = null;
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

  /** Host arrays were written (init, reset): the next step uploads them. */
  invalidate(): void {
    this.deviceCurrent = false;
    this.hostCurrent = true;
  }

  /** Copy device values into the host arrays if the device is ahead. */
  pull(): void {
    if (this.hostCurrent || this.packed === null) return;
    const src = isTexture(this.packed) ? (this.packed.toArray() as Float32Array) : this.packed;
    const vars = this.model.variables;
    const offsets = this.layout.offsets;
    for (let r = 0; r < vars.length; r++) {
      const dst = this.state[vars[r]!]!;
      const off = offsets[vars[r]!]!;
      for (let k = 0; k < dst.length; k++) dst[k] = src[off + k]!;
    }
    this.hostCurrent = true;
  }

  /** One step on the device; writes fired flat indices to ctx.fired and returns their count. */
  step(build: PackedKernelBuilder, inputs: InputArrays, ctx: StepContext): number {
    if (this.kernel === null || this.builtDt !== ctx.dt) this.compile(build, ctx.dt);
    const spec = this.spec!;
    const args = this.args;
    args[0] = this.deviceCurrent ? this.packed : this.uploadHost();
    let a = 1;
    for (let i = 0; i < spec.inputs.length; i++) args[a++] = inputs[spec.inputs[i]!];
    for (let i = 0; i < spec.jumps.length; i++) args[a++] = this.jumpArrays.get(spec.jumps[i]!);
    for (let i = 0; i < this.params.length; i++) {
      const { from, to } = this.params[i]!;
      for (let k = 0; k < from.length; k++) to[k] = from[k]!;
      args[a++] = to;
    }
    const out = this.kernel!.apply(null, args as never) as DeviceBuffer;
    const old = args[0];
    if (isTexture(old) && old !== out) old.delete();
    this.packed = out;
    this.deviceCurrent = true;
    this.hostCurrent = false;
    // Jumps the kernel does not read (into variables its step overwrites) vanish, as on the cpu.
    for (const j of this.jumpArrays.values()) j.fill(0);
    if (!spec.spiking) return 0;
    return this.collectFired(out, ctx.fired);
  }

  private collectFired(out: DeviceBuffer, fired: Int32Array): number {
    const n = this.n;
    let flags: Float32Array;
    let off = this.layout.firedOffset;
    if (isTexture(out)) {
      this.flags ??= createKernel(`function (s) { return s[this.constants.off + this.thread.x]; }`, { output: [n], constants: { off }, pipeline: false }, this);
      flags = this.flags(out) as Float32Array;
      off = 0;
    } else flags = out;
    let count = 0;
    for (let k = 0; k < n; k++) if (flags[off + k]! > 0.5) fired[count++] = k;
    return count;
  }

  private uploadHost(): DeviceBuffer {
    const vars = this.model.variables;
    for (let r = 0; r < vars.length; r++) this.stage.set(this.state[vars[r]!]!, this.layout.offsets[vars[r]!]!);
    if (this.model.spiking) this.stage.fill(0, this.layout.firedOffset);
    this.deviceCurrent = true;
    if (!isDeviceMode()) return this.stage;
    this.upload ??= createKernel('function (a) { return a[this.thread.x]; }', { output: [this.stage.length], pipeline: true, immutable: true }, this);
    return this.upload(this.stage) as DeviceBuffer;
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
    this.kernel = createKernel(this.spec.source, {
      output: [this.layout.length],
      constants: { n: this.n },
      pipeline: isDeviceMode(),
      immutable: true,
    }, this);
    this.builtDt = dt;
    this.args = new Array(1 + this.spec.inputs.length + this.spec.jumps.length + this.params.length);
    if (this.deviceCurrent && this.packed === null) this.deviceCurrent = false;
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
 * the buffer is variable r): reads each variable (plus its jump) and input into locals,
 * runs `body` (which updates the locals and, for spiking models, sets `fired`), and
 * returns the local of the thread's row.
 */
export function packedSource(options: {
  variables: readonly string[];
  inputs: readonly string[];
  jumps: readonly string[];
  spiking: boolean;
  body: string;
}): PackedKernel {
  const { variables, inputs, jumps, spiking, body } = options;
  const local = (v: string) => `s_${v}`;
  const params = ['s', ...inputs.map((c) => `in_${c}`), ...jumps.map((v) => `jump_${v}`)];
  const lines: string[] = [];
  lines.push('const n = this.constants.n;');
  lines.push('const row = Math.floor(this.thread.x / n);');
  lines.push('const u = this.thread.x - row * n;');
  variables.forEach((v, r) => {
    const j = jumps.includes(v) ? ` + jump_${v}[u]` : '';
    lines.push(`let ${local(v)} = s[${r === 0 ? 'u' : `${r} * n + u`}]${j};`);
  });
  for (const c of inputs) lines.push(`const i_${c} = in_${c}[u];`);
  if (spiking) lines.push('let fired = 0.0;');
  lines.push(body);
  variables.forEach((v, r) => {
    if (r < variables.length - 1 || spiking) lines.push(`if (row == ${r}.0) { return ${local(v)}; }`);
    else lines.push(`return ${local(v)};`);
  });
  if (spiking) lines.push('return fired;');
  return {
    source: `function (${params.join(', ')}) {\n  ${lines.join('\n  ')}\n}`,
    inputs,
    jumps,
    spiking,
  };
}
