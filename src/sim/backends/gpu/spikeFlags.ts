import type { DeliveryKernels, Synapses } from '../../../synapses/Connectivity.js';

/**
 * Spike deliveries on the device read a 0/1 flag per presynaptic unit instead of an
 * index list: gather kernels have no scatter. One reusable buffer per projection and batch.
 */
const buffers = new WeakMap<object, Float32Array>();

export function spikeFlags(owner: object, length: number, fired: Int32Array, count: number): Float32Array {
  let flags = buffers.get(owner);
  if (!flags || flags.length !== length) {
    flags = new Float32Array(length);
    buffers.set(owner, flags);
  } else flags.fill(0);
  for (let s = 0; s < count; s++) flags[fired[s]!] = 1;
  return flags;
}

/** A per-(owner, batch) cache of built kernels. */
export function cached<T>(cache: WeakMap<object, Map<number, T>>, owner: object, batch: number, make: () => T): T {
  let byBatch = cache.get(owner);
  if (!byBatch) {
    byBatch = new Map();
    cache.set(owner, byBatch);
  }
  let k = byBatch.get(batch);
  if (k === undefined) {
    k = make();
    byBatch.set(batch, k);
  }
  return k;
}

/** Delivery kernels from a graded one: spikes become 0/1 rows of the same product. */
export function viaFlags<S extends Synapses>(rates: (syn: S, x: Float32Array, out: Float32Array, batch: number) => void): DeliveryKernels<S> {
  return {
    rates,
    spikes(syn, fired, count, out, batch) {
      if (count > 0) rates(syn, spikeFlags(syn, batch * syn.preSize, fired, count), out, batch);
    },
  };
}
