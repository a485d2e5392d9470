/**
 * Webhook endpoints of an SP (design §4; issue 8 §6): `POST /v1/webhooks` registers a URL and
 * returns its signing secret ONCE; `GET` lists them (never the secret); `DELETE` removes one. An SP
 * sees only its own endpoints and events; another SP's are NOT_FOUND.
 */
import { randomBytes } from 'node:crypto';
import type { DeadLetterRecord, Store, WebhookEndpointRecord } from '../ports/store/index.ts';
import type { WebhookTargetPolicy } from '../ports/webhook-sender.ts';
import { DomainError } from '../../domain/errors.ts';
import type { SecretBox } from '../ports/secret-box.ts';
import type { Clock } from '../ports/clock.ts';
import { canSee, notFound, requireSp, type Principal } from '../access/principal.ts';
import { WEBHOOK_EVENTS } from '../../domain/notifications/webhooks.ts';
import { newTimePrefixedId } from '../ids/random-id.ts';
import type { WebhookPayload } from './outbox.ts';
import { decodeCursor, pageLimit, pageOf, toPage, type Page, type PageRequest } from '../pagination.ts';

export interface WebhookEndpointView {
  id: string;
  url: string;
  createdAt: string;
  /** The event kinds it is sent; absent = every event. */
  events?: string[];
}

export interface WebhookServiceOptions {
  /** Registration's URL check (issue 17 item 3); absent = any http(s) URL. */
  targets?: WebhookTargetPolicy;
  /** Live endpoints an SP may have (default 10). */
  maxEndpointsPerSp?: number;
}

export interface WebhookEventView {
  id: string;
  event: string;
  createdAt: string;
  payload: WebhookPayload;
  deliveries: {
    endpointId: string;
    state: string;
    attempts: number;
    lastError?: string;
    deliveredAt?: string;
  }[];
}

const view = (e: WebhookEndpointRecord): WebhookEndpointView => ({
  id: e.id,
  url: e.url,
  createdAt: e.createdAt,
  ...(e.events ? { events: e.events } : {}),
});

export class WebhookService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Signing secrets are stored sealed (issue 17 item 7); without a box (tests) they are stored as given. */
    private readonly secrets?: SecretBox,
    private readonly o: WebhookServiceOptions = {},
  ) {}

  async register(
    p: Principal,
    body: { url: string; secret?: string; events?: string[] },
  ): Promise<WebhookEndpointView & { secret: string }> {
    const spId = requireSp(p, 'registering a webhook');
    let url: URL;
    try {
      url = new URL(body.url);
    } catch {
      throw new DomainError('INVALID_REQUEST', 'url must be an absolute http(s) URL', 'url');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new DomainError('INVALID_REQUEST', 'url must be http or https', 'url');
    if (url.username || url.password)
      throw new DomainError('INVALID_REQUEST', 'url must not carry credentials', 'url');
    if (body.secret !== undefined && body.secret.length < 16)
      throw new DomainError('INVALID_REQUEST', 'secret must have at least 16 characters', 'secret');
    const unknown = (body.events ?? []).filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
    if (unknown.length) throw new DomainError('INVALID_REQUEST', `unknown event ${unknown[0]}`, 'events');
    if (body.events && body.events.length === 0)
      throw new DomainError(
        'INVALID_REQUEST',
        'events: name at least one, or leave it out for all',
        'events',
      );
    const max = this.o.maxEndpointsPerSp ?? 10;
    if ((await this.store.webhooks.endpointsOf(spId)).length >= max)
      throw new DomainError('WEBHOOK_LIMIT_REACHED', `an SP may have at most ${max} webhook endpoints`);
    try {
      await this.o.targets?.vet(url);
    } catch (err) {
      // the class of address, never whether something listens there (no port scanning through us)
      throw new DomainError('WEBHOOK_URL_FORBIDDEN', `url refused: ${(err as Error).message}`, 'url');
    }
    const rec: WebhookEndpointRecord = {
      id: newTimePrefixedId('whk'),
      spId,
      url: url.toString(),
      secret: body.secret ?? `whsec_${randomBytes(24).toString('base64url')}`,
      createdAt: this.clock.now().toISOString(),
      ...(body.events ? { events: [...new Set(body.events)] } : {}),
    };
    await this.store.webhooks.addEndpoint({
      ...rec,
      secret: this.secrets ? this.secrets.seal(rec.secret) : rec.secret,
    });
    return { ...view(rec), secret: rec.secret };
  }

  async list(p: Principal, q: PageRequest = {}): Promise<Page<WebhookEndpointView>> {
    const spId = requireSp(p, 'listing webhooks');
    // an SP has a handful of endpoints: read whole, cut in memory
    return pageOf((await this.store.webhooks.endpointsOf(spId)).map(view), q, (e) => [e.createdAt, e.id]);
  }

  async remove(p: Principal, id: string): Promise<void> {
    const e = await this.store.webhooks.endpoint(id);
    if (!e || e.deletedAt || !canSee(p, e.spId)) throw notFound(`webhook ${id}`);
    await this.store.webhooks.deleteEndpoint(id, this.clock.now().toISOString());
  }

  /** The SP's latest notifications with their delivery state (newest first). */
  async events(p: Principal, q: PageRequest = {}): Promise<Page<WebhookEventView>> {
    const spId = requireSp(p, 'listing webhook events');
    const limit = pageLimit(q, { defaultLimit: 100, maxLimit: 1000 });
    const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
    const page = toPage(await this.store.webhooks.events(spId, limit + 1, after), limit, (e) => [
      e.createdAt,
      e.id,
    ]);
    const out: WebhookEventView[] = [];
    for (const e of page.items) {
      const ds = await this.store.webhooks.deliveriesOf(e.id);
      out.push({
        id: e.id,
        event: e.event,
        createdAt: e.createdAt,
        payload: JSON.parse(e.payload) as WebhookPayload,
        deliveries: ds.map((d) => ({
          endpointId: d.endpointId,
          state: d.state,
          attempts: d.attempts,
          lastError: d.lastError,
          deliveredAt: d.deliveredAt,
        })),
      });
    }
    return { items: out, ...(page.next ? { next: page.next } : {}) };
  }

  /** Dead-lettered deliveries: an SP's own; the operator's of every SP or of `sp`. */
  async deadLetters(p: Principal, q: PageRequest & { sp?: string } = {}): Promise<Page<DeadLetterRecord>> {
    const spId = p.role === 'sp' ? p.spId : q.sp;
    const limit = pageLimit(q, { defaultLimit: 100, maxLimit: 1000 });
    const after = decodeCursor(q.cursor, 1) as [string] | undefined;
    const rows = await this.store.webhooks.deadLetters(spId, limit + 1, after?.[0]);
    return toPage(rows, limit, (d) => [d.id]);
  }

  /**
   * Queues dead-lettered deliveries again (issue 17 item 3: "nothing is lost"): an SP its own, the
   * operator any SP's (`sp`) or all; only `ids` / `endpointId` when given. Returns how many.
   */
  async replay(
    p: Principal,
    body: { ids?: string[]; endpointId?: string; sp?: string },
  ): Promise<{ replayed: number }> {
    const spId = p.role === 'sp' ? p.spId : body.sp;
    if (body.endpointId !== undefined) {
      const e = await this.store.webhooks.endpoint(body.endpointId);
      if (!e || !canSee(p, e.spId)) throw notFound(`webhook ${body.endpointId}`);
    }
    const replayed = await this.store.webhooks.replayDead(
      { spId, ids: body.ids, endpointId: body.endpointId },
      Date.now(),
    );
    return { replayed };
  }
}
