/**
 * Runs in a child process (see extraction-runner.ts): extracts one file's text and splits it into
 * passages. Whatever a hostile file does here, the service's process is untouched; the runner enforces
 * the time and memory limits from outside.
 */
import { ExtractionFailure } from './extraction-failure';
import { extract } from './extractors';
import { detectLanguage, loadLanguageDetector } from './language';
import { splitPassages } from './passages';
import { whenRecognitionStarts } from '../ocr/recognise-pages';
import { CHILD_READY, CHILD_RECOGNISING, jobTimeLimitMs, type ExtractedPassage, type ExtractionReply, type ExtractionRequest } from './extraction-protocol';

/** Passages long enough to tell their own language get it; the others take the document's. */
const MIN_CHARS_FOR_OWN_LANGUAGE = 200;
/** A passage's language is judged by its beginning. */
const PASSAGE_LANGUAGE_SAMPLE = 600;

export async function extractPassages(request: ExtractionRequest): Promise<ExtractionReply> {
  try {
    const result = await extract(request.path, request.format, request.options);
    const language = await detectLanguage(result.units.map((u) => u.text).join('\n'));
    const passages: ExtractedPassage[] = [];
    for (const draft of splitPassages(result.units)) {
      const own = draft.text.length >= MIN_CHARS_FOR_OWN_LANGUAGE ? await detectLanguage(draft.text, PASSAGE_LANGUAGE_SAMPLE) : null;
      passages.push({ ...draft, language: own ?? language });
    }
    return { ok: true, extractor: result.extractor, pageCount: result.pageCount, language, passages, ocr: result.ocr ?? null };
  } catch (error) {
    if (error instanceof ExtractionFailure) return { ok: false, reason: error.message, unexpected: false };
    return { ok: false, reason: `Extraction failed unexpectedly: ${(error as Error)?.message ?? String(error)}`, unexpected: true };
  }
}

/** This process leads its own group (see extraction-runner.ts): ending the group ends pdftotext too. */
function endGroup(): never {
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    // not a group leader (run by hand): exit alone
  }
  process.exit(1);
}

if (require.main === module && process.send) {
  // Never outlive the service (it may have been killed without a chance to stop this process), nor let a child outlive this one.
  process.once('disconnect', endGroup);
  whenRecognitionStarts(() => process.send!(CHILD_RECOGNISING));
  // One file at a time, as many as the runner sends (it retires this process after a while, and at once after any trouble).
  process.on('message', (request: ExtractionRequest) => {
    if (request.scratch) process.env.TMPDIR = request.scratch;
    const backstop = setTimeout(endGroup, jobTimeLimitMs(request.options) + 5000);
    void extractPassages(request).then((reply) => {
      clearTimeout(backstop);
      process.send!(reply);
    });
  });
  // The code is loaded (the language detector too: every file needs it): the runner starts the file's time limit now and sends the request.
  // A detector that fails to load is reported by the extraction itself, with the file.
  const ready = () => process.send!(CHILD_READY);
  void loadLanguageDetector().then(ready, ready);
}
