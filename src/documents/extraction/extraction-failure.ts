/** Extraction cannot succeed for this file; the message is the human-readable failureReason. */
export class ExtractionFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExtractionFailure';
  }
}
