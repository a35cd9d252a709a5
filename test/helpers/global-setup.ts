import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A directory for this run's seeded template (test-app.ts builds it on first use, so a unit-only run
 * builds nothing); the workers inherit its path.
 */
export default function globalSetup(): void {
  process.env.LRKB_TEST_TEMPLATE_DIR = mkdtempSync(join(tmpdir(), 'lrkb-template-'));
}
