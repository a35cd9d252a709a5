import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isProcessAlive } from './processes';

describe('isProcessAlive', () => {
  it('is true for a running process and false for one that ended', async () => {
    const child = spawn('sleep', ['5']);
    expect(isProcessAlive(child.pid!)).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(isProcessAlive(child.pid!)).toBe(false);
  });

  it('is false for a zombie (an ended process its parent never reaps, as an orphan under a container’s init)', async () => {
    // The shell starts `sleep 0` and then becomes `sleep 3`, which never waits for it: a zombie for 3 s.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 3'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString()))));
      const state = () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1][0];
      for (let i = 0; i < 50 && state() !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
      expect(state()).toBe('Z');
      expect(isProcessAlive(pid)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
