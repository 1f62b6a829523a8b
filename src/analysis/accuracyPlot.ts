import { linePlot, type VegaLiteSpec } from './plot.js';

/** Accuracy against epoch with points, the y axis fitted to the data rather than from 0. */
export function accuracyPlot(title: string, series: Record<string, number[]>, epochs: number[]): VegaLiteSpec {
  const spec = linePlot({ title, series, x: epochs, xTitle: 'epoch', yTitle: 'accuracy (%)' }) as VegaLiteSpec & {
    mark: unknown;
    encoding: { x: { axis?: unknown }; y: { scale?: unknown } };
  };
  spec.mark = { type: 'line', point: true };
  spec.encoding.x.axis = { tickMinStep: 1, format: 'd' }; // epochs are whole numbers
  spec.encoding.y.scale = { zero: false };
  return spec;
}
