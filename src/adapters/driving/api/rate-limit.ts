/**
 * Per-key rate limits (issue 14 §7): each API key may make `limit` requests per `windowMs`, counted
 * in fixed windows on this instance (with several instances a key gets that much from each: the
 * limit protects an instance, it is not a billing quota). Every keyed answer says where the caller
 * stands with the IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers):
 * `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds until the window ends) and
 * `RateLimit-Policy` (`<limit>;w=<window s>`); past the limit the answer is 429 `RATE_LIMITED` with
 * `Retry-After`.
 */
export interface RateVerdict {
  ok: boolean;
  limit: number;
  remaining: number;
  resetS: number;
}

export class KeyRateLimiter {
  private windowStart = 0;
  private counts = new Map<string, number>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  take(keyId: string, now = Date.now()): RateVerdict {
    const start = now - (now % this.windowMs);
    if (start !== this.windowStart) {
      // a new window: every count starts again (memory bounded by the keys of one window)
      this.windowStart = start;
      this.counts = new Map();
    }
    const n = (this.counts.get(keyId) ?? 0) + 1;
    this.counts.set(keyId, n);
    return {
      ok: n <= this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - n),
      resetS: Math.max(1, Math.ceil((start + this.windowMs - now) / 1000)),
    };
  }

  headers(v: RateVerdict): Record<string, string> {
    return {
      'ratelimit-limit': String(v.limit),
      'ratelimit-remaining': String(v.remaining),
      'ratelimit-reset': String(v.resetS),
      'ratelimit-policy': `${this.limit};w=${Math.ceil(this.windowMs / 1000)}`,
    };
  }
}
