/**
 * `SqlWebhookRepository`: the `WebhookRepository` port (application/ports/store/webhooks.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import { batches, optNum, optStr, rowsOf, type Db, type SqlValue, keysetAfter } from '../db.ts';
import {
  type WebhookEndpointRecord,
  type WebhookEventRecord,
  type DeliveryState,
  type WebhookDeliveryRecord,
  type DueDelivery,
  type WebhookRepository,
  type DeadLetterRecord,
} from '../../../../application/ports/store/webhooks.ts';

const toEndpoint = (r: Record<string, unknown>): WebhookEndpointRecord => ({
  id: String(r.id),
  spId: String(r.sp_id),
  url: String(r.url),
  secret: String(r.secret),
  createdAt: String(r.created_at),
  deletedAt: optStr(r.deleted_at),
  ...(r.events != null ? { events: JSON.parse(String(r.events)) as string[] } : {}),
});
const toDelivery = (r: Record<string, unknown>): WebhookDeliveryRecord => ({
  id: String(r.id),
  eventId: String(r.event_id),
  endpointId: String(r.endpoint_id),
  state: r.state as DeliveryState,
  attempts: Number(r.attempts),
  nextAttemptAt: Number(r.next_attempt_at),
  leaseOwner: optStr(r.lease_owner),
  leaseUntil: optNum(r.lease_until),
  lastError: optStr(r.last_error),
  deliveredAt: optStr(r.delivered_at),
});

export class SqlWebhookRepository implements WebhookRepository {
  constructor(private readonly db: Db) {}

  async addEndpoint(e: WebhookEndpointRecord): Promise<void> {
    await this.db.run(
      'INSERT INTO webhook_endpoints (id, sp_id, url, secret, created_at, events) VALUES (?, ?, ?, ?, ?, ?)',
      [e.id, e.spId, e.url, e.secret, e.createdAt, e.events ? JSON.stringify(e.events) : null],
    );
  }

  async endpoint(id: string): Promise<WebhookEndpointRecord | undefined> {
    const r = await this.db.get('SELECT * FROM webhook_endpoints WHERE id = ?', [id]);
    return r && toEndpoint(r);
  }
  async endpointsOf(spId: string): Promise<WebhookEndpointRecord[]> {
    return (
      await this.db.all(
        'SELECT * FROM webhook_endpoints WHERE sp_id = ? AND deleted_at IS NULL ORDER BY created_at, id',
        [spId],
      )
    ).map(toEndpoint);
  }
  async deleteEndpoint(id: string, at: string): Promise<boolean> {
    return (
      (
        await this.db.run('UPDATE webhook_endpoints SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL', [
          at,
          id,
        ])
      ).changes > 0
    );
  }
  async enqueueMany(
    events: readonly WebhookEventRecord[],
    deliveryIds: (endpointId: string) => string,
    firstAttemptAt: number,
  ): Promise<number> {
    const endpoints = new Map<string, WebhookEndpointRecord[]>();
    const deliveries: SqlValue[][] = [];
    for (const part of batches(this.db.dialect, events)) {
      const v = rowsOf(
        this.db.dialect,
        part.map((e) => [e.id, e.spId, e.event, e.payload, e.createdAt]),
      );
      await this.db.run(
        `INSERT INTO webhook_events (id, sp_id, event, payload, created_at)
         SELECT v.column1, v.column2, v.column3, v.column4, v.column5 FROM ${v.sql}`,
        v.params,
      );
      for (const e of part) {
        let eps = endpoints.get(e.spId);
        if (!eps) endpoints.set(e.spId, (eps = await this.endpointsOf(e.spId)));
        // subscriptions: an endpoint with a list of event kinds gets only those
        for (const ep of eps)
          if (!ep.events || ep.events.includes(e.event))
            deliveries.push([deliveryIds(ep.id), e.id, ep.id, firstAttemptAt]);
      }
    }
    for (const part of batches(this.db.dialect, deliveries)) {
      const v = rowsOf(this.db.dialect, part, ['text', 'text', 'text', 'bigint']);
      await this.db.run(
        `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, state, attempts, next_attempt_at)
         SELECT v.column1, v.column2, v.column3, 'pending', 0, v.column4 FROM ${v.sql}`,
        v.params,
      );
    }
    return deliveries.length;
  }

  async enqueue(
    e: WebhookEventRecord,
    deliveryIds: (endpointId: string) => string,
    firstAttemptAt: number,
  ): Promise<number> {
    await this.db.run(
      'INSERT INTO webhook_events (id, sp_id, event, payload, created_at) VALUES (?, ?, ?, ?, ?)',
      [e.id, e.spId, e.event, e.payload, e.createdAt],
    );
    // subscriptions: an endpoint with a list of event kinds gets only those
    const eps = (await this.endpointsOf(e.spId)).filter((ep) => !ep.events || ep.events.includes(e.event));
    for (const ep of eps) {
      await this.db.run(
        `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, state, attempts, next_attempt_at) VALUES (?, ?, ?, 'pending', 0, ?)`,
        [deliveryIds(ep.id), e.id, ep.id, firstAttemptAt],
      );
    }
    return eps.length;
  }

  async events(
    spId: string,
    limit = 100,
    afterKey?: readonly [string, string],
  ): Promise<WebhookEventRecord[]> {
    const after = keysetAfter(
      [
        { col: 'created_at', desc: true },
        { col: 'id', desc: true },
      ],
      afterKey,
    );
    const rows = await this.db.all(
      `SELECT * FROM webhook_events WHERE sp_id = ? ${after ? `AND ${after.sql}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`,
      [spId, ...(after?.params ?? []), limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      spId: String(r.sp_id),
      event: String(r.event),
      payload: String(r.payload),
      createdAt: String(r.created_at),
    }));
  }

  async deliveriesOf(eventId: string): Promise<WebhookDeliveryRecord[]> {
    return (
      await this.db.all('SELECT * FROM webhook_deliveries WHERE event_id = ? ORDER BY id', [eventId])
    ).map(toDelivery);
  }

  async countByState(): Promise<Record<DeliveryState, number>> {
    const out: Record<DeliveryState, number> = { pending: 0, delivered: 0, failed: 0 };
    for (const r of await this.db.all<{ state: DeliveryState; n: number }>(
      'SELECT state, COUNT(*) AS n FROM webhook_deliveries GROUP BY state',
    ))
      out[r.state] = Number(r.n);
    return out;
  }
  async releaseLeasesOf(owner: string): Promise<number> {
    const r = await this.db.run(
      `UPDATE webhook_deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ? AND state = 'pending'`,
      [owner],
    );
    return r.changes;
  }
  async claimDue(owner: string, leaseMs: number, now: number, limit = 50): Promise<DueDelivery[]> {
    const lock = this.db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    const claimed = await this.db.all(
      `UPDATE webhook_deliveries SET lease_owner = ?, lease_until = ? WHERE id IN (
         SELECT id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
         ORDER BY next_attempt_at, id LIMIT ? ${lock})
       RETURNING *`,
      [owner, now + leaseMs, now, now, limit],
    );
    if (claimed.length === 0) return [];
    const ids = claimed.map((r) => String(r.id));
    const rows = await this.db.all(
      `SELECT d.*, p.url, p.secret, p.deleted_at AS endpoint_deleted, e.event, e.payload FROM webhook_deliveries d
         JOIN webhook_endpoints p ON p.id = d.endpoint_id JOIN webhook_events e ON e.id = d.event_id
       WHERE d.id IN (${ids.map(() => '?').join(', ')}) AND d.lease_owner = ? ORDER BY d.next_attempt_at, d.id`,
      [...ids, owner],
    );
    const out: DueDelivery[] = [];
    for (const r of rows) {
      if (r.endpoint_deleted != null) {
        await this.finish(String(r.id), owner, 'failed', { error: 'endpoint deleted' });
        continue;
      }
      out.push({
        ...toDelivery(r),
        url: String(r.url),
        secret: String(r.secret),
        event: String(r.event),
        payload: String(r.payload),
      });
    }
    return out;
  }
  async finish(
    id: string,
    owner: string,
    state: DeliveryState,
    o: { at?: string; error?: string; retryAt?: number } = {},
  ): Promise<boolean> {
    const r = await this.db.run(
      `UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, last_error = ?, delivered_at = ?,
         next_attempt_at = COALESCE(?, next_attempt_at), lease_owner = NULL, lease_until = NULL
       WHERE id = ? AND lease_owner = ? AND state = 'pending'`,
      [
        state,
        o.error ?? null,
        state === 'delivered' ? (o.at ?? new Date().toISOString()) : null,
        o.retryAt ?? null,
        id,
        owner,
      ],
    );
    return r.changes > 0;
  }
  async requeueFailed(now: number): Promise<number> {
    return (
      await this.db.run(
        `UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = ? WHERE state = 'failed'`,
        [now],
      )
    ).changes;
  }

  async deadLetters(spId: string | undefined, limit: number, afterId?: string): Promise<DeadLetterRecord[]> {
    // a delivery to an endpoint the SP removed is not a dead letter: it cannot be replayed
    const where = ["d.state = 'failed'", 'p.deleted_at IS NULL'];
    const params: SqlValue[] = [];
    if (spId !== undefined) {
      where.push('e.sp_id = ?');
      params.push(spId);
    }
    if (afterId !== undefined) {
      where.push('d.id > ?');
      params.push(afterId);
    }
    const rows = await this.db.all(
      `SELECT d.*, e.sp_id, e.event, e.created_at AS event_created_at, p.url FROM webhook_deliveries d
         JOIN webhook_events e ON e.id = d.event_id JOIN webhook_endpoints p ON p.id = d.endpoint_id
       WHERE ${where.join(' AND ')} ORDER BY d.id LIMIT ?`,
      [...params, limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      eventId: String(r.event_id),
      endpointId: String(r.endpoint_id),
      spId: String(r.sp_id),
      event: String(r.event),
      url: String(r.url),
      attempts: Number(r.attempts),
      lastError: optStr(r.last_error),
      createdAt: String(r.event_created_at),
    }));
  }

  async replayDead(
    f: { spId?: string; ids?: readonly string[]; endpointId?: string },
    now: number,
  ): Promise<number> {
    const where = ["state = 'failed'"];
    const params: SqlValue[] = [now];
    if (f.spId !== undefined) {
      where.push('event_id IN (SELECT id FROM webhook_events WHERE sp_id = ?)');
      params.push(f.spId);
    }
    if (f.ids) {
      if (f.ids.length === 0) return 0;
      where.push(`id IN (${f.ids.map(() => '?').join(', ')})`);
      params.push(...f.ids);
    }
    if (f.endpointId !== undefined) {
      where.push('endpoint_id = ?');
      params.push(f.endpointId);
    }
    where.push('endpoint_id IN (SELECT id FROM webhook_endpoints WHERE deleted_at IS NULL)');
    return (
      await this.db.run(
        `UPDATE webhook_deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL
         WHERE ${where.join(' AND ')}`,
        params,
      )
    ).changes;
  }
}
