import { describe, expect, it } from '@jest/globals';
import { numberFlag, optionalNumberFlag } from '../../src/cli/flags.js';
import { main } from '../../src/cli/program.js';

describe('command-line flags', () => {
  it('parse numbers and name the command and flag when they are bad', () => {
    expect(numberFlag('fly', 'steps', '2000', { integer: true, min: 1 })).toBe(2000);
    expect(optionalNumberFlag('ff', 'lr', undefined)).toBeUndefined();
    expect(() => numberFlag('fly', 'steps', 'ten', { integer: true, min: 1 })).toThrow("fly --steps: expected a positive integer, got 'ten'");
    expect(() => numberFlag('fly', 'rows', '-3', { integer: true, min: 0 })).toThrow(/fly --rows: expected a positive integer/);
    expect(() => numberFlag('ff', 'lr', '')).toThrow("ff --lr: expected a positive number, got ''");
    // --lr has a flag rule (a step size is positive) even where the caller gives no bounds
    expect(() => numberFlag('ff', 'lr', '-0.01')).toThrow("ff --lr: expected a positive number, got '-0.01'");
    expect(() => numberFlag('bsp', 'seed', '')).toThrow("bsp --seed: expected an integer, got ''");
  });

  it('rejects a bad flag before any work starts', async () => {
    await expect(main(['node', 'neurostream', 'fly', '--steps', 'lots', '--out', '/nonexistent/never'])).rejects.toThrow(/fly --steps/);
  });

  it('has one backend switch: --kernels names its replacement, an unknown --backend lists the registered ones', async () => {
    const run = (...flags: string[]) => main(['node', 'neurostream', 'ff', '--epochs', '1', '--models', '/nonexistent/never', ...flags]);
    await expect(run('--kernels', 'wasm2')).rejects.toThrow("--kernels: was removed: the backend is one switch now, --backend cpu|wasm|gpu|auto (for '--kernels wasm2' use --backend wasm --threads 2)");
    await expect(run('--kernels', 'js')).rejects.toThrow(/use --backend cpu\)/);
    await expect(run('--backend', 'tpu')).rejects.toThrow(/unknown backend 'tpu' \(registered: .*cpu.*wasm/);
    await expect(run('--backend', 'cpu', '--threads', '2')).rejects.toThrow("--threads: 2 threads apply to the wasm backend's products (--backend wasm); this run is on --backend cpu");
    await expect(main(['node', 'neurostream', 'bsp', '--backend', 'tpu', '--out', '/nonexistent/never'])).rejects.toThrow(/unknown backend 'tpu'/);
  });
});
