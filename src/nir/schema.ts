import { isCustomType, type NirPrimitiveType, type NirStandardType } from './graph.js';

/** What a primitive node must (and may) hold, with the defaults older files leave out. */
export interface NodeSchema {
  /** Fields every version writes. */
  readonly required: readonly string[];
  /** Fields some versions leave out: name → how to fill it ('zeros' / 'ones' shaped like `like`, or absent). */
  readonly optional: Readonly<Record<string, { fill: 'zeros' | 'ones'; like: string } | 'absent'>>;
  /** Fields that must share one shape (a neuron's per-unit parameters). */
  readonly sameShape?: readonly string[];
  /** Fields that must be > 0 everywhere (time constants). */
  readonly positive?: readonly string[];
  /** Whether the node holds state across steps (a cycle through it is not an algebraic loop). */
  readonly stateful: boolean;
}

const neuron = (required: string[], optional: NodeSchema['optional'], positive: string[]): NodeSchema => ({
  required,
  optional,
  sameShape: [...required, ...Object.keys(optional)],
  positive,
  stateful: true,
});

/** The node types this implementation reads, writes and runs. */
export const NODE_SCHEMAS: Readonly<Record<NirStandardType, NodeSchema>> = {
  Input: { required: ['shape'], optional: {}, stateful: false },
  Output: { required: ['shape'], optional: {}, stateful: false },
  Affine: { required: ['weight', 'bias'], optional: {}, stateful: false },
  Linear: { required: ['weight'], optional: {}, stateful: false },
  Scale: { required: ['scale'], optional: {}, stateful: false },
  Threshold: { required: ['threshold'], optional: {}, stateful: false },
  Delay: { required: ['delay'], optional: {}, stateful: true },
  Flatten: { required: ['start_dim', 'end_dim'], optional: { input_type: 'absent' }, stateful: false },
  LI: neuron(['tau', 'r', 'v_leak'], {}, ['tau']),
  CubaLI: neuron(['tau_syn', 'tau_mem', 'r', 'v_leak'], { w_in: { fill: 'ones', like: 'v_leak' } }, ['tau_syn', 'tau_mem']),
  I: neuron(['r'], {}, []),
  IF: neuron(['r', 'v_threshold'], { v_reset: { fill: 'zeros', like: 'v_threshold' } }, []),
  LIF: neuron(['tau', 'r', 'v_leak', 'v_threshold'], { v_reset: { fill: 'zeros', like: 'v_threshold' } }, ['tau']),
  CubaLIF: neuron(
    ['tau_syn', 'tau_mem', 'r', 'v_leak', 'v_threshold'],
    { v_reset: { fill: 'zeros', like: 'v_threshold' }, w_in: { fill: 'ones', like: 'v_threshold' } },
    ['tau_syn', 'tau_mem'],
  ),
  Conv1d: { required: ['weight', 'stride', 'padding', 'dilation', 'groups', 'bias'], optional: { input_shape: 'absent' }, stateful: false },
  Conv2d: { required: ['weight', 'stride', 'padding', 'dilation', 'groups', 'bias'], optional: { input_shape: 'absent' }, stateful: false },
  SumPool2d: { required: ['kernel_size', 'stride', 'padding'], optional: {}, stateful: false },
  AvgPool2d: { required: ['kernel_size', 'stride', 'padding'], optional: {}, stateful: false },
};

/** A custom node (`neurostream.<kind>`) holds only metadata; treated as stateful. */
const CUSTOM: NodeSchema = { required: [], optional: {}, stateful: true };

export function schemaOf(type: NirPrimitiveType): NodeSchema {
  return isCustomType(type) ? CUSTOM : NODE_SCHEMAS[type];
}
