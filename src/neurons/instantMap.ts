import { SpecError } from '../core/errors.js';
import type { InputArrays, NeuronModel, StateArrays, StepContext } from './NeuronModel.js';

/**
 * A stateless map applied to this step's summed input `I` (size `inputSize`) to give `x`
 * (size of the population): the instantaneous NIR nodes. Layout is C order without batch:
 * [channels, height, width] for convolutions and pools.
 */
export type InstantMapSpec =
  | {
      /** x = I. */
      readonly op: 'identity';
    }
  | {
      /** x = W·I + b (NIR Affine, or Linear without a bias). */
      readonly op: 'affine';
      /** outSize × inSize, row-major. */
      readonly weight: Float64Array;
      /** One per output, or null (Linear). */
      readonly bias: Float64Array | null;
      /** Inputs per batch element. */
      readonly inSize: number;
      /** Outputs per batch element. */
      readonly outSize: number;
    }
  | {
      /** x = s ⊙ I (NIR Scale). */
      readonly op: 'scale';
      /** One factor per unit, or one for all. */
      readonly scale: Float64Array;
    }
  | {
      /** x = 1 where I > θ, else 0 (NIR Threshold; a spiking map). */
      readonly op: 'threshold';
      /** θ per unit, or one for all. */
      readonly threshold: Float64Array;
    }
  | {
      /** A 1-D or 2-D convolution (NIR Conv1d, Conv2d). */
      readonly op: 'conv';
      /** [out, in/groups, ...kernel] C order. */
      readonly weight: Float64Array;
      /** One per output channel. */
      readonly bias: Float64Array;
      /** [channels, ...spatial] of input and output; 1-D convolutions use height 1. */
      readonly inShape: readonly [number, number, number];
      /** [channels, height, width] of the output. */
      readonly outShape: readonly [number, number, number];
      /** Kernel height and width. */
      readonly kernel: readonly [number, number];
      /** Stride along height and width. */
      readonly stride: readonly [number, number];
      /** Zero padding along height and width, each side. */
      readonly padding: readonly [number, number];
      /** Dilation along height and width. */
      readonly dilation: readonly [number, number];
      /** Channel groups (in and out channels are split into this many independent groups). */
      readonly groups: number;
    }
  | {
      /** A 2-D pooling (NIR SumPool2d, AvgPool2d). */
      readonly op: 'pool';
      /** Sum or average over each window. */
      readonly mode: 'sum' | 'avg';
      /** [channels, height, width] of the input. */
      readonly inShape: readonly [number, number, number];
      /** [channels, height, width] of the output. */
      readonly outShape: readonly [number, number, number];
      /** Window height and width. */
      readonly kernel: readonly [number, number];
      /** Stride along height and width. */
      readonly stride: readonly [number, number];
      /** Zero padding along height and width, each side. */
      readonly padding: readonly [number, number];
    };

/** `inputSize` is what arrives per batch element; the population's size is what leaves. */
export function instantMap(
  spec: InstantMapSpec,
  inputSize: number,
): NeuronModel & {
  /** The map it applies. */
  readonly spec: InstantMapSpec;
} {
  const spiking = spec.op === 'threshold';
  return {
    kind: `nir.${spec.op}`,
    spec,
    variables: ['x'],
    inputs: ['I'],
    inputSize,
    output: 'x',
    spiking,
    init(state: StateArrays, ctx) {
      const expectIn = spec.op === 'identity' || spec.op === 'scale' || spec.op === 'threshold' ? ctx.size : spec.op === 'affine' ? spec.inSize : spec.inShape[0] * spec.inShape[1] * spec.inShape[2];
      if (expectIn !== inputSize) throw new SpecError(`instantMap(${spec.op}).inputSize`, `is ${inputSize}, the map takes ${expectIn}`);
      state.x!.fill(0);
    },
    step(state: StateArrays, inputs: InputArrays, ctx: StepContext): number {
      const x = state.x!;
      const I = inputs.I!;
      const n = ctx.size;
      let count = 0;
      for (let b = 0; b < ctx.batch; b++) {
        const o = b * n;
        const i0 = b * inputSize;
        switch (spec.op) {
          case 'identity':
            for (let j = 0; j < n; j++) x[o + j] = I[i0 + j]!;
            break;
          case 'scale': {
            const s = spec.scale;
            for (let j = 0; j < n; j++) x[o + j] = I[i0 + j]! * (s.length === 1 ? s[0]! : s[j]!);
            break;
          }
          case 'threshold': {
            const t = spec.threshold;
            for (let j = 0; j < n; j++) {
              const fire = I[i0 + j]! > (t.length === 1 ? t[0]! : t[j]!);
              x[o + j] = fire ? 1 : 0;
              if (fire) ctx.fired[count++] = o + j;
            }
            break;
          }
          case 'affine': {
            const { weight: w, bias, inSize } = spec;
            for (let j = 0; j < n; j++) {
              let acc = bias ? bias[j]! : 0;
              const row = j * inSize;
              for (let c = 0; c < inSize; c++) acc += w[row + c]! * I[i0 + c]!;
              x[o + j] = acc;
            }
            break;
          }
          case 'conv':
            conv(spec, I, i0, x, o);
            break;
          case 'pool':
            pool(spec, I, i0, x, o);
            break;
        }
      }
      return count;
    },
    describe() {
      return { kind: `nir.${spec.op}` };
    },
  };
}

function conv(s: Extract<InstantMapSpec, { op: 'conv' }>, I: Float32Array, i0: number, x: Float32Array, o: number): void {
  const [cin, ih, iw] = s.inShape;
  const [cout, oh, ow] = s.outShape;
  const [kh, kw] = s.kernel;
  const cg = cin / s.groups;
  const og = cout / s.groups;
  for (let oc = 0; oc < cout; oc++) {
    const g = (oc / og) | 0;
    const b = s.bias.length === 1 ? s.bias[0]! : s.bias[oc]!;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let acc = b;
        for (let c = 0; c < cg; c++) {
          const ic = g * cg + c;
          for (let ky = 0; ky < kh; ky++) {
            const iy = oy * s.stride[0] - s.padding[0] + ky * s.dilation[0];
            if (iy < 0 || iy >= ih) continue;
            for (let kx = 0; kx < kw; kx++) {
              const ix = ox * s.stride[1] - s.padding[1] + kx * s.dilation[1];
              if (ix < 0 || ix >= iw) continue;
              acc += s.weight[((oc * cg + c) * kh + ky) * kw + kx]! * I[i0 + (ic * ih + iy) * iw + ix]!;
            }
          }
        }
        x[o + (oc * oh + oy) * ow + ox] = acc;
      }
    }
  }
}

function pool(s: Extract<InstantMapSpec, { op: 'pool' }>, I: Float32Array, i0: number, x: Float32Array, o: number): void {
  const [ch, ih, iw] = s.inShape;
  const [, oh, ow] = s.outShape;
  const [kh, kw] = s.kernel;
  // Average pooling divides by the full kernel area (padding counts, as in PyTorch's default).
  const scale = s.mode === 'avg' ? 1 / (kh * kw) : 1;
  for (let c = 0; c < ch; c++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        let acc = 0;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * s.stride[0] - s.padding[0] + ky;
          if (iy < 0 || iy >= ih) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * s.stride[1] - s.padding[1] + kx;
            if (ix < 0 || ix >= iw) continue;
            acc += I[i0 + (c * ih + iy) * iw + ix]!;
          }
        }
        x[o + (c * oh + oy) * ow + ox] = acc * scale;
      }
    }
  }
}
