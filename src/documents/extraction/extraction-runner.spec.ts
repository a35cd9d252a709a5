import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePdf } from '../../../test/fixtures/sample-documents';
import { idleExtractionProcessIds, runExtraction, stopIdleExtractionProcesses } from './extraction-runner';

/** The limits are enforced from outside the worker: a job past them is stopped and fails with its reason. */
describe('runExtraction (child process with limits)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrkb-runner-'));
  afterAll(() => {
    stopIdleExtractionProcesses();
    rmSync(dir, { recursive: true, force: true });
  });

  it('extracts a PDF page by page with pdf.js in a child process', async () => {
    const path = join(dir, 'ok.pdf');
    writeFileSync(path, await makePdf(['First page about water.', 'Second page about housing.']));
    const reply = await runExtraction(
      { path, format: 'pdf', options: { pdfExtractors: ['pdfjs'], timeoutMs: 60000, memoryMb: 256, ocr: null } },
      { timeoutMs: 60000, memoryMb: 256 },
    );
    expect(reply).toMatchObject({ ok: true, extractor: 'pdfjs', pageCount: 2 });
    if (reply.ok)
      expect(reply.passages.map((p) => [p.page, p.text])).toEqual([
        [1, 'First page about water.'],
        [2, 'Second page about housing.'],
      ]);
  });

  it('stops a job past its time limit with that reason', async () => {
    const path = join(dir, 'slow.pdf');
    writeFileSync(path, await makePdf(Array.from({ length: 400 }, (_, i) => `Page ${i} of a long plan.`)));
    const started = Date.now();
    const reply = await runExtraction({ path, format: 'pdf', options: { pdfExtractors: ['pdfjs'], timeoutMs: 100, memoryMb: 256, ocr: null } }, { timeoutMs: 100, memoryMb: 256 });
    expect(reply).toMatchObject({ ok: false, unexpected: false });
    if (!reply.ok) expect(reply.reason).toMatch(/time limit/);
    expect(Date.now() - started).toBeLessThan(30000);
  });

  it('does not count starting the child process against the file: a small file fits a limit shorter than the start', async () => {
    // Under jest the child loads its TypeScript through ts-node, which alone takes longer than this limit.
    const path = join(dir, 'small.txt');
    writeFileSync(path, 'A short plan about water and housing.\n');
    const reply = await runExtraction({ path, format: 'text', options: { pdfExtractors: [], timeoutMs: 400, memoryMb: 128, ocr: null } }, { timeoutMs: 400, memoryMb: 128 });
    expect(reply).toMatchObject({ ok: true, extractor: 'text' });
  });

  it('reads the next file in the same process after a good one, and never reuses one stopped at its limit', async () => {
    stopIdleExtractionProcesses();
    const path = join(dir, 'reuse.txt');
    writeFileSync(path, 'A plan about water.\n');
    const request = { path, format: 'text', options: { pdfExtractors: [], timeoutMs: 60000, memoryMb: 512, ocr: null } };
    expect(await runExtraction(request, { timeoutMs: 60000, memoryMb: 512 })).toMatchObject({ ok: true });
    const [pid] = idleExtractionProcessIds();
    expect(pid).toEqual(expect.any(Number));
    expect(await runExtraction(request, { timeoutMs: 60000, memoryMb: 512 })).toMatchObject({ ok: true });
    expect(idleExtractionProcessIds()).toEqual([pid]); // the same process, back in the pool
    const slow = join(dir, 'slow-reuse.pdf');
    writeFileSync(slow, await makePdf(Array.from({ length: 400 }, (_, i) => `Page ${i} of a long plan.`)));
    const stopped = await runExtraction(
      { path: slow, format: 'pdf', options: { pdfExtractors: ['pdfjs'], timeoutMs: 100, memoryMb: 512, ocr: null } },
      { timeoutMs: 100, memoryMb: 512 },
    );
    expect(stopped).toMatchObject({ ok: false, unexpected: false });
    expect(idleExtractionProcessIds()).toEqual([]); // it took the idle process, and that one was ended
  });

  it('stops a job that exceeds its heap limit with that reason', async () => {
    // 40 MB of one-letter words: splitting it into passages needs far more than a 32 MB heap.
    const path = join(dir, 'huge.txt');
    writeFileSync(path, Buffer.alloc(40 * 1024 * 1024, 'a b c d '));
    const reply = await runExtraction({ path, format: 'text', options: { pdfExtractors: [], timeoutMs: 60000, memoryMb: 32, ocr: null } }, { timeoutMs: 60000, memoryMb: 32 });
    expect(reply).toMatchObject({ ok: false, unexpected: false });
    if (!reply.ok) expect(reply.reason).toMatch(/more than 32 MB of memory/);
  });
});
