/**
 * Where a request carries its API key (design §4): the `Authorization: Bearer` header, or — for the
 * event stream only, which a browser's EventSource opens without headers — `?key=` or a cookie.
 * Verifying the key is the application's (application/access/api-keys.ts).
 */

/** `Authorization: Bearer <key>` → the key. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/** Name of the cookie the NOC dashboard sets so that its EventSource is authenticated (design §4 `GET /v1/events`). */
export const STREAM_KEY_COOKIE = 'ponctl_key';

/**
 * What a request that cannot carry headers (EventSource) presents: a stream token as `?token=`
 * (issue 17 item 5: never the API key itself in a URL), or the key in the `ponctl_key` cookie. Only
 * routes marked `config: { keyInQueryOrCookie: true }` look here.
 */
export function streamTokenOf(query: unknown): string | undefined {
  const q = (query as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' && q ? q : undefined;
}

export function keyFromCookie(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === STREAM_KEY_COOKIE) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim()) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
