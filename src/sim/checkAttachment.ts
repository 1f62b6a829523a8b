import { SpecError } from '../core/errors.js';
import type { PlasticityRule } from '../plasticity/PlasticityRule.js';
import { Population } from './Population.js';
import type { Projection } from './Projection.js';

/**
 * One rule object serves one attachment: rules keep state in their own closure (column
 * indices, running averages), so a rule object attached twice would mix the two attachments'
 * state silently. Remembered across networks, and weakly, so rules are still collected.
 */
const attachedTo = new WeakMap<PlasticityRule, string>();

/** How errors name a rule's target: population 'x' or projection 'y'. */
export function describeTarget(t: Population | Projection): string {
  return t instanceof Population ? `population '${t.name}'` : `projection '${t.name}'`;
}

/**
 * Check that `rule` can learn on `target` and claim it for that target. Errors name the rule,
 * the target and why: a rule object already attached elsewhere; spike hooks on a side that
 * never spikes (a graded population has no spikes, so `onPreSpikes`/`onPostSpikes`/`onSpikes`
 * would never run and the rule would silently learn nothing).
 */
export function checkAttachment(rule: PlasticityRule, target: Population | Projection): void {
  const here = describeTarget(target);
  const owner = attachedTo.get(rule);
  if (owner !== undefined) {
    throw new SpecError(
      `learn(${target.name}).rule`,
      `rule '${rule.name}' is already attached to ${owner}; one rule object holds one attachment's state, so create another (e.g. call its factory again) for ${here}`,
    );
  }
  const spikeOnly = (hooks: string, pop: Population, side: string) =>
    new SpecError(
      `learn(${target.name}).rule`,
      `rule '${rule.name}' learns only from spikes (${hooks}) but ${side}population '${pop.name}' (${pop.model.kind}) is graded and never spikes, so it would learn nothing; use a rate rule (e.g. hebbOja) or a spiking model`,
    );
  const steps = rule.onStep !== undefined || rule.onBatch !== undefined;
  if (target instanceof Population) {
    if (rule.attach === 'population' && rule.onSpikes && !steps && !target.model.spiking) throw spikeOnly('onSpikes', target, '');
  } else if (rule.attach === 'projection' && !steps) {
    // A spike hook on a graded side never runs: half a rule (STDP that only depresses) is as wrong as none.
    if (rule.onPreSpikes && !target.pre.model.spiking) throw spikeOnly('onPreSpikes', target.pre, `projection '${target.name}': its pre `);
    if (rule.onPostSpikes && !target.post.model.spiking) throw spikeOnly('onPostSpikes', target.post, `projection '${target.name}': its post `);
  }
  attachedTo.set(rule, here);
}
