/**
 * The provisioning worker (design §3: "an order due today completes in seconds"): runs a pass when
 * an order becomes due (bus `due`), on an interval (claims survive restarts and other instances'
 * crashes through leases, design §8), and a periodic drift check.
 */
import type { OrderBus } from '../orders/order-bus.ts';
import type { OrderRecord } from '../ports/store/index.ts';
import { PROVISIONED_CATEGORIES } from './order-plan.ts';
import type { Cancel, Scheduler } from '../ports/scheduler.ts';
import type { ProvisioningService } from './provisioning-service.ts';

export interface ProvisioningWorkerOptions {
  pollMs: number;
  /**
   * After a pass that found nothing to do, the interval only starts another once this long has passed
   * (default pollMs). Work that appears on this instance kicks it at once (bus `due`, a dead
   * instance's work); the interval looks for what others left, and each look asks the store about
   * every OLT with open orders: instances that had finished their OLTs asked five times a second
   * while the others still worked, when that read every open order the most expensive statement of
   * a run with 3 instances at 16 384 open orders (issue 16).
   */
  idlePollMs?: number;
  /** 0 = no periodic drift check. */
  driftCheckMs: number;
  onError?: (e: unknown) => void;
}

export class ProvisioningWorker {
  private cancelPoll?: Cancel;
  private cancelDrift?: Cancel;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  /** When the last pass ended having found nothing (scheduler time), else undefined. */
  private idleSince?: number;
  // only an order a pass can carry out starts one: a due fault ticket is not provisioned (the pass would
  // claim nothing), and a flood of them made a pass per ticket (issue 17 item 4, bench fairness)
  private readonly onDue = (o: OrderRecord) => {
    if (PROVISIONED_CATEGORIES.includes(o.category)) this.kick();
  };

  constructor(
    private readonly svc: ProvisioningService,
    private readonly bus: OrderBus,
    private readonly scheduler: Scheduler,
    private readonly o: ProvisioningWorkerOptions,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.bus.on('due', this.onDue);
    this.cancelPoll = this.scheduler.every(this.o.pollMs, () => this.poll());
    if (this.o.driftCheckMs > 0) {
      this.cancelDrift = this.scheduler.every(
        this.o.driftCheckMs,
        () => void this.svc.driftCheckAll().catch((e) => this.o.onError?.(e)),
      );
    }
    this.kick();
  }

  private poll(): void {
    const idle = this.idleSince !== undefined ? this.scheduler.elapsedMs() - this.idleSince : Infinity;
    if (idle >= (this.o.idlePollMs ?? this.o.pollMs)) this.kick();
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
          const out = await this.svc.runOnce();
          this.idleSince = out.length ? undefined : this.scheduler.elapsedMs();
        } catch (e) {
          this.idleSince = undefined;
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
    this.cancelPoll?.();
    this.cancelDrift?.();
    await this.running;
  }
}
