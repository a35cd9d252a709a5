import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * `npm start` compiles with tsconfig.build.json first (prestart), whose types differ from the test
 * run's (ts-jest transpiles and the e2e servers run through ts-node, neither type-checks that way):
 * a type error there would break `npm ci && npm start` on a fresh clone while every other test passes.
 */
describe('the production build', () => {
  it('type-checks with tsconfig.build.json, as `npm start` builds it', async () => {
    const root = join(__dirname, '..');
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    await expect(promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--noEmit'], { cwd: root, maxBuffer: 10 * 1024 * 1024 })).resolves.toBeDefined();
  }, 180_000);
});
