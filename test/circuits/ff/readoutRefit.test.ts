import { describe, expect, it } from '@jest/globals';
import { FFTrainer, type FFTrainingConfig } from '../../../src/circuits/ff/ffTrainer.js';
import { refitReadout } from '../../../src/circuits/ff/readoutRefit.js';
import { SpecError } from '../../../src/core/errors.js';
import { loadMnist } from '../../../src/data/mnist.js';

const config: FFTrainingConfig = {
  name: 'refit',
  architecture: { arch: 'dense', units: [64, 64] },
  labels: 'onehot',
  intensity: 0.35,
  epochs: 1,
  batch: 20,
  lr: 3e-3,
  cooldown: false,
  logitScale: 0.03,
  thetaFactor: 1,
  readoutLr: 3e-3,
  seed: 5,
};

/** Every array a refit could touch: layer weights, read-out weights and the read-out's Adam state. */
function snapshot(t: FFTrainer): Float32Array[] {
  const layers = t.ff.network.projections.map((p) => Float32Array.from(p.synapses.weights));
  const adam = t.readout.rules.flatMap((r) => [Float32Array.from(r.optimiser!.m), Float32Array.from(r.optimiser!.v), Float32Array.of(r.optimiser!.t)]);
  return [...layers, ...adam];
}

