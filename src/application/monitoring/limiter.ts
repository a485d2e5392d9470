/** A counting semaphore: bounds how many OLT polls run at once (issue 6 §1 "bounded concurrency"). */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly max: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }

  get running(): number {
    return this.active;
  }
  get waiting(): number {
    return this.queue.length;
  }
}
