import type { InputArrays, NeuronModel, StateArrays, StepContext } from '../../../neurons/NeuronModel.js';
import type { DeviceResidency } from '../registry.js';
import { createKernel, isDeviceMode, gpuMode, isTexture, type DeviceBuffer, type GpuKernel } from './gpuContext.js';

/**
 * A step kernel over packed state: one flat buffer whose rows are the model's variables
 * (each `size × batch` long, in `variables` order), then one row of fired flags for
 * spiking models. Thread x computes row `floor(x / n)` of unit `x mod n`; the source
 * is a gpu.js kernel function `(s, <inputs…>, <jumps…>)`.
 */
export interface PackedKernel {
  readonly source: string;
  /** Input channels in argument order after `s`. */
  readonly inputs: readonly string[];
  /** State variables with a jump array, in argument order after the inputs. */
  readonly jumps: readonly string[];
  readonly spiking: boolean;
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
  readonly rows: number;
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

  constructor(private readonly state: StateArrays, private readonly model: NeuronModel) {
    const first = state[model.variables[0]!]!;
    this.n = first.length / (model.widths?.[model.variables[0]!] ?? 1);
    for (const v of model.variables) {
      if ((model.widths?.[v] ?? 1) !== 1) throw new Error(`gpu packed state: variable '${v}' of ${model.kind} has width > 1`);
    }
    this.rows = model.variables.length + (model.spiking ? 1 : 0);
    this.stage = new Float32Array(this.rows * this.n);
  }

  /** The array host deliveries add to for `variable`; the next step applies and clears it. */
  jump(variable: string): Float32Array {
    let j = this.jumpArrays.get(variable);
    if (!j) {
      j = new Float32Array(this.n);
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
    const n = this.n;
    const vars = this.model.variables;
    for (let r = 0; r < vars.length; r++) {
      const dst = this.state[vars[r]!]!;
      const off = r * n;
      for (let k = 0; k < n; k++) dst[k] = src[off + k]!;
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
    const out = this.kernel!.apply(null, args as never) as DeviceBuffer;
    const old = args[0];
    if (isTexture(old) && old !== out) old.delete();
    this.packed = out;
    this.deviceCurrent = true;
    this.hostCurrent = false;
    for (let i = 0; i < spec.jumps.length; i++) this.jumpArrays.get(spec.jumps[i]!)!.fill(0);
    if (!spec.spiking) return 0;
    return this.collectFired(out, ctx.fired);
  }

  private collectFired(out: DeviceBuffer, fired: Int32Array): number {
    const n = this.n;
    let flags: Float32Array;
    let off = (this.rows - 1) * n;
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
    const n = this.n;
    const vars = this.model.variables;
    for (let r = 0; r < vars.length; r++) this.stage.set(this.state[vars[r]!]!, r * n);
    if (this.model.spiking) this.stage.fill(0, vars.length * n);
    this.deviceCurrent = true;
    if (!isDeviceMode()) return this.stage;
    this.upload ??= createKernel('function (a) { return a[this.thread.x]; }', { output: [this.stage.length], pipeline: true, immutable: true }, this);
    return this.upload(this.stage) as DeviceBuffer;
  }

  private compile(build: PackedKernelBuilder, dt: number): void {
    const jumps = [...this.jumpArrays.keys()];
    this.spec = build(this.model, this.n, dt, jumps);
    this.kernel = createKernel(this.spec.source, {
      output: [this.rows * this.n],
      constants: { n: this.n },
      pipeline: isDeviceMode(),
      immutable: true,
    }, this);
    this.builtDt = dt;
    this.args = new Array(1 + this.spec.inputs.length + this.spec.jumps.length);
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
 * Source of a packed kernel: reads each variable (plus its jump) and input into locals,
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
