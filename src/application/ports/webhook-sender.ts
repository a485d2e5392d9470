/**
 * Sending one webhook request (design §4: events POSTed to the SP's URL with an HMAC-SHA256
 * signature header). The application builds the signed request and decides about retries; the
 * sender only carries it (adapters/driven/http/fetch-webhook-sender.ts) and never follows redirects.
 */
export interface WebhookRequest {
  url: string;
  headers: Readonly<Record<string, string>>;
  body: string;
  timeoutMs: number;
}

export interface WebhookSender {
  /** POSTs the request; resolves with the HTTP status, rejects when no answer came (message says why). */
  post(r: WebhookRequest): Promise<{ status: number }>;
}
