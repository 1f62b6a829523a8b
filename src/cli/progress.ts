import { SingleBar, Presets } from 'cli-progress';

/**
 * A progress bar for long CLI work. On a terminal it redraws in place; elsewhere (CI,
 * logs) it prints a line every 10 % so logs stay readable.
 */
export class Progress {
  private bar: SingleBar | null = null;
  private lastPct = -1;

  constructor(private readonly label: string, private readonly total: number, private readonly quiet = false) {
    if (quiet) return;
    if (process.stderr.isTTY) {
      this.bar = new SingleBar(
        { format: `${label.padEnd(22)} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left {note}`, stream: process.stderr, hideCursor: true },
        Presets.shades_classic,
      );
      this.bar.start(total, 0, { note: '' });
    }
  }

  update(value: number, note = ''): void {
    if (this.quiet) return;
    if (this.bar) {
      this.bar.update(value, { note });
      return;
    }
    const pct = Math.floor((100 * value) / Math.max(1, this.total) / 10) * 10;
    if (pct > this.lastPct) {
      this.lastPct = pct;
      process.stderr.write(`${this.label}: ${pct}% (${value}/${this.total}) ${note}\n`);
    }
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
