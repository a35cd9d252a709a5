/**
 * When a background worker looks for work: at once, whenever it is told (a new row, a new upload),
 * and every `intervalMs` as a backstop (another replica's rows, a lost signal). The timer never keeps
 * the process alive.
 */
export class Wakeups {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly intervalMs: number) {}

  start(wake: () => void, subscribe: (listener: () => void) => () => void): void {
    this.unsubscribe = subscribe(wake);
    this.timer = setInterval(wake, this.intervalMs);
    this.timer.unref();
    wake();
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe?.();
  }
}
