import { describe, expect, it } from '@jest/globals';
import { findChromium, runInChromium } from './chromium.js';

/**
 * The wasm backend in a browser: the module compiles on the page's main thread (it is under
 * the 4 KiB synchronous limit) and runs bit-identical to the cpu backend. Skipped where
 * no Chromium is installed.
 */
const chromium = findChromium() !== null;
if (!chromium) console.warn('wasm browser test skipped: no Chromium here');

describe('wasm backend in a browser', () => {
  (chromium ? it : it.skip)('runs bit-identical to the cpu backend in Chromium', async () => {
    const r = await runInChromium<{ name: string; backend: string; spikes: number; spikesEqual: boolean; stateEqual: boolean }[]>(
      new URL('./browserWasmParity.ts', import.meta.url).pathname,
      { timeoutMs: 240_000 },
    );
    expect(r.map((c) => c.name)).toEqual(['every kind, batch 2', 'CUBA 1000']);
    for (const c of r) {
      expect(c.spikes).toBeGreaterThan(100);
      expect({ name: c.name, backend: c.backend, spikesEqual: c.spikesEqual, stateEqual: c.stateEqual }).toEqual({ name: c.name, backend: 'wasm', spikesEqual: true, stateEqual: true });
    }
  }, 300_000);
});
