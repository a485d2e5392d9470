/**
 * The names an SP's developer sees in /openapi.json (issue 14 §7): one operationId, one tag and what
 * a success means for every operation, kept in one table so that a client generator's method names
 * do not change when a route file is reorganised. A route not listed here (a new one) still gets a
 * generated, unique operationId and a tag from its path (openapi.ts), so the document never lints red.
 */

export interface OperationDoc {
  id: string;
  tag: string;
  /** What the success status means (the OpenAPI response description). */
  ok: string;
  /** The success's media type when no schema says it (a stream). */
  media?: string;
}

const op = (id: string, tag: string, ok: string, media?: string): OperationDoc => ({
  id,
  tag,
  ok,
  ...(media ? { media } : {}),
});

export const OPERATIONS: Readonly<Record<string, OperationDoc>> = {
  'GET /healthz': op(
    'getHealth',
    'health',
    'The controller is alive; `store` says whether its store answers',
  ),
  'GET /v1/cluster': op('getCluster', 'cluster', 'The live instances and the OLTs each one monitors'),
  'GET /v1/coverage': op('listCoverage', 'coverage', 'A page of covered addresses'),
  'GET /v1/availability': op('getAvailability', 'coverage', 'The port of the address and what blocks it'),
  'POST /v1/disputes': op('createDispute', 'disputes', 'The forced reactivation was recorded'),
  'GET /v1/disputes/{adapterId}': op('getDispute', 'disputes', 'The takeover and its dispute window'),
  'GET /v1/events': op(
    'streamEvents',
    'events',
    'A server-sent event stream (`text/event-stream`)',
    'text/event-stream',
  ),
  'POST /v1/events/token': op(
    'createStreamToken',
    'events',
    'A short-lived token for `GET /v1/events?token=` (EventSource cannot send headers)',
  ),
  'GET /v1/faults': op('listFaults', 'faults', 'A page of fault tickets'),
  'GET /v1/faults/{id}': op('getFault', 'faults', 'The fault ticket with its repair clock'),
  'POST /v1/faults/{id}/clock': op('setFaultClock', 'faults', 'The repair clock was stopped or restarted'),
  'POST /v1/faults/{id}/close': op('closeFault', 'faults', 'The fault ticket is closed'),
  'POST /v1/faults/{id}/verification': op('verifyFault', 'faults', 'The verification was recorded'),
  'GET /v1/alarms': op('listAlarms', 'monitoring', 'A page of alarms'),
  'POST /v1/alarms/{id}/ack': op('ackAlarm', 'monitoring', 'The alarm is acknowledged'),
  'POST /v1/alarms/{id}/shelve': op('shelveAlarm', 'monitoring', 'The alarm is shelved'),
  'GET /v1/incidents': op('listIncidents', 'monitoring', 'A page of incidents'),
  'GET /v1/incidents/{id}': op('getIncident', 'monitoring', 'The incident'),
  'GET /v1/onts/{olt}/{pon}/{onuId}': op('getOnt', 'monitoring', 'The ONT with its optical history'),
  'GET /v1/onts': op('listOnts', 'monitoring', 'A page of ONTs (search, inventory drill-down)'),
  'GET /v1/monitoring/summary': op('getMonitoringSummary', 'monitoring', 'Counts per OLT and PON'),
  'GET /v1/olts': op('listOlts', 'olts', 'A page of OLTs'),
  'GET /v1/olts/{id}/plan': op('planOlt', 'olts', 'The minimal diff from the device to intent'),
  'POST /v1/olts/{id}/apply': op('applyOlt', 'olts', 'Due orders were carried out; what was changed'),
  'POST /v1/olts/{id}/reconcile': op('reconcileOlt', 'olts', 'Drift was repaired; what was changed'),
  'POST /v1/orders/{id}/field-work': op('recordFieldWork', 'orders', 'The field work was recorded'),
  'GET /v1/ont-returns': op('listOntReturns', 'ont-returns', 'A page of ONT returns'),
  'POST /v1/ont-returns/{serial}': op('receiveOntReturn', 'ont-returns', 'The ONT is recorded as returned'),
  'POST /v1/orders': op(
    'submitOrder',
    'orders',
    'Accepted for processing; `Location` names the order (an `Idempotency-Key` replay answers the same)',
  ),
  'GET /v1/orders': op('listOrders', 'orders', 'A page of orders'),
  'GET /v1/orders/{id}': op('getOrder', 'orders', 'The order with its history'),
  'POST /v1/orders/{id}/cancel': op('cancelOrder', 'orders', 'The order is cancelled; the fee that applies'),
  'POST /v1/orders/{id}/retry': op('retryOrder', 'orders', 'The failed order is scheduled again'),
  'POST /v1/planned-works': op('announcePlannedWorks', 'planned-works', 'The planned works are announced'),
  'GET /v1/planned-works': op('listPlannedWorks', 'planned-works', 'A page of planned works'),
  'GET /v1/sla/credits': op('listSlaCredits', 'sla', 'The credits of the month with their explanation'),
  'GET /v1/sla/statement.csv': op('getSlaStatement', 'sla', 'The monthly statement as CSV (`text/csv`)'),
  'GET /v1/subscribers/{adapterId}': op('getSubscriber', 'subscribers', 'The access with its services'),
  'GET /v1/stock': op('listStock', 'stock', "A page of the caller's ONT stock"),
  'POST /v1/webhooks': op(
    'registerWebhook',
    'webhooks',
    'The endpoint is registered; its secret (shown once)',
  ),
  'GET /v1/webhooks': op('listWebhooks', 'webhooks', "A page of the caller's webhook endpoints"),
  'DELETE /v1/webhooks/{id}': op('removeWebhook', 'webhooks', 'The endpoint is removed'),
  'GET /v1/webhooks/events': op(
    'listWebhookEvents',
    'webhooks',
    'A page of notifications with delivery state',
  ),
  'GET /v1/webhooks/dead-letters': op(
    'listDeadLetters',
    'webhooks',
    'A page of deliveries that gave up (dead-lettered)',
  ),
  'POST /v1/webhooks/dead-letters/replay': op(
    'replayDeadLetters',
    'webhooks',
    'The dead-lettered deliveries are queued again',
  ),
};

