/**
 * The live event stream behind `GET /v1/events` (design §4): one hub per API process numbers every
 * event, keeps a short replay buffer for reconnecting clients (`Last-Event-ID`), and fans events out
 * to the connected clients each principal may see.
 *
 * Who sees what (design §4: an SP sees only its own orders; the NOC is the network owner's):
 *   operator → everything (alarms, incidents, ONT state changes, every order change);
 *   SP key   → only order changes of its own orders.
 */
import { randomBytes } from 'node:crypto';
import type { Principal } from '../../../application/access/principal.ts';

export type StreamEventType = 'alarm' | 'incident' | 'ont' | 'order';

export interface StreamEvent {
  /** `<bootId>.<seq>`: the SSE id; the boot part tells a client's stale id from another process run. */
  id: string;
  seq: number;
  type: StreamEventType;
  /** The JSON payload (monitoring's AlarmEvent / IncidentEvent / OntEvent, or an order change). */
  data: unknown;
  /** Set on order events: the SP that owns the order (the only SP that may see it). */
  spId?: string;
}

/** Whether a principal may receive an event (see the table above). */
export function visibleTo(e: Pick<StreamEvent, 'type' | 'spId'>, p: Principal): boolean {
  if (p.role === 'operator') return true;
  return e.type === 'order' && e.spId === p.spId;
}

/** One SSE message: `id`, `event` and a single-line JSON `data` (JSON never contains a raw newline). */
export function formatSse(e: StreamEvent): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

export interface StreamClient {
  principal: Principal;
  /** Writes raw SSE text; returns false when the client is too far behind (it is then dropped). */
  write(text: string): boolean;
  end(): void;
}

export type Replay = { kind: 'events'; events: StreamEvent[] } | { kind: 'resync' };

export class EventStreamHub {
  readonly bootId = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly buffer: StreamEvent[] = [];
  private readonly clients = new Set<StreamClient>();

  /** @param capacity how many recent events a reconnecting client can get back */
  constructor(private readonly capacity = 500) {}

  get clientCount(): number {
    return this.clients.size;
  }
  get lastId(): string {
    return `${this.bootId}.${this.seq}`;
  }

  publish(type: StreamEventType, data: unknown, spId?: string): StreamEvent {
    const e: StreamEvent = {
      id: `${this.bootId}.${++this.seq}`,
      seq: this.seq,
      type,
      data,
      ...(spId ? { spId } : {}),
    };
    this.buffer.push(e);
    if (this.buffer.length > this.capacity) this.buffer.shift();
    // formatted only when a connected client may see it: with no dashboard open (the usual case
    // during order intake) an order change costs a buffer slot, not a JSON.stringify
    let text: string | undefined;
    for (const c of this.clients) {
      if (!visibleTo(e, c.principal)) continue;
      text ??= formatSse(e);
      if (!c.write(text)) {
        this.clients.delete(c);
        c.end();
      }
    }
    return e;
  }

  attach(c: StreamClient): () => void {
    this.clients.add(c);
    return () => {
      this.clients.delete(c);
    };
  }

  /**
   * What a client reconnecting with `Last-Event-ID` missed. `resync` when the id is from another
   * run of the process or older than the buffer: the client must reload its lists instead.
   */
  replaySince(lastEventId: string | undefined, p: Principal): Replay | undefined {
    if (!lastEventId) return undefined;
    const m = /^([0-9a-f]+)\.(\d+)$/.exec(lastEventId.trim());
    if (!m || m[1] !== this.bootId) return { kind: 'resync' };
    const last = Number(m[2]);
    const oldest = this.buffer[0]?.seq ?? this.seq + 1;
    if (last < oldest - 1 || last > this.seq) return { kind: 'resync' };
    return { kind: 'events', events: this.buffer.filter((e) => e.seq > last && visibleTo(e, p)) };
  }

  /** Open streams of one API key (issue 17 item 4: a limit per key). */
  countFor(keyId: string): number {
    let n = 0;
    for (const c of this.clients) if (c.principal.keyId === keyId) n++;
    return n;
  }

  /** Ends every open stream of a key (it was revoked: issue 17 item 5). Returns how many. */
  closeKey(keyId: string): number {
    let n = 0;
    for (const c of [...this.clients])
      if (c.principal.keyId === keyId) {
        this.clients.delete(c);
        c.end();
        n++;
      }
    return n;
  }

  /** Ends every stream (the server is closing: an open SSE response would keep it from closing). */
  close(): void {
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
