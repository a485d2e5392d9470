/**
 * Webhook endpoints and the persisted outbox (design §4 "Webhooks", issue 8 §6). Events are written
 * in the transaction of the state change that causes them, with one delivery row per endpoint of
 * the SP; the delivery worker claims due deliveries under leases (PostgreSQL: FOR UPDATE SKIP
 * LOCKED; SQLite: one atomic UPDATE … RETURNING), so a crashed worker's claim runs out and nothing
 * is lost or delivered by two workers at once.
 */

export interface WebhookEndpointRecord {
  id: string;
  spId: string;
  url: string;
  secret: string;
  createdAt: string;
  deletedAt?: string;
  /** The event kinds it is sent (issue 14 §7 subscriptions); absent = every event. */
  events?: string[];
}

/** A delivery that gave up after its last attempt (issue 17 item 3: kept, listed, replayable). */
export interface DeadLetterRecord {
  id: string;
  eventId: string;
  endpointId: string;
  spId: string;
  event: string;
  url: string;
  attempts: number;
  lastError?: string;
  createdAt: string;
}

export interface WebhookEventRecord {
  id: string;
  spId: string;
  event: string;
  /** The exact JSON body that is POSTed (signed as is). */
  payload: string;
  createdAt: string;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryRecord {
  id: string;
  eventId: string;
  endpointId: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: number;
  leaseOwner?: string;
  leaseUntil?: number;
  lastError?: string;
  deliveredAt?: string;
}

/** A claimed delivery with what it needs to be sent. */
export interface DueDelivery extends WebhookDeliveryRecord {
  url: string;
  secret: string;
  event: string;
  payload: string;
}

export interface WebhookRepository {
  addEndpoint(e: WebhookEndpointRecord): Promise<void>;

  endpoint(id: string): Promise<WebhookEndpointRecord | undefined>;

  /** Live (not deleted) endpoints of an SP. */
  endpointsOf(spId: string): Promise<WebhookEndpointRecord[]>;

  /** Soft delete: pending deliveries to it are dropped by the worker. */
  deleteEndpoint(id: string, at: string): Promise<boolean>;

  /** Writes the event and one pending delivery per live endpoint of its SP (call inside the state change's transaction). */
  enqueue(
    e: WebhookEventRecord,
    deliveryIds: (endpointId: string) => string,
    firstAttemptAt: number,
  ): Promise<number>;

  /** `enqueue` for many events at once (provisioning's batches): multi-row statements; deliveries written. */
  enqueueMany(
    events: readonly WebhookEventRecord[],
    deliveryIds: (endpointId: string) => string,
    firstAttemptAt: number,
  ): Promise<number>;

  events(
    spId: string,
    limit?: number,
    after?: readonly [createdAt: string, id: string],
  ): Promise<WebhookEventRecord[]>;

  deliveriesOf(eventId: string): Promise<WebhookDeliveryRecord[]>;

  countByState(): Promise<Record<DeliveryState, number>>;

  /**
   * A dead instance's delivery leases are let go at once (issue 17 item 6): what it was sending is
   * sent again by whoever claims it next (at least once, as after any lease that ran out).
   */
  releaseLeasesOf(owner: string): Promise<number>;

  /** Claims up to `limit` pending deliveries due at `now` whose lease is free or expired. */
  claimDue(owner: string, leaseMs: number, now: number, limit?: number): Promise<DueDelivery[]>;

  /**
   * Ends an attempt of a delivery this owner holds: delivered, failed for good, or pending again at
   * `retryAt`. Guarded by the lease owner so a worker whose lease ran out cannot overwrite another's.
   */
  finish(
    id: string,
    owner: string,
    state: DeliveryState,
    o?: { at?: string; error?: string; retryAt?: number },
  ): Promise<boolean>;

  /** Operator: put failed deliveries back in the queue. */
  requeueFailed(now: number): Promise<number>;

  /** Dead-lettered deliveries (state failed) of one SP, or of all; keyset by delivery id. */
  deadLetters(spId: string | undefined, limit: number, afterId?: string): Promise<DeadLetterRecord[]>;

  /**
   * Puts dead-lettered deliveries back in the queue (attempts from 0, due at `now`): those of `spId`
   * (all SPs when absent), only `ids` / only `endpointId` when given; never one to a deleted endpoint.
   */
  replayDead(
    f: { spId?: string; ids?: readonly string[]; endpointId?: string },
    now: number,
  ): Promise<number>;
}
