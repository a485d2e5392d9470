/**
 * The provisioning worker (design §3: "an order due today completes in seconds"): runs a pass when
 * an order becomes due (bus `due`), on an interval (claims survive restarts and other instances'
 * crashes through leases, design §8), and a periodic drift check.
 */
import type { OrderBus } from '../orders/order-bus.ts';
import type { ProvisioningService } from './provisioning-service.ts';

export interface ProvisioningWorkerOptions {
  pollMs: number;
  /** 0 = no periodic drift check. */
  driftCheckMs: number;
  onError?: (e: unknown) => void;
}

export class ProvisioningWorker {
  private timer?: NodeJS.Timeout;
  private driftTimer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  private readonly onDue = () => this.kick();

  constructor(
    private readonly svc: ProvisioningService,
    private readonly bus: OrderBus,
    private readonly o: ProvisioningWorkerOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.bus.on('due', this.onDue);
    this.timer = setInterval(() => this.kick(), this.o.pollMs);
    this.timer.unref();
    if (this.o.driftCheckMs > 0) {
      this.driftTimer = setInterval(
        () => void this.svc.driftCheckAll().catch((e) => this.o.onError?.(e)),
        this.o.driftCheckMs,
      );
      this.driftTimer.unref();
    }
    this.kick();
  }

  /** A pass now (or right after the one running). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.svc.runOnce();
        } catch (e) {
          this.o.onError?.(e);
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when no pass is running (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.bus.off('due', this.onDue);
    if (this.timer) clearInterval(this.timer);
    if (this.driftTimer) clearInterval(this.driftTimer);
    await this.running;
  }
}
