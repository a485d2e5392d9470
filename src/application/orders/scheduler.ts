/**
 * Runs a background job (the order service's tick, forced orders, lifecycle jobs) every `everyMs`
 * on the injected scheduler. Runs never overlap; an error is reported and the next run tries again.
 */
import type { Cancel, Scheduler } from '../ports/scheduler.ts';

export class Ticker {
  private cancel?: Cancel;
  private running?: Promise<unknown>;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly fn: () => Promise<unknown>,
    private readonly everyMs: number,
    private readonly onError: (e: unknown) => void = () => undefined,
  ) {}

  start(): this {
    this.cancel ??= this.scheduler.every(this.everyMs, () => void this.runOnce());
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
    this.cancel?.();
    this.cancel = undefined;
    await this.running;
  }
}
