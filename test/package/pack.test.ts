import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumFlags, findChromium } from '../sim/backends/chromium.js';

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
const executable = findChromium();

describe('npm pack', () => {
  it('makes a package that installs into an empty folder and imports in Node (ESM) and in a browser bundle', async () => {
    const root = resolve('.');
    const work = mkdtempSync(join(tmpdir(), 'neurostream-pack-'));
    npm(['pack', '--silent', '--pack-destination', work], root); // prepare builds dist/
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    expect(tarball).toMatch(/^neurostream-\d+\.\d+\.\d+\.tgz$/);

    const app = join(work, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball)], app);

    // Node, ESM: the root entry and the Node-only entry.
    writeFileSync(join(app, 'node.js'), `
      import { Network, Simulator, lif, DrosophilaMotion } from 'neurostream';
      import { loadMnist } from 'neurostream/node';
      const net = new Network();
      net.population('n', 10, lif({ bias: 1.5 }));
      const r = new Simulator(net).run(null, 0.1);
      const fly = await DrosophilaMotion.load(new URL('./node_modules/neurostream/models/drosophila-motion.json', import.meta.url).pathname);
      console.log(JSON.stringify({ rate: r.meanRate('n'), fly: fly.circuit.settings.pixels, mnist: typeof loadMnist }));`);
    const node = JSON.parse(execFileSync(process.execPath, ['node.js'], { cwd: app, encoding: 'utf8' }).trim());
    expect(node.rate).toBeGreaterThan(10);
    expect(node.fly).toBe(16);
    expect(node.mnist).toBe('function');
    expect(execFileSync(join(app, 'node_modules/.bin/neurostream'), ['--help'], { encoding: 'utf8' })).toMatch(/fly/);

    // Browser: bundle the root entry (Node built-ins are only reached by save/load and stay external).
    writeFileSync(join(app, 'browser.js'), `
      import { Network, Simulator, lif } from 'neurostream';
      const net = new Network();
      net.population('n', 10, lif({ bias: 1.5 }));
      window.result = new Simulator(net).run(null, 0.1).meanRate('n');`);
    execFileSync(join(root, 'node_modules/.bin/esbuild'), ['browser.js', '--bundle', '--platform=browser', '--format=esm', '--external:node:*', '--outfile=bundle.js', '--log-level=error'], { cwd: app });
    if (!executable) {
      console.warn('browser half of the package test skipped: no Chromium');
      return;
    }
    const profile = mkdtempSync(join(tmpdir(), 'neurostream-profile-'));
    const browser = await chromium.launch({ executablePath: executable, headless: true, args: chromiumFlags(profile).filter((f) => f !== '--headless' && !f.startsWith('--user-data-dir')) });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setContent('<!doctype html><title>pack</title>');
      await page.addScriptTag({ path: join(app, 'bundle.js'), type: 'module' });
      await page.waitForFunction(() => typeof (window as unknown as { result?: number }).result === 'number', undefined, { timeout: 30_000 });
      expect(await page.evaluate(() => (window as unknown as { result: number }).result)).toBeGreaterThan(10);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 300_000);
});
