/**
 * A minimal EventSource over fetch for tests of `GET /v1/events` (design §4): collects messages and
 * comments; `next` waits for a matching one.
 */
export interface SseMessage {
  event: string;
  id?: string;
  data: any;
  comment?: string;
}

export class SseClient {
  readonly messages: SseMessage[] = [];
  private waiters: { pred: (m: SseMessage) => boolean; resolve: (m: SseMessage) => void }[] = [];
  private readonly ctrl = new AbortController();
  status = 0;

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const c = new SseClient();
    const res = await fetch(url, { headers, signal: c.ctrl.signal });
    c.status = res.status;
    if (res.ok && res.body) void c.pump(res.body);
    else await res.text();
    return c;
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const dec = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buf += dec.decode(chunk, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          this.accept(block);
        }
      }
    } catch {
      /* aborted */
    }
  }

  private accept(block: string): void {
    const m: SseMessage = { event: 'message', data: undefined };
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) m.comment = line.slice(1).trim();
      else if (line.startsWith('event: ')) m.event = line.slice(7);
      else if (line.startsWith('id: ')) m.id = line.slice(4);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (m.comment !== undefined && !data) m.event = 'comment';
    else if (!data && m.event === 'message') return; // `retry:` only
    m.data = data ? JSON.parse(data) : undefined;
    this.messages.push(m);
    for (const w of [...this.waiters])
      if (w.pred(m)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(m);
      }
  }

  next(pred: (m: SseMessage) => boolean, timeoutMs = 3000): Promise<SseMessage> {
    const have = this.messages.find(pred);
    if (have) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const w = {
        pred,
        resolve: (m: SseMessage) => {
          clearTimeout(t);
          resolve(m);
        },
      };
      const t = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(
          new Error(
            `no matching SSE message in ${timeoutMs} ms; got ${JSON.stringify(this.messages.map((x) => x.event))}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(w);
    });
  }

  events(type: string): SseMessage[] {
    return this.messages.filter((m) => m.event === type);
  }
  close(): void {
    this.ctrl.abort();
  }
}
