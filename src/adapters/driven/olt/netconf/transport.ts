/**
 * NETCONF over SSH transport (RFC 6242) on ssh2: TCP + SSH (password or key auth), the `netconf`
 * subsystem, SSH keepalives, the hello exchange and framing negotiation — and nothing about RPCs
 * (ncclient `transport/ssh.py`; RPCs live in session.ts).
 *
 * Hello (RFC 6241 §8.1): both sides send their hello at once in end-of-message framing; when both
 * announce `urn:ietf:params:netconf:base:1.1` every later message is chunked (RFC 6242 §4.1).
 */
import { EventEmitter } from 'node:events';
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { XMLParser } from 'fast-xml-parser';
import { FrameDecoder, encodeFrame, type FramingMode } from '../../../../protocols/netconf/framing.ts';
import { ConnectionError, ConnectionLostError } from '../../../../application/ports/olt-driver/errors.ts';
import { openSsh, type HostKeyPolicy } from '../../ssh-connect.ts';

const { Client } = ssh2;

/**
 * The memory of large frames already sent, for the next ones (of any session): an edit of a few
 * hundred v-ANIs is megabytes, and encoding it into fresh memory each time cost 5x encoding it into
 * memory the process had touched before (the kernel maps and zeroes each new page on first write).
 * Frames under REUSE_MIN come from Node's pool as before.
 */
const REUSE_MIN = 64 * 1024;
const MAX_SPARES = 4;
const spares: Buffer[] = [];

function takeSpare(size: number): Buffer {
  const i = spares.findIndex((b) => b.length >= size);
  // with room to spare: the next edit is rarely exactly as large
  return i < 0 ? Buffer.allocUnsafe(size + (size >> 2)) : spares.splice(i, 1)[0];
}

function giveSpare(b: Buffer): void {
  if (spares.length < MAX_SPARES) spares.push(b);
  else {
    const smallest = spares.reduce((m, x, i) => (x.length < spares[m].length ? i : m), 0);
    if (spares[smallest].length < b.length) spares[smallest] = b;
  }
}

export const BASE_1_0 = 'urn:ietf:params:netconf:base:1.0';
export const BASE_1_1 = 'urn:ietf:params:netconf:base:1.1';
export const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';

export interface TransportOptions {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string | Buffer;
  passphrase?: string;
  /** TCP + SSH + hello must finish within this (default 10 s). */
  connectTimeoutMs?: number;
  /** SSH keepalive period (default 15 s; 0 disables) and missed replies before giving up (default 3). */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Capabilities we announce besides base:1.0/1.1. */
  clientCapabilities?: string[];
  /** Announce base:1.1 (chunked framing). Default true. */
  offerBase11?: boolean;
  /** Name used in errors (default host:port). */
  device?: string;
  /** The SSH host key the OLT must present (issue 14 item 2). */
  hostKey?: HostKeyPolicy;
}

export interface Hello {
  sessionId: number;
  capabilities: string[];
}

const helloParser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  isArray: (name) => name === 'capability',
  parseTagValue: false,
});

export function parseHello(xml: string): Hello {
  const doc = helloParser.parse(xml) as {
    hello?: { capabilities?: { capability?: unknown[] }; 'session-id'?: string };
  };
  if (!doc.hello) throw new Error('first message is not a <hello>');
  const caps = (doc.hello.capabilities?.capability ?? []).map((c) => String(c).trim()).filter(Boolean);
  const sid = Number(String(doc.hello['session-id'] ?? '').trim());
  return { sessionId: Number.isFinite(sid) ? sid : 0, capabilities: caps };
}

