import { Command } from 'commander';
import { NeurostreamError } from '../core/errors.js';
import { registerDemo } from './commands/demo.js';
import { registerFilters } from './commands/filters.js';
import { registerFly } from './commands/fly.js';
import { registerFly2d } from './commands/fly2d.js';
import { registerFF } from './commands/ff.js';
import { registerBsp } from './commands/bsp.js';
import { registerSweep } from './commands/sweep.js';
import { registerWorker } from './commands/worker.js';
import { registerNir } from './commands/nir.js';

/** The `neurostream` command-line program; `npm start` runs its default command. */
export function buildProgram(): Command {
  const program = new Command();
  program.name('neurostream').description('simulate and train neuromorphic circuits').version('0.1.0');
  registerDemo(program);
  registerFilters(program);
  registerFly(program);
  registerFly2d(program);
  registerFF(program);
  registerBsp(program);
  registerSweep(program);
  registerWorker(program);
  registerNir(program);
  return program;
}

/** Run the CLI; with no command, run the default job. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  const args = argv.slice(2);
  if (args.length === 0 || args[0]!.startsWith('--') && !['--help', '-h', '--version', '-V'].includes(args[0]!)) {
    args.unshift(DEFAULT_COMMAND);
  }
  await program.parseAsync(args, { from: 'user' });
}

/** The command `npm start` runs. */
export const DEFAULT_COMMAND = 'fly';
