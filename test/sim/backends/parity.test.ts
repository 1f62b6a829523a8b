import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { configureGpu, gpuMode, type GpuMode } from '../../../src/sim/backends/gpu/gpuContext.js';
import { prepareBackend } from '../../../src/sim/backends/registry.js';
import { PARITY_CASES, compareRuns, runCase, verdict, type Bound, type ParityCase, type ParityRun } from './parityCases.js';

/**
 * The parity table (parityCases.ts) over every backend × gpu.js mode in Node: wasm (its
 * products on XNNPACK, so prepared first), gpu in the mode gpu.js picks here (webasm: float32)
 * and in gpu.js's 'cpu' mode (float64). The same table runs in Chromium (browser.test.ts).
 */
const TARGETS: { label: string; backend: string; mode?: GpuMode; bound: (c: ParityCase) => Bound }[] = [
  { label: 'wasm', backend: 'wasm', bound: (c) => c.wasm },
  { label: 'gpu (gpu.js picks: float32)', backend: 'gpu', mode: 'gpu', bound: (c) => c.gpu32 },
  { label: "gpu (gpu.js 'cpu' mode: float64)", backend: 'gpu', mode: 'cpu', bound: (c) => c.gpu64 },
];

beforeAll(async () => {
  await prepareBackend('wasm');
});
afterAll(() => configureGpu({}));

describe.each(PARITY_CASES)('parity: $name', (c) => {
  let reference: ParityRun;
  const ref = () => (reference ??= runCase(c, 'cpu'));

  it('something happened in the reference run (guard)', () => {
    expect(c.guard(ref())).toBeNull();
  });

  it.each(TARGETS)('$label matches cpu', (t) => {
    configureGpu({ mode: t.mode ?? 'gpu', kernelMaps: c.kernelMaps ?? true });
    try {
      if (t.mode === 'cpu') expect(gpuMode()).toBe('cpu');
      const got = runCase(c, t.backend);
      expect(got.backend).toBe(t.backend);
      const bound = t.bound(c);
      const cmp = compareRuns(ref(), got, bound);
      expect({ case: c.name, on: t.label, failures: verdict(cmp, bound) }).toEqual({ case: c.name, on: t.label, failures: [] });
      // PARITY_REPORT=1 prints what was measured (docs/performance.md quotes it)
      if (process.env.PARITY_REPORT) console.log(`${c.name} | ${t.label} | identical ${cmp.bitIdentical} | largest ${cmp.largest} | count gap ${cmp.countGap}`);
    } finally {
      configureGpu({});
    }
  });
});
