/**
 * A schema-driven fuzzer (issue 17 "What must be shown"): requests for every operation of a running
 * controller's /openapi.json, built from the operation's own parameters and body schema — mostly
 * well-formed values with hostile ones mixed in at any leaf (NUL and control characters, integers
 * ≥ 2³¹, impossible dates, huge strings, unpaired surrogates, wrong types, prototype keys) — sent over
 * HTTP, each answer checked against the document: never 5xx, the status one the operation documents,
 * an error in the `{ error: { code, message } }` envelope as JSON.
 */
import fc from 'fast-check';

type Json = Record<string, any>;

export interface FuzzOperation {
  method: string;
  path: string;
  op: Json;
}

export interface FuzzRequest {
  method: string;
  url: string;
  body?: string;
  contentType?: string;
}

/** Values no schema should let through to a store (issue 17 item 2). */
const HOSTILE: unknown[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'line\nbreak',
  '\u001b[31m',
  '\ud800',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  '1e400',
  'NaN',
  '2026-13-45',
  '2026-02-30',
  '0000-00-00T25:61:61Z',
  'x'.repeat(3000),
  '../../etc/passwd',
  '%00',
  "' OR 1=1 --",
  '💥🔥',
  '__proto__',
  'constructor',
  2147483648,
  -2147483649,
  1e308,
  -1,
  0,
  1.5,
  true,
  null,
  [],
  {},
  { __proto__: { admin: true } },
];

export const hostile = fc.constantFrom(...HOSTILE);

const resolveRef = (doc: Json, s: Json | undefined): Json | undefined => {
  let cur = s;
  for (let i = 0; cur?.$ref && i < 10; i++) {
    const parts = String(cur.$ref).replace(/^#\//, '').split('/');
    cur = parts.reduce((o: Json | undefined, k) => o?.[k], doc);
  }
  return cur;
};

function validString(s: Json): fc.Arbitrary<string> {
  if (s.format === 'date') return fc.constantFrom('2026-03-10', '2026-03-01', '2025-12-31', '2026-04-02');
  if (s.format === 'date-time')
    return fc.constantFrom('2026-03-02T10:00:00.000Z', '2026-03-05T01:00:00+01:00', '2026-01-01T00:00:00Z');
  if (s.pattern === '^\\d{4}-\\d{2}$') return fc.constantFrom('2026-03', '2026-02', '2025-12');
  if (Array.isArray(s.examples) && s.examples.length && typeof s.examples[0] === 'string')
    return fc.constantFrom(...(s.examples as string[]));
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, Math.max(min, 40));
  return fc.string({ minLength: min, maxLength: max });
}

/** An arbitrary for `schema`: well-formed most of the time, a hostile value at any leaf sometimes. */
export function valueOf(doc: Json, schema: Json | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolveRef(doc, schema) ?? {};
  const valid = validOf(doc, s, depth);
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: hostile });
}

function validOf(doc: Json, s: Json, depth: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (alts?.length) return fc.oneof(...alts.map((a) => validOf(doc, resolveRef(doc, a) ?? {}, depth)));
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return validString(s);
    case 'integer':
      return fc.integer({ min: s.minimum ?? -5, max: Math.min(s.maximum ?? 5000, 1_000_000) });
    case 'number':
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      if (depth > 3) return fc.constant([]);
      return fc.array(valueOf(doc, s.items, depth + 1), { maxLength: 3 });
    case 'object': {
      if (depth > 3) return fc.constant({});
      const props = (s.properties ?? {}) as Record<string, Json>;
      const required = new Set<string>(s.required ?? []);
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) shape[k] = valueOf(doc, v, depth + 1);
      const requiredKeys = Object.keys(props).filter((k) => required.has(k));
      return fc
        .tuple(
          fc.record(shape, { requiredKeys }),
          fc.option(fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 2 }), { freq: 5 }),
        )
        .map(([a, extra]) => ({ ...(extra ?? {}), ...a }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Every operation of the document. */
export function operationsOf(doc: Json): FuzzOperation[] {
  const out: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>))
    for (const [method, op] of Object.entries(item)) out.push({ method: method.toUpperCase(), path, op });
  return out;
}

/** encodeURIComponent, except that an unpaired surrogate goes out as the invalid UTF-8 it would be. */
const encodeSegment = (v: string): string => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
};

