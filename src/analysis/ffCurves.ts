import { join } from 'node:path';
import type { FFEpochRecord } from '../circuits/ff/ffTrainer.js';
import { linePlot, writeSvg } from './plot.js';

/** A line plot whose y axis fits the data instead of starting at zero. */
function fittedPlot(options: Parameters<typeof linePlot>[0]): ReturnType<typeof linePlot> {
  const spec = linePlot(options) as { encoding: { y: Record<string, unknown> } };
  spec.encoding.y.scale = { zero: false };
  return spec as ReturnType<typeof linePlot>;
}

/** Accuracy and separation curves of a run, one SVG file each. */
export async function plotFFCurves(dir: string, name: string, history: readonly FFEpochRecord[]): Promise<string[]> {
  const x = history.map((h) => h.epoch);
  const acc = await writeSvg(
    join(dir, `ff-${name}-accuracy.svg`),
    fittedPlot({
      title: `FF ${name}: test accuracy`,
      x,
      xTitle: 'epoch',
      yTitle: 'accuracy',
      series: {
        'goodness, layers 2+': history.map((h) => h.goodness),
        'goodness, all': history.map((h) => h.goodnessAllLayers),
        linear: history.map((h) => h.linear),
      },
    }),
  );
  const layers = history[0]?.layerSeparation.length ?? 0;
  const sep: Record<string, number[]> = {};
  for (let k = 0; k < layers; k++) sep[`layer ${k + 1}`] = history.map((h) => h.layerSeparation[k]!);
  const s = await writeSvg(
    join(dir, `ff-${name}-separation.svg`),
    fittedPlot({ title: `FF ${name}: positive/negative separation (train)`, x, xTitle: 'epoch', yTitle: 'share on the right side of θ', series: sep }),
  );
  return [acc, s];
}
