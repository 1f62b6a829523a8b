import type { Command } from 'commander';

/**
 * The command line a command was run with, as result files record it: `neurostream` and the
 * arguments the program parsed (commander keeps them as the root command's `rawArgs`), the default
 * command included where `main()` supplied it. Not `process.argv`: under a programmatic call (a
 * test, a sweep job, another tool calling `main()`) that names the caller, not the command run.
 * The CLI parses with `{ from: 'user' }` (main, sweep jobs), so `rawArgs` holds only the arguments.
 */
export function commandLine(cmd: Command): string {
  let root = cmd;
  while (root.parent) root = root.parent;
  const args = (root as Command & { rawArgs?: string[] }).rawArgs ?? [];
  return `neurostream ${args.join(' ')}`.trim();
}