const toQueryValue = (v: unknown): string =>
  typeof v === 'string' ? v : v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/**
 * Requests for one operation: path parameters from `pathPool` (real ids of the seeded store) or
 * hostile strings, query parameters and body from their schemas (the body sometimes its example,
 * sometimes not JSON at all).
 */
export function requestsFor(
  doc: Json,
  o: FuzzOperation,
  pathPool: (name: string) => string[],
): fc.Arbitrary<FuzzRequest> {
  const params = (o.op.parameters ?? []) as Json[];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const pathArb = fc.tuple(
    ...pathParams.map((p) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...pathPool(p.name)) },
        { weight: 1, arbitrary: hostile.map(toQueryValue) },
      ),
    ),
  );
  const queryArb = fc.tuple(
    ...queryParams.map((p) =>
      fc.option(valueOf(doc, p.schema).map(toQueryValue), { freq: 2, nil: undefined }),
    ),
  );
  const media = o.op.requestBody?.content?.['application/json'];
  const bodyArb: fc.Arbitrary<{ body?: string; contentType?: string }> = media
    ? fc.oneof(
        { weight: 5, arbitrary: valueOf(doc, media.schema).map((v) => ({ body: JSON.stringify(v) })) },
        {
          weight: 1,
          arbitrary: fc.constant({ body: JSON.stringify(media.example ?? {}) }),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 50 }).map((s) => ({ body: s })) },
        {
          weight: 1,
          arbitrary: fc.constant({ body: 'a=1', contentType: 'application/x-www-form-urlencoded' }),
        },
      )
    : o.method === 'GET' || o.method === 'HEAD'
      ? fc.constant({})
      : fc.option(fc.constant({ body: '{}' }), { freq: 4, nil: {} }).map((x) => x ?? {});
  return fc.tuple(pathArb, queryArb, bodyArb).map(([pv, qv, b]) => {
    let path = o.path;
    pathParams.forEach((p, i) => {
      path = path.replace(`{${p.name}}`, encodeSegment(pv[i]));
    });
    const qs = new URLSearchParams();
    queryParams.forEach((p, i) => {
      if (qv[i] !== undefined) qs.set(p.name, qv[i]);
    });
    const q = qs.toString();
    const body = b.body;
    return {
      method: o.method,
      url: path + (q ? `?${q}` : ''),
      ...(body !== undefined ? { body, contentType: b.contentType ?? 'application/json' } : {}),
    };
  });
}

export interface FuzzAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** What is wrong with an answer (empty when it keeps the document's promises). */
/**
 * A readiness probe's documented 503 is its answer, not a failure: `GET /readyz` on a controller
 * whose workers are not started (as the fuzzer's is) must say "not ready" (issue 14 item 6).
 */
export function isProbeAnswer(o: FuzzOperation, a: FuzzAnswer): boolean {
  return (
    a.status === 503 &&
    (o.op.tags ?? []).includes('health') &&
    Object.keys(o.op.responses ?? {}).includes('503')
  );
}

export function problemsOf(o: FuzzOperation, a: FuzzAnswer): string[] {
  const out: string[] = [];
  const documented = Object.keys(o.op.responses ?? {});
  const s = String(a.status);
  if (a.status >= 500 && !isProbeAnswer(o, a)) out.push(`5xx: ${a.status} ${a.text.slice(0, 200)}`);
  if (!documented.includes(s) && !documented.includes(`${s[0]}XX`))
    out.push(`status ${s} not documented (${documented.join(',')}): ${a.text.slice(0, 200)}`);
  const media = Object.keys(o.op.responses?.[s]?.content ?? {});
  if (a.status < 300 && media.length && !media.some((m) => a.contentType.startsWith(m)))
    out.push(`${s} as ${a.contentType}, documented ${media.join(', ')}`);
  if (a.status >= 400) {
    if (!a.contentType.startsWith('application/json')) out.push(`error as ${a.contentType}`);
    try {
      const e = JSON.parse(a.text).error;
      if (typeof e?.code !== 'string' || typeof e?.message !== 'string') out.push(`no envelope: ${a.text}`);
    } catch {
      out.push(`error not JSON: ${a.text.slice(0, 200)}`);
    }
  }
  return out;
}