describe('refitReadout: the linear classifier fitted afresh on frozen features', () => {
  const train = loadMnist({ split: 'train', limit: 1200 });
  const test = loadMnist({ split: 'test', limit: 300 });

  it('learns from zero, moves no layer, and puts the online read-out back as it was', () => {
    const t = new FFTrainer(config);
    t.trainEpoch(train); // binds the rules and gives the online read-out some state
    const before = snapshot(t);
    const online = t.evaluate(test).linear;
    const fit = refitReadout(t, train, test, { epochs: 3, lr: 3e-3, seed: 1 });
    // one epoch of FF barely shapes these features; a linear fit on them still beats chance (10 %) by far
    expect(fit.linear).toBeGreaterThan(0.6);
    expect(fit.loss).toHaveLength(3);
    expect(fit.loss[2]!).toBeLessThan(fit.loss[0]!);
    expect(fit.images).toBe(1200);
    expect(fit.evaluated).toBe(300);
    const after = snapshot(t);
    after.forEach((a, k) => expect(Array.from(a)).toEqual(Array.from(before[k]!)));
    for (const a of t.ff.network.attachments) expect(a.enabled).toBe(true);
    expect(t.readout.rules.every((r) => r.lr === config.readoutLr)).toBe(true);
    expect(t.evaluate(test).linear).toBe(online);
  }, 120_000);

  it('starts from zero weights: the online read-out does not leak into the fit', () => {
    const a = new FFTrainer(config);
    a.trainEpoch(train);
    const b = new FFTrainer(config);
    b.trainEpoch(train);
    for (const p of b.readout.projections) p.synapses.weights.fill(0.5); // a different online read-out, same layers
    const fa = refitReadout(a, train, test, { epochs: 1, lr: 3e-3, seed: 1 });
    const fb = refitReadout(b, train, test, { epochs: 1, lr: 3e-3, seed: 1 });
    expect(fb.loss).toEqual(fa.loss);
    expect(fb.linear).toBe(fa.linear);
  }, 120_000);

  it('is seeded: the same seed gives the same fit, another seed another order', () => {
    const t = new FFTrainer(config);
    t.trainEpoch(train);
    const f1 = refitReadout(t, train, test, { epochs: 1, lr: 3e-3, seed: 1 });
    const f2 = refitReadout(t, train, test, { epochs: 1, lr: 3e-3, seed: 1 });
    const f3 = refitReadout(t, train, test, { epochs: 1, lr: 3e-3, seed: 2 });
    expect(f2.loss).toEqual(f1.loss);
    expect(f2.linear).toBe(f1.linear);
    expect(f3.loss).not.toEqual(f1.loss);
  }, 120_000);

  it('with a held-out part: fits on the rest only, scores it each epoch and tests the best epoch', () => {
    const t = new FFTrainer(config);
    t.trainEpoch(train);
    const held = 300;
    const fit = refitReadout(t, train, test, { epochs: 4, lr: 2e-2, seed: 1, validation: held });
    expect(fit.images).toBe(900);
    expect(fit.validationImages).toBe(held);
    expect(fit.validation).toHaveLength(4);
    const v = fit.validation!;
    expect(fit.keptEpoch).toBe(v.indexOf(Math.max(...v)) + 1);
    // the held-out images take no part in the fit: other labels there leave the losses as they were
    // and change only what is scored on them
    const labels = Uint8Array.from(train.labels);
    for (let i = train.count - held; i < train.count; i++) labels[i] = (labels[i]! + 1) % 10;
    const relabelled = refitReadout(t, { ...train, labels }, test, { epochs: 4, lr: 2e-2, seed: 1, validation: held });
    expect(relabelled.loss).toEqual(fit.loss);
    expect(Math.max(...relabelled.validation!)).toBeLessThan(0.3);
    expect(fit.validation!.every((a) => a > 0.6)).toBe(true);
    // without a held-out part: the last epoch is kept, as before
    expect(refitReadout(t, train, test, { epochs: 2, lr: 3e-3, seed: 1 }).keptEpoch).toBe(2);
  }, 120_000);

  it("schedule 'step' cools the step size after every step to 0 at the end; weightDecay reaches the weights' rules only", () => {
    const t = new FFTrainer(config);
    t.trainEpoch(train);
    const seen: { lr: number; decay: number[] }[] = [];
    // subscribed before the fit's own subscription, so each tick shows the settings its step used
    const sub = t.sim.tick$.subscribe(() => seen.push({ lr: t.readout.rules[0]!.lr, decay: t.readout.rules.map((r) => r.weightDecay) }));
    const fit = refitReadout(t, train, test, { epochs: 2, lr: 4e-3, seed: 1, schedule: 'step', weightDecay: 0.3 });
    sub.unsubscribe();
    const total = 2 * (1200 / 60);
    for (let g = 0; g < total; g++) expect(seen[g]!.lr).toBeCloseTo(4e-3 * Math.min(1, (2 * (total - g)) / total), 12);
    const R = t.readout.rules.length;
    for (const s of seen.slice(0, total)) expect(s.decay).toEqual([...Array<number>(R - 1).fill(0.3), 0]);
    expect(fit.lr).toEqual([4e-3, 4e-3]);
    expect(t.readout.rules.every((r) => r.lr === config.readoutLr && r.weightDecay === 0)).toBe(true);
    // the per-epoch default differs within the second epoch only: the same first epoch, another second
    const byEpoch = refitReadout(t, train, test, { epochs: 2, lr: 4e-3, seed: 1, weightDecay: 0.3 });
    expect(byEpoch.loss[0]).toBe(fit.loss[0]);
    expect(byEpoch.loss[1]).not.toBe(fit.loss[1]);
  }, 120_000);

  it('names a bad option', () => {
    const t = new FFTrainer(config);
    t.trainEpoch(train);
    expect(() => refitReadout(t, train, test, { epochs: 0, lr: 1e-3, seed: 1 })).toThrow(SpecError);
    expect(() => refitReadout(t, train, test, { epochs: 0, lr: 1e-3, seed: 1 })).toThrow(/readoutRefit\.epochs/);
    expect(() => refitReadout(t, train, test, { epochs: 1, lr: 0, seed: 1 })).toThrow(/readoutRefit\.lr/);
    expect(() => refitReadout(t, train, test, { epochs: 1, lr: 1e-3, seed: 1, trainLimit: 10 })).toThrow(/60 images; only 10/);
    expect(() => refitReadout(t, train, test, { epochs: 1, lr: 1e-3, seed: 1, validation: 1200 })).toThrow(/readoutRefit\.validation.*holds out 1200 of only 1200/);
    expect(() => refitReadout(t, train, test, { epochs: 1, lr: 1e-3, seed: 1, validation: 1180 })).toThrow(/readoutRefit\.validation.*only 20 training images left after holding out 1180/);
    expect(() => refitReadout(t, train, test, { epochs: 1, lr: 1e-3, seed: 1, validation: -5 })).toThrow(/readoutRefit\.validation/);
    expect(() => refitReadout(t, train, test, { epochs: 1, lr: 1e-3, seed: 1, schedule: 'batch' as never })).toThrow(/readoutRefit\.schedule.*'batch'/);
    expect(() => refitReadout(t, train, test, { epochs: 1, lr: 1e-3, seed: 1, weightDecay: -0.1 })).toThrow(/readoutRefit\.weightDecay.*-0\.1/);
    expect(() => refitReadout(t, train, test, { epochs: 1, lr: 1e-2, seed: 1, weightDecay: 100 })).toThrow(/readoutRefit\.weightDecay: 100 with step size 0\.01 would shrink the weights by 100 %/);
  });
});
