/**
 * Runs an async task at most once per `intervalMs`, never twice at once, and once more after the
 * last request — the task reads the newest state when it runs, so updates coalesce and never arrive
 * out of order. A burst of cursor moves becomes one send now and one at the end.
 */
export class SerialThrottle {
  private pending = false;
  private urgent = false;
  private running = false;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** `immediate` skips the interval (not the one-at-a-time rule), e.g. for a page change. */
  request({ immediate = false }: { immediate?: boolean } = {}): void {
    if (this.stopped) return;
    this.pending = true;
    if (this.running) {
      this.urgent ||= immediate;
      return;
    }
    const wait = immediate ? 0 : Math.max(0, this.lastStart + this.intervalMs - this.now());
    if (wait === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.run();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.run();
      }, wait);
    }
  }

  /** Drops anything pending; a task in flight finishes but nothing follows it. */
  stop(): void {
    this.stopped = true;
    this.pending = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    if (!this.pending || this.stopped) return;
    this.pending = false;
    this.running = true;
    this.lastStart = this.now();
    this.task()
      .catch(() => {})
      .finally(() => {
        this.running = false;
        const immediate = this.urgent;
        this.urgent = false;
        if (this.pending) this.request({ immediate });
      });
  }
}
