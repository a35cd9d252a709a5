/**
 * `npm run eval:search`: boots the service as the tests do (seed collection and documents, its own
 * Meilisearch), runs the judged query set and prints each query's rank, hit@3 and MRR.
 */
import { startTestApp } from '../helpers/test-app';
import { evaluate, table } from './search-relevance';

async function main(): Promise<void> {
  process.stderr.write('Starting the service with the seed collection…\n');
  const t = await startTestApp();
  try {
    await t.documentsSettled();
    process.stdout.write(`${table(await evaluate(t))}\n`);
  } finally {
    await t.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
