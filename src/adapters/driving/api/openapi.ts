/**
 * The OpenAPI 3.1 document an SP's developers integrate against (issue 14 §7; `@redocly/cli lint`
 * with its recommended rules answers 0 errors and 0 warnings, test/integration/openapi-lint.test.ts):
 * - every operation has an operationId and a tag (openapi-operations.ts), a summary and described
 *   responses — a success says what it means, an error status what it means on any route;
 * - the statuses every operation can answer whatever its route says — 400 (the input check at the
 *   edge), 401 and 429 (authenticated routes), 404 (a path with parameters), 413 and 415 (a method
 *   with a body) — are listed, so that a client and the schema-driven fuzzer see all of them;
 * - `webhooks` (OpenAPI 3.1 §4.8.1) describes what ponctl POSTs to an SP's endpoint, with the
 *   signature header; `servers` names the controller's base URL.
 */
import { Type } from 'typebox';
import { WEBHOOK_EVENTS, SIGNATURE_HEADER } from '../../../domain/notifications/webhooks.ts';
import { ERROR_MEANINGS, OPERATIONS, REQUEST_EXAMPLES, TAGS } from './openapi-operations.ts';

type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** The error envelope (design §4), referenced by every error response. */
export const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Reason code (design §4)' },
        message: { type: 'string' },
        field: { type: 'string', description: 'The field to fix, e.g. address.street' },
      },
    },
  },
  examples: [{ error: { code: 'INVALID_REQUEST', message: 'limit: must be <= 1000', field: 'limit' } }],
};

/** `GET /v1/orders/{id}/cancel` → `postV1OrdersByIdCancel`: unique for a route not in the table. */
function generatedId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith('{') ? `By-${s.slice(1, -1)}` : s))
    .flatMap((s) => s.split(/[^A-Za-z0-9]+/))
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1));
  return method + words.join('');
}

function tagOf(path: string): string {
  const seg = path.split('/').filter(Boolean);
  return (seg[0] === 'v1' ? seg[1] : seg[0]) ?? 'api';
}

const errorRef = { $ref: '#/components/schemas/ErrorResponse' };

function errorResponse(status: string): Json {
  return {
    description: ERROR_MEANINGS[status] ?? 'Error',
    content: { 'application/json': { schema: errorRef } },
  };
}

/** The statuses any operation answers whatever its own schema says (see the file comment). */
function implicitStatuses(method: string, path: string, isPublic: boolean): string[] {
  const out = ['400'];
  if (!isPublic) out.push('401', '429');
  if (path.includes('{')) out.push('404', '414'); // 414: a path parameter over its length limit
  if (method !== 'get' && method !== 'head') out.push('413', '415');
  return out;
}

function finishOperation(method: string, path: string, o: Json): void {
  const doc = OPERATIONS[`${method.toUpperCase()} ${path}`];
  o.operationId ??= doc?.id ?? generatedId(method, path);
  o.tags ??= [doc?.tag ?? tagOf(path)];
  o.summary ??= `${method.toUpperCase()} ${path}`;
  const isPublic = Array.isArray(o.security) && o.security.length === 0;
  o.responses ??= {};
  for (const [status, r] of Object.entries(o.responses as Record<string, Json>)) {
    if (r.description && r.description !== 'Default Response') continue;
    r.description = status.startsWith('2') ? (doc?.ok ?? o.summary) : (ERROR_MEANINGS[status] ?? 'Error');
  }
  for (const s of implicitStatuses(method, path, isPublic)) o.responses[s] ??= errorResponse(s);
  for (const [status, r] of Object.entries(o.responses as Record<string, Json>)) {
    // an error is always the JSON envelope, whatever the success's media type (`statement.csv`)
    if (Number(status) >= 400 && r.content && !r.content['application/json'])
      r.content = { 'application/json': { schema: errorRef } };
    // a stream's success has no schema fastify-swagger could see: say what it is
    if (status === '200' && !r.content && doc?.media)
      r.content = { [doc.media]: { schema: { type: 'string' } } };
  }
  const media = o.requestBody?.content?.['application/json'];
  const example = REQUEST_EXAMPLES[`${method.toUpperCase()} ${path}`];
  if (media && example !== undefined) media.example ??= example;
}

const WebhookBody = Type.Object(
  {
    id: Type.String({ description: 'Event id: the same on every retry (deduplicate on it)' }),
    event: Type.String({ enum: [...WEBHOOK_EVENTS] as string[] }),
    occurredAt: Type.String({ format: 'date-time', description: 'Business time of the change' }),
    sp: Type.String({ description: 'The SP the event is for' }),
    data: Type.Record(Type.String(), Type.Unknown(), {
      description:
        'What changed: for order events `orderId`, `form`, `category`, `status`, `adapterId`, `plannedDate`, ' +
        '`deadline`, fees, and `reference` (the SP\u2019s own order reference, when the order carried one)',
    }),
  },
  {
    examples: [
      {
        id: 'evt_01HV3K8Q2ZC4',
        event: 'order.rejected',
        occurredAt: '2026-03-02T09:15:00.000Z',
        sp: 'sp-alpha',
        data: { code: 'ADDRESS_NOT_COVERED', field: 'address', reference: 'CRM-48213' },
      },
    ],
  },
);

function webhooksSection(): Json {
  const out: Json = {};
  for (const event of WEBHOOK_EVENTS) {
    out[event] = {
      post: {
        operationId: `webhook${event
          .split(/[._]/)
          .map((w) => w[0].toUpperCase() + w.slice(1))
          .join('')}`,
        tags: ['webhooks'],
        summary: `ponctl POSTs \`${event}\` to each endpoint of the SP subscribed to it`,
        description:
          `Signed with the endpoint's secret: \`${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">\`. ` +
          'Check the MAC and that `t` is recent (README "Webhooks" has a verification example). Retried ' +
          'with backoff from 5 s doubling to 1 h until answered with 2xx; then dead-lettered and replayable.',
        parameters: [
          { name: SIGNATURE_HEADER, in: 'header', required: true, schema: { type: 'string' } },
          { name: 'X-Ponctl-Event', in: 'header', required: true, schema: { type: 'string' } },
          { name: 'X-Ponctl-Delivery', in: 'header', required: true, schema: { type: 'string' } },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: WebhookBody } } },
        responses: {
          '200': { description: 'Any 2xx: delivered' },
          '400': { description: 'Any other answer, a timeout or a refused connection: retried later' },
        },
        security: [],
      },
    };
  }
  return out;
}

export interface DocumentOptions {
  /** The controller's base URL for `servers` (config listen address, or a public URL). */
  serverUrl: string;
}

/** `@fastify/swagger` `transformObject`: the generated document, finished as the file comment says. */
export function finishDocument(doc: Json, o: DocumentOptions): Json {
  doc.servers = [{ url: o.serverUrl, description: 'This controller' }];
  doc.info.license = { name: 'Apache-2.0', identifier: 'Apache-2.0' };
  doc.components ??= {};
  doc.components.schemas = { ...doc.components.schemas, ErrorResponse: ERROR_SCHEMA };
  const used = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const m of METHODS) if (item[m]) finishOperation(m, path, item[m]);
    for (const m of METHODS) for (const t of item[m]?.tags ?? []) used.add(t);
  }
  used.add('webhooks');
  doc.tags = [...used].sort().map((name) => ({ name, description: TAGS[name] ?? name }));
  doc.webhooks = webhooksSection();
  return doc;
}
