/**
 * Webhook endpoints of an SP (design §4; issue 8 §6): `POST /v1/webhooks` registers a URL and
 * returns its signing secret ONCE; `GET` lists them (never the secret); `DELETE` removes one. An SP
 * sees only its own endpoints and events; another SP's are NOT_FOUND.
 */
import { randomBytes } from 'node:crypto';
import type { Store, WebhookEndpointRecord } from '../ports/store/index.ts';
import { DomainError } from '../../domain/errors.ts';
import type { SecretBox } from '../ports/secret-box.ts';
import type { Clock } from '../ports/clock.ts';
import { canSee, notFound, requireSp, type Principal } from '../access/principal.ts';
import { newTimePrefixedId } from '../ids/random-id.ts';
import type { WebhookPayload } from './outbox.ts';
import { decodeCursor, pageLimit, pageOf, toPage, type Page, type PageRequest } from '../pagination.ts';

export interface WebhookEndpointView {
  id: string;
  url: string;
  createdAt: string;
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
});

export class WebhookService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Signing secrets are stored sealed (issue 17 item 7); without a box (tests) they are stored as given. */
    private readonly secrets?: SecretBox,
  ) {}

  async register(
    p: Principal,
    body: { url: string; secret?: string },
  ): Promise<WebhookEndpointView & { secret: string }> {
    const spId = requireSp(p, 'registering a webhook');
    let url: URL;
    try {
      url = new URL(body.url);
    } catch {
      throw new DomainError('INCOMPLETE_ORDER', 'url must be an absolute http(s) URL', 'url');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new DomainError('INCOMPLETE_ORDER', 'url must be http or https', 'url');
    if (body.secret !== undefined && body.secret.length < 16)
      throw new DomainError('INCOMPLETE_ORDER', 'secret must have at least 16 characters', 'secret');
    const rec: WebhookEndpointRecord = {
      id: newTimePrefixedId('whk'),
      spId,
      url: url.toString(),
      secret: body.secret ?? `whsec_${randomBytes(24).toString('base64url')}`,
      createdAt: this.clock.now().toISOString(),
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
}
