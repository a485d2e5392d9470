/**
 * Runs the order service's tick on an interval (config.poll.schedulerMs). Ticks never overlap; an
 * error is reported and the next tick tries again.
 */
export class Ticker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly fn: () => Promise<unknown>,
    private readonly everyMs: number,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  start(): this {
    if (!this.timer) {
      this.timer = setInterval(() => void this.runOnce(), this.everyMs);
      this.timer.unref();
    }
    return this;
  }

  /** One run now (waits for a run in progress instead of overlapping it). */
  async runOnce(): Promise<void> {
    if (this.running) {
      await this.running;
      return;
    }
    this.running = this.fn()
      .catch(this.onError)
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
