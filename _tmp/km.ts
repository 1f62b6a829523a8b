import { gpu, createKernel } from '../src/sim/backends/gpu/gpuContext.js';
import { gpuMode } from '../src/sim/backends/gpu/gpuContext.js';
export default function km() {
  const g = gpu();
  const n = 8;
  const k = g.createKernelMap(
    ['function out1(x) { return x; }', 'function out2(x) { return x; }'] as never,
    `function (a, b, c, inp) {
      const u = this.thread.x;
      let x = a[u]; let y = b[u]; let z = c[u];
      x = x + inp[u]; y = y * 2.0 + x; z = z + y;
      out1(y);
      out2(z);
      return x;
    }`,
    { output: [n], pipeline: true, immutable: true, precision: 'single', tactic: 'precision' } as never,
  );
  const up = createKernel('function (a) { return a[this.thread.x]; }', { output: [n], pipeline: true, immutable: true });
  let a: any = up(new Float32Array(n).fill(1));
  let b: any = up(new Float32Array(n).fill(2));
  let c: any = up(new Float32Array(n).fill(3));
  const inp = Float32Array.from({ length: n }, (_, i) => i);
  for (let s = 0; s < 3; s++) {
    const r: any = (k as any)(a, b, c, inp);
    const keys = Object.keys(r);
    a.delete?.(); b.delete?.(); c.delete?.();
    a = r.result; b = r[0]; c = r[1];
    if (s === 0) (globalThis as any).keys = keys;
  }
  return { mode: gpuMode(), keys: (globalThis as any).keys, a: Array.from(a.toArray()), b: Array.from(b.toArray()), c: Array.from(c.toArray()), isTex: typeof a.toArray };
}
