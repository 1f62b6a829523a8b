import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { kernelModule } from '../../../src/sim/backends/wasm/wasmModule.js';

describe('the wasm kernels module', () => {
  it('was built from the current assembly/ sources (npm run build:wasm)', () => {
    const r = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('compiles here, with the kernels the backend calls', () => {
    const m = kernelModule();
    expect(m).not.toBeNull();
    const names = WebAssembly.Module.exports(m!).map((e) => e.name).sort();
    expect(names).toEqual(['addInto', 'allFinite', 'allZero', 'gradedGroup', 'lifStep', 'lifStepFinite', 'memory', 'resuStep', 'rowsTimesTransposed', 'sameBits', 'sparseRates', 'transpose', 'wuxingAtRest', 'wuxingStep']);
    expect(WebAssembly.Module.imports(m!).map((i) => `${i.module}.${i.name}`)).toEqual(['env.memory']);
  });
});
