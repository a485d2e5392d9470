/**
 * Reading `<rpc-reply>` messages (RFC 6241 §4.2–4.4): message-id, `<ok/>`, `<data>` and
 * `<rpc-error>` → typed RpcErrorDetail. Cheap on the hot path: the message-id and the presence of
 * errors are found by scanning the text; only error replies are fully parsed, and `<data>` is
 * handed over as XML text to the codec that understands the device's model.
 */
import { XMLParser } from 'fast-xml-parser';
import type { RpcErrorDetail } from '../../../../application/ports/olt-driver/errors.ts';

export interface RpcReply {
  messageId: string | undefined;
  ok: boolean;
  /** All rpc-errors, warnings included. */
  errors: RpcErrorDetail[];
  /** The whole reply as received. */
  raw: string;
}

const MESSAGE_ID = /<(?:[\w.-]+:)?rpc-reply\b[^>]*?\bmessage-id\s*=\s*(["'])(.*?)\1/s;
const HAS_ERROR = /<(?:[\w.-]+:)?rpc-error[\s>/]/;
const HAS_OK = /<(?:[\w.-]+:)?ok\s*\/>|<(?:[\w.-]+:)?ok\s*>\s*<\/(?:[\w.-]+:)?ok>/;

const errorParser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'rpc-error',
});

export function isRpcReply(xml: string): boolean {
  return /<(?:[\w.-]+:)?rpc-reply[\s>]/.test(xml.slice(0, 4096));
}

export function parseRpcReply(raw: string): RpcReply {
  const head = raw.slice(0, 4096);
  const messageId = MESSAGE_ID.exec(head)?.[2];
  // `<ok/>` and `<rpc-error>` are children of `<rpc-reply>` (RFC 6241 §4.2), never inside `<data>`:
  // a read-back of a few hundred v-ANIs is megabytes that neither needs scanning for them
  const outside = outsideData(raw, head);
  const errors = HAS_ERROR.test(outside) ? parseRpcErrors(raw) : [];
  return { messageId, ok: HAS_OK.test(outside), errors, raw };
}

const DATA_OPEN = /<((?:[\w.-]+:)?)data(?:\s[^>]*)?>/;

/** The reply without the content of its `<data>` (the whole reply when it has none in its first 4 KiB). */
function outsideData(raw: string, head: string): string {
  const open = DATA_OPEN.exec(head);
  if (!open) return raw;
  const end = raw.lastIndexOf(`</${open[1]}data>`);
  if (end < 0) return raw;
  return raw.slice(0, open.index + open[0].length) + raw.slice(end);
}

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const t = (v as Record<string, unknown>)['#text'];
    return t === undefined ? JSON.stringify(v) : String(t);
  }
  return String(v).trim();
}

function flattenInfo(info: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!info || typeof info !== 'object') return out;
  for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
    if (k === '#text') continue;
    out[k] = Array.isArray(v) ? v.map((x) => text(x) ?? '').join(',') : (text(v) ?? '');
  }
  return out;
}

export function parseRpcErrors(raw: string): RpcErrorDetail[] {
  const doc = errorParser.parse(raw) as { 'rpc-reply'?: { 'rpc-error'?: Record<string, unknown>[] } };
  const list = doc['rpc-reply']?.['rpc-error'] ?? [];
  return list.map((e) => {
    const d: RpcErrorDetail = {
      type: text(e['error-type']) ?? 'rpc',
      tag: text(e['error-tag']) ?? 'operation-failed',
      severity: text(e['error-severity']) ?? 'error',
      info: flattenInfo(e['error-info']),
    };
    const appTag = text(e['error-app-tag']);
    const path = text(e['error-path']);
    const message = text(e['error-message']);
    if (appTag) d.appTag = appTag;
    if (path) d.path = path;
    if (message) d.message = message;
    return d;
  });
}

/**
 * The inner XML of `<data>` as where it lies in the reply: `xml.slice(from, to)`. A read-back's is
 * megabytes, which a reader takes in place (xml-scan.ts) rather than as a copy cut from the reply.
 */
export interface DataXml {
  xml: string;
  from: number;
  to: number;
}

/**
 * Where the inner XML of the reply's `<data>` element (get / get-config) lies; empty when there is
 * none. Prefix-aware: `<data>`, `<nc:data>`; matched on the LAST closing tag so a model element
 * named `data` inside is safe.
 */
export function replyData(raw: string): DataXml {
  const open = /<((?:[\w.-]+:)?)data(\s[^>]*)?(\/?)>/.exec(raw);
  if (!open || open[3] === '/') return { xml: raw, from: 0, to: 0 };
  const end = raw.lastIndexOf(`</${open[1]}data>`);
  if (end < 0) return { xml: raw, from: 0, to: 0 };
  return { xml: raw, from: open.index + open[0].length, to: end };
}

/** The inner XML of the reply's `<data>` element, or '' when empty (replyData's span as a string). */
export function replyDataXml(raw: string): string {
  const d = replyData(raw);
  return d.xml.slice(d.from, d.to);
}