/** Tag descriptions (top-level `tags`). */
export const TAGS: Readonly<Record<string, string>> = {
  orders: 'BSNA / BSND / SBSN orders (spec §3): submit, follow, cancel',
  subscribers: 'Accesses by AdapterID with their services',
  coverage: 'Covered addresses and port availability',
  stock: "An SP's ONT stock",
  disputes: 'Forced reactivation and its dispute window',
  faults: 'Fault tickets and their repair clock (spec §4)',
  events: 'Server-sent events',
  webhooks: 'Signed notifications to an SP (see `webhooks` in this document)',
  'ont-returns': 'ONTs to be returned within 90 days',
  sla: 'SLA credits and monthly statements',
  'planned-works': 'Announced planned works',
  monitoring: 'NOC: alarms, incidents, ONT state',
  olts: 'OLTs: plan, apply, reconcile',
  cluster: 'Controller instances',
  health: 'Liveness',
};

/** What an error status means on any operation (design §4 reason codes; the envelope is `ErrorResponse`). */
export const ERROR_MEANINGS: Readonly<Record<string, string>> = {
  '400':
    'Malformed input: a path, query or body field fails its schema or holds control characters (`INVALID_REQUEST`)',
  '401': 'No API key, or an unknown or revoked one (`UNAUTHENTICATED`)',
  '403': 'The key may not do this (`FORBIDDEN`, `SP_REQUIRED`)',
  '404': 'No such resource, or not one the caller may see (`NOT_FOUND`)',
  '409': 'The resource is not in a state that allows this (`INVALID_STATE`, `NOT_CANCELLABLE`, `CONFLICT`)',
  '413': 'The body is larger than 256 KiB (`PAYLOAD_TOO_LARGE`)',
  '414': 'A path parameter is longer than its limit (`URI_TOO_LONG`)',
  '415': 'The body is not `application/json` (`UNSUPPORTED_MEDIA_TYPE`)',
  '422': 'A rule refused the request; the reason code says which (design §4)',
  '429':
    "Too many requests for this key (`RATE_LIMITED`), or on `POST /v1/orders` too many open orders for this SP (`TOO_MANY_OPEN_ORDERS`), or on an SP's writes (orders, withdrawals, verifications, disputes, webhooks) too many of its requests waiting for the fair intake gate (`RATE_LIMITED`); wait `Retry-After` seconds",
  '502': 'The OLT could not be reached or refused (`DEVICE_*`)',
  '503': 'Another controller instance holds the OLT (`OLT_BUSY`); retry after `Retry-After`',
};

/** A request body that the operation accepts (OpenAPI `example`; the fuzzer starts from it). */
export const REQUEST_EXAMPLES: Readonly<Record<string, unknown>> = {
  'POST /v1/orders': {
    form: 'BSNA',
    category: 'activation',
    reference: 'CRM-48213',
    address: { street: 'Ilica', number: '1', city: 'Zagreb', county: 'Grad Zagreb', flat: '1', floor: '0' },
    contact: { name: 'Ana Anić', phone: '+385 1 555 0101' },
    ownerInstallsHome: false,
    ontSerial: 'ZTEG00000001',
    accessLevel: 'regional',
    services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
    requestedDate: '2026-03-10',
  },
  'POST /v1/disputes': { adapterId: 'A-00000001' },
  'POST /v1/faults/{id}/clock': { action: 'park', reason: 'customer-unavailable', message: 'Not at home' },
  'POST /v1/faults/{id}/close': {
    measurements: 'RX -19.8 dBm at the ONT; 300/150 measured',
    outsideOwnerDomain: false,
  },
  'POST /v1/faults/{id}/verification': { result: 'positive' },
  'POST /v1/alarms/{id}/ack': { text: 'Technician on site' },
  'POST /v1/alarms/{id}/shelve': { until: '2026-03-02T12:00:00.000Z' },
  'POST /v1/orders/{id}/field-work': {
    ontSerial: 'ZTEG00000001',
    technician: 'I. Horvat',
    note: 'ONT mounted in the hall',
    completedAt: '2026-03-10T10:30:00.000Z',
  },
  'POST /v1/planned-works': {
    scope: { olt: 'olt-1', pon: '1/1/1' },
    start: '2026-03-05T01:00:00+01:00',
    end: '2026-03-05T04:00:00+01:00',
    description: 'Card replacement',
  },
  'POST /v1/webhooks': {
    url: 'https://hooks.sp-alpha.example/ponctl',
    events: ['order.accepted', 'order.rejected', 'order.completed', 'order.failed'],
  },
  'POST /v1/webhooks/dead-letters/replay': { endpointId: 'whk_01HV3K8Q2ZC4' },
  'POST /v1/olts': {
    name: 'olt-zg-3',
    site: 'Zagreb Trnje CO',
    host: '198.51.100.33',
    ports: { cli: 22, snmp: 161 },
    protocol: 'cli',
    profile: 'zxa10-c300',
    credentials: { ssh: { username: 'ponctl', password: 'write-only' }, snmp: { community: 'write-only' } },
  },
  'PATCH /v1/olts/{id}': { site: 'Zagreb Trnje CO, room 2' },
  'POST /v1/olts/{id}/trust': { hostKey: 'SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8' },
};
