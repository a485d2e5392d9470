/**
 * Sending one webhook request (design §4: events POSTed to the SP's URL with an HMAC-SHA256
 * signature header). The application builds the signed request and decides about retries; the
 * sender only carries it (adapters/driven/http/http-webhook-sender.ts) and never follows redirects,
 * and only to addresses outside the controller's own network (issue 17 item 3).
 */
export interface WebhookRequest {
  url: string;
  headers: Readonly<Record<string, string>>;
  body: string;
  timeoutMs: number;
}

/**
 * Why no answer came, as a category an SP may be shown (issue 17 item 3: a raw socket message tells
 * what listens behind a port; a category does not). `forbidden-address`: the URL resolved to an
 * address webhooks may not reach.
 */
export const WEBHOOK_FAILURES = [
  'timeout',
  'refused',
  'reset',
  'dns',
  'tls',
  'unreachable',
  'forbidden-address',
  'network',
] as const;
export type WebhookFailureCategory = (typeof WEBHOOK_FAILURES)[number];

/** No answer: `category` is for the SP, `detail` (the network's own message) for the operator's log only. */
export class WebhookSendFailure extends Error {
  constructor(
    readonly category: WebhookFailureCategory,
    readonly detail: string,
  ) {
    super(category);
    this.name = 'WebhookSendFailure';
  }
}

export interface WebhookSender {
  /** POSTs the request; resolves with the HTTP status, rejects with WebhookSendFailure when no answer came. */
  post(r: WebhookRequest): Promise<{ status: number }>;
}

/** Registration's check of a URL (the same rule the sender applies at delivery). */
export interface WebhookTargetPolicy {
  /** Resolves when the URL may be registered; rejects with the reason (`<address> is a <class> address`) otherwise. */
  vet(url: URL): Promise<void>;
}
