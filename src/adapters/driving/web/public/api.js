/* global localStorage, document, fetch, EventSource -- browser module (eslint runs with Node globals) */
// The dashboard's only contact with the controller: the REST API with the operator's key, and the
// live stream GET /v1/events (design §4). The key lives in localStorage on this screen; the stream
// gets it from the `ponctl_key` cookie because a browser's EventSource cannot set headers.

const STORAGE = 'ponctl.noc.key';

export const storedKey = () => localStorage.getItem(STORAGE) ?? '';

export function rememberKey(key) {
  localStorage.setItem(STORAGE, key);
  // Path-scoped to the stream; SameSite=Strict: other sites' pages cannot open it with this key.
  document.cookie = `ponctl_key=${encodeURIComponent(key)}; Path=/v1/events; SameSite=Strict`;
}

export function forgetKey() {
  localStorage.removeItem(STORAGE);
  document.cookie = 'ponctl_key=; Path=/v1/events; Max-Age=0; SameSite=Strict';
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** JSON call with the stored key; throws ApiError with the API's error code. */
export async function api(method, path, body) {
  const headers = { authorization: `Bearer ${storedKey()}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  if (!res.ok)
    throw new ApiError(
      res.status,
      data?.error?.code ?? String(res.status),
      data?.error?.message ?? res.statusText,
    );
  return data;
}

/** A list from a response that is either an array or `{ <name>: [...] }` / `{ items: [...] }`. */
export const listOf = (data, name) => (Array.isArray(data) ? data : (data?.[name] ?? data?.items ?? []));

/**
 * Opens the event stream. `on` maps event names (hello, alarm, incident, ont, order, resync) to
 * handlers; `onState` hears 'connecting' | 'live' | 'offline'. EventSource reconnects by itself and
 * sends Last-Event-ID, so the server replays what was missed.
 */
export function connectEvents(on, onState) {
  const es = new EventSource('/v1/events');
  onState('connecting');
  es.addEventListener('hello', (m) => {
    onState('live');
    on.hello?.(JSON.parse(m.data));
  });
  for (const type of ['alarm', 'incident', 'ont', 'order', 'resync']) {
    es.addEventListener(type, (m) => on[type]?.(JSON.parse(m.data)));
  }
  es.onerror = () => onState(es.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
  return es;
}
