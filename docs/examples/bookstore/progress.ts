/** A one-line progress bar on stderr (a line per phase when stderr is not a terminal). */
export class ProgressBar {
  private done = 0;
  private phase = '';

  constructor(private readonly total: number) {}

  start(phase: string): void {
    this.phase = phase;
    if (!process.stderr.isTTY) process.stderr.write(`  ${phase}…\n`);
    this.draw();
  }

  tick = (): void => {
    this.done += 1;
    this.draw();
  };

  finish(): void {
    if (process.stderr.isTTY) process.stderr.write('\n');
  }

  private draw(): void {
    if (!process.stderr.isTTY) return;
    const width = 30;
    const filled = Math.round((this.done / this.total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    process.stderr.write(`\r  [${bar}] ${String(this.done).padStart(4)}/${this.total}  ${this.phase.padEnd(28)}`);
  }
}
