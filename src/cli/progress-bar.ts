/** A one-line progress bar on a terminal; plain lines when output is piped (CI logs). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let lastStep = '';
  return (step: string, done: number, total: number): void => {
    if (stream.isTTY) {
      const width = 30;
      const filled = total ? Math.round((done / total) * width) : width;
      stream.write(`\r${step.padEnd(18)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      if (done === total) stream.write('\n');
    } else if (done === total || step !== lastStep) {
      if (done === total) stream.write(`${step}: ${done}/${total}\n`);
    }
    lastStep = step;
  };
}
