import { SpecError } from '../core/errors.js';
import { defineModel, type ModelDefinition } from '../neurons/equations/defineModel.js';
import { lif, type LIFOptions } from '../neurons/lif.js';
import { linearRate, type LinearRateOptions } from '../neurons/linearRate.js';
import type { NeuronModel } from '../neurons/NeuronModel.js';
import { source, spikeSource } from '../neurons/source.js';
import { hebbOja } from '../plasticity/hebbOja.js';
import type { PlasticityRule } from '../plasticity/PlasticityRule.js';
import { stdp, type STDPOptions } from '../plasticity/stdp.js';

/** Rebuild a model from what its `describe()` returned (kind included). */
export type ModelFactory = (description: Record<string, unknown>) => NeuronModel;
/** Rebuild a rule from what its `describe()` returned (`rule` name included). */
export type RuleFactory = (description: Record<string, unknown>) => PlasticityRule;

const models = new Map<string, ModelFactory>();
const rules = new Map<string, RuleFactory>();

/**
 * Teach `networkFromJSON`/`loadNetwork` a model kind: `factory` gets the model's saved
 * `describe()` output and returns an equal model. Built in: lif, source, spikeSource,
 * linearRate, and every `defineModel` model (rebuilt from its equations).
 */
export function registerModel(kind: string, factory: ModelFactory): void {
  models.set(kind, factory);
}

/**
 * Teach the loader a rule: `factory` gets the rule's saved `describe()` output (its `rule`
 * field is the name registered here) and returns a fresh rule; its learned state comes back
 * through the rule's `restore()`. Built in: stdp, hebbOja.
 */
export function registerRule(name: string, factory: RuleFactory): void {
  rules.set(name, factory);
}

const without = (d: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== key));

registerModel('lif', (d) => lif(without(d, 'kind') as LIFOptions));
registerModel('source', () => source());
registerModel('spikeSource', () => spikeSource());
registerModel('linearRate', (d) => linearRate(without(d, 'kind') as LinearRateOptions));
registerRule('stdp', (d) => stdp(without(d, 'rule') as STDPOptions));
registerRule('hebbOja', (d) => hebbOja(without(d, 'rule') as { rate?: number }));

/** The model a saved description stands for; an unknown kind is an error naming it and the field. */
export function modelFromDescription(field: string, d: Record<string, unknown>): NeuronModel {
  const kind = String(d.kind);
  const factory = models.get(kind);
  if (factory) return factory(d);
  if ('equations' in d) return defineModel(d as unknown as ModelDefinition);
  throw new SpecError(field, `unknown model kind '${kind}': register it with registerModel('${kind}', description => model) before loading (known: ${[...models.keys()].join(', ')}, and defineModel models)`);
}

/** The rule a saved description stands for; an unknown name is an error naming it and the field. */
export function ruleFromDescription(field: string, d: Record<string, unknown>): PlasticityRule {
  const name = String(d.rule);
  const factory = rules.get(name);
  if (!factory) {
    throw new SpecError(field, `unknown rule '${name}': register it with registerRule('${name}', description => rule) before loading (known: ${[...rules.keys()].join(', ')})`);
  }
  return factory(d);
}
