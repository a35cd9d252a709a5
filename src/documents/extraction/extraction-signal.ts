import { Injectable } from '@nestjs/common';

/** "A document was queued for extraction": lets the worker start at once instead of at its next poll. */
@Injectable()
export class ExtractionSignal {
  private readonly listeners = new Set<() => void>();

  notify(): void {
    setImmediate(() => this.listeners.forEach((listener) => listener()));
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
