import type { TopLevelSpec } from 'vega-lite';

/** A Vega-Lite specification, as the plot builders return and `renderSvg` draws. */
export type VegaLiteSpec = TopLevelSpec;

/** Render a vega-lite spec to an SVG string (headless: no canvas, no browser). */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  // Loaded on first use: vega is large, and most users of the package never plot.
  // One after the other: they share modules, and jest's ESM loader trips on parallel links.
  const { View, parse } = await import('vega');
  const { compile } = await import('vega-lite');
  const vg = compile(spec).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Render a vega-lite spec and write it as an SVG file (atomically); returns the path. */
export async function writeSvg(path: string, spec: VegaLiteSpec): Promise<string> {
  const { atomicWriteFile } = await import('../sim/serialize.js'); // Node only: loaded on use
  atomicWriteFile(path, await renderSvg(spec));
  return path;
}

/** Rows for a multi-series line plot: one row per (series, x, y). */
export function seriesRows(
  series: Record<string, ArrayLike<number>>,
  x?: ArrayLike<number>,
): {
  /** The series' name. */
  series: string;
  /** The x value (the index when no `x` is given). */
  x: number;
  /** The value. */
  y: number;
}[] {
  const rows: { series: string; x: number; y: number }[] = [];
  for (const [name, ys] of Object.entries(series)) {
    for (let k = 0; k < ys.length; k++) rows.push({ series: name, x: x ? x[k]! : k, y: ys[k]! });
  }
  return rows;
}

/** A line plot of named series against a shared x axis. */
export function linePlot(options: {
  title: string;
  series: Record<string, ArrayLike<number>>;
  x?: ArrayLike<number>;
  xTitle?: string;
  yTitle?: string;
  width?: number;
  height?: number;
  xScale?: 'linear' | 'log';
}): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: options.title,
    width: options.width ?? 420,
    height: options.height ?? 240,
    data: { values: seriesRows(options.series, options.x) },
    mark: { type: 'line', point: false },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle ?? 'x', scale: { type: options.xScale ?? 'linear', nice: false } },
      y: { field: 'y', type: 'quantitative', title: options.yTitle ?? 'y' },
      color: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 400 } },
    },
  } as VegaLiteSpec;
}
