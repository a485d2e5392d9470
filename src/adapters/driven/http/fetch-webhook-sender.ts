/**
 * The webhook sender port (application/ports/webhook-sender.ts) on fetch: a POST with a timeout,
 * redirects not followed (a 3xx is an answer, not a delivery), the response body drained so the
 * connection can be reused. A failure's message names the network cause (ECONNREFUSED, …).
 */
import type { WebhookRequest, WebhookSender } from '../../../application/ports/webhook-sender.ts';

export const fetchWebhookSender: WebhookSender = {
  async post(r: WebhookRequest): Promise<{ status: number }> {
    try {
      const res = await fetch(r.url, {
        method: 'POST',
        headers: { ...r.headers },
        body: r.body,
        signal: AbortSignal.timeout(r.timeoutMs),
        redirect: 'manual',
      });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status };
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      const message = (err as Error).message || String(err);
      throw new Error(cause ? `${message} (${cause})` : message, { cause: err });
    }
  },
};
