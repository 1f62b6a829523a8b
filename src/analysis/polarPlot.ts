import type { VegaLiteSpec } from './plot.js';

/**
 * Polar tuning curves: for each series, the responses r(θ) drawn as a closed curve
 * (r cos θ, r sin θ), so a direction-selective unit is a lobe pointing to its preferred
 * direction. vega-lite has no polar line mark; x and y are computed here.
 */
export function polarPlot(options: {
  title: string;
  directionsDeg: readonly number[];
  series: Readonly<Record<string, readonly number[]>>;
  /** Scale each series to its own maximum (default true: shapes compare, not sizes). */
  normalise?: boolean;
  size?: number;
}): VegaLiteSpec {
  const rows: { series: string; order: number; x: number; y: number; direction: number; response: number }[] = [];
  for (const [name, rs] of Object.entries(options.series)) {
    const max = options.normalise === false ? 1 : Math.max(...rs, 0) || 1;
    // One more point at the end closes the curve.
    for (let k = 0; k <= rs.length; k++) {
      const j = k % rs.length;
      const a = (options.directionsDeg[j]! * Math.PI) / 180;
      const r = rs[j]! / max;
      rows.push({ series: name, order: k, x: r * Math.cos(a), y: r * Math.sin(a), direction: options.directionsDeg[j]!, response: rs[j]! });
    }
  }
  const lim = options.normalise === false ? Math.max(...rows.map((r) => Math.hypot(r.x, r.y)), 1e-12) : 1;
  const axis = { title: null, grid: true, tickCount: 5 };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: options.title,
    width: options.size ?? 320,
    height: options.size ?? 320,
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', scale: { domain: [-lim, lim] }, axis },
      y: { field: 'y', type: 'quantitative', scale: { domain: [-lim, lim] }, axis },
      order: { field: 'order', type: 'quantitative' },
      color: { field: 'series', type: 'nominal', title: null },
      tooltip: [{ field: 'series' }, { field: 'direction' }, { field: 'response', format: '.4f' }],
    },
  } as VegaLiteSpec;
}

/**
 * An arrow field: at each point (x, y) a line to (x + u, y + v) with a dot at its base,
 * e.g. local motion estimates on an eye.
 */
export function arrowFieldPlot(options: {
  title: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  u: ArrayLike<number>;
  v: ArrayLike<number>;
  size?: number;
}): VegaLiteSpec {
  const rows = Array.from({ length: options.x.length }, (_, i) => ({
    x: options.x[i]!,
    y: options.y[i]!,
    x2: options.x[i]! + options.u[i]!,
    y2: options.y[i]! + options.v[i]!,
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: options.title,
    width: options.size ?? 420,
    height: options.size ?? 420,
    data: { values: rows },
    layer: [
      { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x: { field: 'x', type: 'quantitative', axis: { title: null } }, y: { field: 'y', type: 'quantitative', axis: { title: null } }, x2: { field: 'x2' }, y2: { field: 'y2' } } },
      { mark: { type: 'point', size: 6, filled: true }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
    ],
  } as VegaLiteSpec;
}
