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