export function helloXml(capabilities: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NETCONF_NS}"><capabilities>${capabilities
    .map((c) => `<capability>${c}</capability>`)
    .join('')}</capabilities></hello>`;
}

/**
 * One NETCONF session's byte pipe. Events: `message` (string, one whole NETCONF message after the
 * hello), `close` (ConnectionLostError | undefined when we closed it ourselves).
 */
export class NetconfTransport extends EventEmitter {
  private closedBy: 'us' | 'peer' | undefined;
  private constructor(
    private readonly client: InstanceType<typeof Client>,
    private readonly channel: ClientChannel,
    private readonly decoder: FrameDecoder,
    readonly hello: Hello,
    readonly framing: FramingMode,
    readonly device: string,
  ) {
    super();
  }

  get sessionId(): number {
    return this.hello.sessionId;
  }

  get serverCapabilities(): string[] {
    return this.hello.capabilities;
  }

  get closed(): boolean {
    return this.closedBy !== undefined;
  }

  /** One message; in parts, they are encoded one after another into the frame. */
  send(xml: string | readonly string[]): void {
    if (this.closedBy)
      throw new ConnectionLostError(`${this.device}: session closed`, [], { device: this.device });
    let mine: Buffer | undefined;
    const frame = encodeFrame(xml, this.framing, undefined, (size) => {
      if (size < REUSE_MIN) return Buffer.allocUnsafe(size);
      mine = takeSpare(size);
      return mine.subarray(0, size);
    });
    // ssh2 copies the frame into its packets; once the write's callback has come it holds none of it
    this.channel.write(frame, () => mine && giveSpare(mine));
  }

  /** End the SSH connection (after close-session, or to abandon the session). */
  close(): void {
    if (this.closedBy) return;
    this.closedBy = 'us';
    this.channel.end();
    this.client.end();
    this.emit('close', undefined);
  }

  static async open(opts: TransportOptions): Promise<NetconfTransport> {
    const device = opts.device ?? `${opts.host}:${opts.port}`;
    const timeoutMs = opts.connectTimeoutMs ?? 10_000;
    const client = new Client();
    const decoder = new FrameDecoder('eom');
    const offer11 = opts.offerBase11 ?? true;
    const ourCaps = [BASE_1_0, ...(offer11 ? [BASE_1_1] : []), ...(opts.clientCapabilities ?? [])];

    return openSsh<NetconfTransport>(
      client,
      {
        ...opts,
        device,
        timeoutMs,
        hostKey: opts.hostKey,
        goal: 'NETCONF session',
        extra: {
          keepaliveInterval: opts.keepaliveIntervalMs ?? 15_000,
          keepaliveCountMax: opts.keepaliveCountMax ?? 3,
        },
      },
      ({ fail, done }) => {
        client.subsys('netconf', (err, ch) => {
          if (err)
            return fail(
              new ConnectionError(`${device}: netconf subsystem refused: ${err.message}`, {
                cause: err,
                device,
              }),
            );

          // RFC 6241 §8.1: each side sends its hello as soon as the session opens
          ch.write(encodeFrame(helloXml(ourCaps), 'eom'));
          const onHelloData = (data: Buffer) => {
            decoder.push(data);
            let msg: string | undefined;
            try {
              msg = decoder.next();
              if (msg === undefined) return;
              const hello = parseHello(msg);
              ch.off('data', onHelloData);
              const framing: FramingMode =
                offer11 && hello.capabilities.includes(BASE_1_1) ? 'chunked' : 'eom';
              decoder.setMode(framing);
              const t = new NetconfTransport(client, ch, decoder, hello, framing, device);
              if (!done(t)) return;
              t.wire(ch, opts);
              // bytes that arrived together with the hello
              t.pump();
            } catch (e) {
              fail(
                new ConnectionError(`${device}: bad hello: ${(e as Error).message}`, { cause: e, device }),
              );
            }
          };
          ch.on('data', onHelloData);
          ch.on('close', () =>
            fail(new ConnectionError(`${device}: netconf channel closed before hello`, { device })),
          );
        });
      },
    );
  }

  private wire(ch: ClientChannel, _opts: TransportOptions): void {
    ch.removeAllListeners('close');
    ch.on('data', (data: Buffer) => {
      this.decoder.push(data);
      this.pump();
    });
    const lost = (why: string, cause?: unknown) => {
      if (this.closedBy) return;
      this.closedBy = 'peer';
      this.client.end();
      this.emit(
        'close',
        new ConnectionLostError(`${this.device}: ${why}`, [], { device: this.device, cause }),
      );
    };
    ch.on('close', () => lost('NETCONF channel closed by the device'));
    this.client.on('error', (err: Error) => lost(`connection error: ${err.message}`, err));
    this.client.on('close', () => lost('connection closed'));
  }

  private pump(): void {
    try {
      for (let m = this.decoder.next(); m !== undefined; m = this.decoder.next()) this.emit('message', m);
    } catch (e) {
      // a framing error means we no longer know where messages start: the session is unusable
      if (!this.closedBy) {
        this.closedBy = 'peer';
        this.client.end();
        this.emit(
          'close',
          new ConnectionLostError(`${this.device}: framing error: ${(e as Error).message}`, [], {
            device: this.device,
            cause: e,
          }),
        );
      }
    }
  }
}
