import type { ActivityView, PopulationRule, PopulationView, ProjectionRule, ProjectionView } from '../plasticity/PlasticityRule.js';
import type { Attachment, ModulatorSource } from './Network.js';
import { Population } from './Population.js';
import { Projection } from './Projection.js';
import type { TraceSet } from './traces.js';
import { SpecError } from '../core/errors.js';
import type { ProductKernels } from '../math/productKernels.js';

/** The live view of one population for rules: getters read the simulator's current buffers. */
class LiveActivity implements ActivityView {
  constructor(private readonly pop: Population, readonly traces: readonly Float32Array[]) {}
  get size() { return this.pop.size; }
  get batch() { return this.pop.batch; }
  get output() { return this.pop.output; }
  get fired() { return this.pop.fired; }
  get firedCount() { return this.pop.firedCount; }
  get input() { return this.pop.inputs; }
}

/** A rule bound to its view; the simulator calls `step` each tick and `batch` at run ends. */
export interface BoundRule {
  readonly name: string;
  readonly attachment: Attachment;
  step(): void;
  batch(): void;
  /** Simulator.reset(): zero per-synapse state and call the rule's onReset. */
  reset(): void;
  readonly batchSteps: number;
  /** Whether `step()` may write weights or parameters (the rule is not flagged `onStepReadsOnly`). */
  readonly stepWrites: boolean;
}

interface Clocked {
  readonly dt: number;
  readonly step: number;
}

function modulatorArray(m: ModulatorSource | null): () => Float32Array | null {
  if (m === null) return () => null;
  if (m instanceof Population) return () => m.output;
  return () => m;
}

/** Build the view a rule sees and the calls the simulator makes; nothing else is handed over. */
export function bindRule(a: Attachment, traces: (p: Population) => TraceSet, clock: Clocked, kernels: ProductKernels, floats: (length: number) => Float32Array = (n) => new Float32Array(n)): BoundRule {
  const mod = modulatorArray(a.modulator);
  if (a.target instanceof Projection) {
    const proj = a.target;
    const rule = a.rule as ProjectionRule;
    const kinds = rule.kinds;
    if (kinds && !kinds.includes(proj.synapses.kind)) {
      throw new SpecError(`learn(${proj.name}).rule`, `rule '${rule.name}' handles ${kinds.join(', ')} synapses, but projection '${proj.name}' is ${proj.synapses.kind}`);
    }
    const preT = traces(proj.pre);
    const postT = traces(proj.post);
    const pre = new LiveActivity(proj.pre, (rule.traces?.pre ?? []).map((t) => preT.get(t)));
    const post = new LiveActivity(proj.post, (rule.traces?.post ?? []).map((t) => postT.get(t)));
    const view: ProjectionView = {
      pre,
      post,
      get synapses() { return proj.synapses; },
      synapseState(name: string) {
        let st = a.synapseState.get(name);
        if (!st || st.length !== proj.synapses.weights.length) {
          st = new Float32Array(proj.synapses.weights.length);
          a.synapseState.set(name, st);
        }
        return st;
      },
      get dt() { return clock.dt; },
      get step() { return clock.step; },
      get modulator() { return mod(); },
      kernels,
      floats,
    };
    rule.init?.(view);
    return {
      name: rule.name,
      attachment: a,
      batchSteps: rule.batchSteps ?? 0,
      stepWrites: rule.onStepReadsOnly !== true,
      step() {
        rule.onStep?.(view);
        if (rule.onPreSpikes && proj.pre.firedCount > 0) rule.onPreSpikes(view, proj.pre.fired, proj.pre.firedCount);
        if (rule.onPostSpikes && proj.post.firedCount > 0) rule.onPostSpikes(view, proj.post.fired, proj.post.firedCount);
      },
      batch() {
        rule.onBatch?.(view);
      },
      reset() {
        for (const st of a.synapseState.values()) st.fill(0);
        rule.onReset?.(view);
      },
    };
  }
  const pop = a.target;
  const rule = a.rule as PopulationRule;
  const ts = traces(pop);
  const self = new LiveActivity(pop, (rule.traces ?? []).map((t) => ts.get(t)));
  const parameters = pop.model.parameters ?? {};
  const view: PopulationView = {
    self,
    parameters,
    get dt() { return clock.dt; },
    get step() { return clock.step; },
    get modulator() { return mod(); },
    kernels,
    floats,
  };
  rule.init?.(view);
  return {
    name: rule.name,
    attachment: a,
    batchSteps: rule.batchSteps ?? 0,
    stepWrites: rule.onStepReadsOnly !== true,
    step() {
      rule.onStep?.(view);
      if (rule.onSpikes && pop.firedCount > 0) rule.onSpikes(view, pop.fired, pop.firedCount);
    },
    batch() {
      rule.onBatch?.(view);
    },
    reset() {
      rule.onReset?.(view);
    },
  };
}
