import { describe, expect, it } from '@jest/globals';
import { renderSvg } from '../../src/analysis/plot.js';
import { arrowFieldPlot, polarPlot } from '../../src/analysis/polarPlot.js';

describe('polar and arrow-field plots', () => {
  it('a polar curve closes on itself and points at the largest response', () => {
    const spec = polarPlot({ title: 't', directionsDeg: [0, 90, 180, 270], series: { T4c: [0.1, 2, 0.1, 0] } }) as { data: { values: { x: number; y: number; order: number }[] } };
    const rows = spec.data.values;
    expect(rows).toHaveLength(5);
    expect(rows[4]!.x).toBeCloseTo(rows[0]!.x, 12);
    const far = rows.reduce((a, b) => (Math.hypot(b.x, b.y) > Math.hypot(a.x, a.y) ? b : a));
    expect(far.y).toBeCloseTo(1, 12);
  });
  it('both render to SVG', async () => {
    const a = await renderSvg(polarPlot({ title: 'polar', directionsDeg: [0, 120, 240], series: { a: [1, 0, 0], b: [0, 1, 1] } }));
    const b = await renderSvg(arrowFieldPlot({ title: 'arrows', x: [0, 1], y: [0, 0], u: [0.5, 0], v: [0, -0.5] }));
    expect(a).toMatch(/<svg/);
    expect(b).toMatch(/<svg/);
    expect(b).toMatch(/arrows/);
  });
});
