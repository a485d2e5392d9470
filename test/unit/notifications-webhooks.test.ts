import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { nextAttemptAt, signPayload, verifySignature } from '../../src/domain/notifications/webhooks.ts';

describe('webhook signatures (HMAC-SHA256)', () => {
  const body = JSON.stringify({ event: 'order.completed', orderId: 'o1' });
  it('signs "<t>.<body>" with the SP secret, verifiable independently', () => {
    const h = signPayload('s3cret', body, 1_760_000_000);
    const independent = createHmac('sha256', 's3cret').update(`1760000000.${body}`).digest('hex');
    expect(h).toBe(`t=1760000000,v1=${independent}`);
    expect(verifySignature('s3cret', body, h, 1_760_000_100)).toBe(true);
  });
  it('rejects a wrong secret, a changed body and a stale timestamp', () => {
    const h = signPayload('s3cret', body, 1_760_000_000);
    expect(verifySignature('other', body, h, 1_760_000_000)).toBe(false);
    expect(verifySignature('s3cret', body + ' ', h, 1_760_000_000)).toBe(false);
    expect(verifySignature('s3cret', body, h, 1_760_000_000 + 301)).toBe(false);
    expect(verifySignature('s3cret', body, 'garbage', 1_760_000_000)).toBe(false);
  });
});

describe('retry backoff', () => {
  it('doubles from 5 s, caps at 1 h, and gives up after the last attempt', () => {
    const t = new Date('2026-01-01T00:00:00Z');
    const d = (n: number) => (nextAttemptAt(t, n)!.getTime() - t.getTime()) / 1000;
    expect([d(1), d(2), d(3), d(4)]).toEqual([5, 10, 20, 40]);
    expect(d(15)).toBe(3600);
    expect(nextAttemptAt(t, 20)).toBeNull();
  });
});
