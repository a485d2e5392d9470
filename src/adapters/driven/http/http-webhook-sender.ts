/**
 * The webhook sender port (application/ports/webhook-sender.ts) on node:http/https: a POST with a
 * timeout, redirects not followed (a 3xx is an answer, not a delivery), the response body drained.
 * Every connection resolves its host through the address guard (webhook-address-guard.ts), so the
 * address connected to is the address checked, at each delivery (issue 17 item 3: no DNS rebinding);
 * an address literal in the URL is checked before connecting. A failure is a category
 * (WebhookSendFailure) with the network's own message kept apart for the operator's log.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import {
  WebhookSendFailure,
  type WebhookFailureCategory,
  type WebhookRequest,
  type WebhookSender,
  type WebhookTargetPolicy,
} from '../../../application/ports/webhook-sender.ts';
import {
  ForbiddenAddressError,
  normaliseAddress,
  type WebhookAddressGuard,
} from './webhook-address-guard.ts';

const CATEGORY_OF_CODE: Record<string, WebhookFailureCategory> = {
  EFORBIDDENADDR: 'forbidden-address',
  ETIMEDOUT: 'timeout',
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
};

export function categoryOf(err: unknown): WebhookFailureCategory {
  if (err instanceof ForbiddenAddressError) return 'forbidden-address';
  const code = String((err as { code?: string }).code ?? '');
  if (CATEGORY_OF_CODE[code]) return CATEGORY_OF_CODE[code];
  if (/CERT|TLS|SSL|EPROTO/.test(code)) return 'tls';
  return 'network';
}

export class HttpWebhookSender implements WebhookSender, WebhookTargetPolicy {
  constructor(private readonly guard: WebhookAddressGuard) {}

  vet(url: URL): Promise<void> {
    return this.guard.vetUrl(url);
  }

  post(r: WebhookRequest): Promise<{ status: number }> {
    const fail = (err: unknown) =>
      new WebhookSendFailure(categoryOf(err), (err as Error).message || String(err));
    return new Promise((resolve, reject) => {
      let url: URL;
      try {
        url = new URL(r.url);
        const host = normaliseAddress(url.hostname);
        if (isIP(host)) this.guard.check([host]);
      } catch (err) {
        reject(fail(err));
        return;
      }
      const mod = url.protocol === 'https:' ? https : http;
      const req = mod.request(url, {
        method: 'POST',
        headers: { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) },
        lookup: this.guard.connectLookup as never,
        timeout: r.timeoutMs,
        agent: false,
      });
      const timer = setTimeout(
        () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
        r.timeoutMs,
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(fail(err));
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0 });
        });
        res.on('error', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0 });
        });
      });
      req.end(r.body);
    });
  }
}
