/** A one-line progress bar on stderr (plain lines when stderr is not a terminal). */
export function progressBar(total: number): { step(label: string): void; done(): void } {
  let current = 0;
  const isTty = process.stderr.isTTY === true;
  const draw = (label: string) => {
    const width = 30;
    const filled = Math.round((current / total) * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${current}/${total} ${label}`;
    process.stderr.write(isTty ? `\r${line.padEnd(100)}` : `${line}\n`);
  };
  return {
    step(label) {
      draw(label);
      current++;
    },
    done() {
      draw('done');
      if (isTty) process.stderr.write('\n');
    },
  };
}
