/** `--name value` from the command line, or the default. */
export function argValue(name: string, dflt: string): string {
  const args = process.argv.slice(2);
  const k = args.indexOf(`--${name}`);
  return k >= 0 && k + 1 < args.length ? args[k + 1]! : dflt;
}

/** Whether `--name` was given. */
export function argFlag(name: string): boolean {
  return process.argv.slice(2).includes(`--${name}`);
}

/** The command line's arguments that are neither one of `valued` (`--name value` flags) nor a value of one. */
export function positionalArgs(valued: readonly string[]): string[] {
  const args = process.argv.slice(2);
  const at = valued.map((name) => args.indexOf(`--${name}`)).filter((k) => k >= 0);
  return args.filter((_a, i) => !at.some((k) => i === k || i === k + 1));
}
