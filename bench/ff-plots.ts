/**
 * Redraw the FF training curves (docs/img/ff-<name>-*.svg) from the run reports in
 * bench/results/ff-*.json (each holds every epoch's record).
 *
 *   npx tsx bench/ff-plots.ts bench/results/ff-dense.json bench/results/ff-conv-fourier.json
 *
 * The curves are named after the run (`config.name`); `file=name` names them otherwise (a run
 * continued or fine-tuned under its old name: bench/results/ff-far-hard.json=far-hard).
 */
import { readFileSync } from 'node:fs';
import { plotFFCurves } from '../src/analysis/ffCurves.js';

for (const arg of process.argv.slice(2)) {
  const [file, as] = arg.split('=') as [string, string | undefined];
  const r = JSON.parse(readFileSync(file, 'utf8')) as { config: { name: string }; history: Parameters<typeof plotFFCurves>[2] };
  const paths = await plotFFCurves('docs/img', as || r.config.name, r.history);
  console.log(paths.join('\n'));
}
