/**
 * The OMCI transport port over UDP, TR-451 style (docs/omci-transport.md): one datagram per OMCI
 * message, a 30-byte channel-termination name and a 2-byte ONU id in front (tr451-framing.ts), to
 * the OLT's OMCI endpoint (`ports.omci` in the lab's inventory). The socket is connected to that
 * endpoint, so nothing else can feed it answers.
 *
 * MIC (G.987.3 §15.6 / G.9807.1 C.15): on a channel termination configured to carry it, each message
 * travels with its 4-byte MIC; the ONU's OMCI integrity key is derived from its serial number, the
 * channel's PON-TAG and the registration ID. Upstream messages whose MIC fails, or that come from an
 * ONU whose key is not known yet (no request sent to it with its serial), are dropped and counted.
 */
import dgram from 'node:dgram';
import type {
  OmciTransport,
  OmciTransportStats,
  OnuAddress,
} from '../../../../application/ports/omci-transport.ts';
import { ConnectionError } from '../../../../application/ports/olt-driver/errors.ts';
import {
  MIC_DOWNSTREAM,
  MIC_UPSTREAM,
  appendMic,
  deriveOmciIk,
  masterSessionKey,
  stripMic,
} from '../../../../protocols/omci/mic.ts';
import { decodeDatagram, encodeDatagram } from '../../../../protocols/omci/tr451-framing.ts';

/** How a channel termination keys its MIC (G.9807.1 C.15). */
export interface MicKeying {
  /** The channel's 8-byte PON-TAG. */
  ponTag: Buffer;
  /** The ONUs' 36-byte registration ID (default: all zeros, the lab's). */
  registrationId?: Buffer;
}

export interface UdpOmciTransportOptions {
  host: string;
  port: number;
  /** Channel terminations whose messages carry a MIC, by name. */
  micChannels?: ReadonlyMap<string, MicKeying>;
  /** Name used in errors (the OLT). */
  device?: string;
}

/** The 8-byte serial number field of a G.984/G.987 serial printed as `ZTEGC0FFEE01`. */
export function serialNumberBytes(serial: string): Buffer {
  if (!/^[\x20-\x7e]{4}[0-9a-fA-F]{8}$/.test(serial))
    throw new RangeError(`serial ${serial} is not vendor id + 8 hex digits`);
  return Buffer.concat([Buffer.from(serial.slice(0, 4), 'ascii'), Buffer.from(serial.slice(4), 'hex')]);
}

/** The OMCI integrity key of an ONU on a MIC-carrying channel. */
export function omciIkOf(keying: MicKeying, serial: string): Buffer {
  const msk = masterSessionKey(keying.registrationId ?? Buffer.alloc(36));
  return deriveOmciIk({ msk, serialNumber: serialNumberBytes(serial), ponTag: keying.ponTag }).omciIk;
}

/**
 * Receive buffer asked of the kernel. With the client's 256 requests in flight the answers arrive in
 * bursts, and Linux charges each datagram's buffer (≥ 1 KB even for a 76-byte baseline answer, ~3 KB
 * for an extended MIB upload next) against SO_RCVBUF, 208 KB by default: a burst that meets a busy
 * event loop overflows it and the answers are lost (RcvbufErrors in /proc/net/snmp), each costing a
 * request timeout. The kernel caps the value at net.core.rmem_max.
 */
export const OMCI_RECV_BUFFER_BYTES = 4 << 20;

const onuKey = (a: { channelTermination: string; onuId: number }) => `${a.channelTermination}|${a.onuId}`;

export class UdpOmciTransport implements OmciTransport {
  readonly stats: OmciTransportStats = { sent: 0, received: 0, framingErrors: 0, micErrors: 0 };
  private readonly handlers: ((from: OnuAddress, message: Buffer) => void)[] = [];
  private readonly closeHandlers: ((err?: Error) => void)[] = [];
  /** OMCI_IK per ONU of a MIC channel, learnt from the serial of the requests sent to it. */
  private readonly keys = new Map<string, { serial: string; ik: Buffer }>();
  private isClosed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    private readonly opts: UdpOmciTransportOptions,
  ) {
    socket.on('message', (b) => this.onDatagram(b));
    // ICMP "port unreachable" from a restarting OLT and the like: the requests time out, the socket lives
    socket.on('error', () => undefined);
  }

  /** Open a UDP socket connected to the OLT's OMCI endpoint. */
  static async open(opts: UdpOmciTransportOptions): Promise<UdpOmciTransport> {
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: OMCI_RECV_BUFFER_BYTES });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(opts.port, opts.host, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      socket.close();
      const device = opts.device ?? `${opts.host}:${opts.port}`;
      throw new ConnectionError(`${device}: OMCI endpoint: ${(e as Error).message}`, { device, cause: e });
    }
    return new UdpOmciTransport(socket, opts);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  send(to: OnuAddress, message: Buffer): void {
    if (this.isClosed) return;
    const keying = this.opts.micChannels?.get(to.channelTermination);
    let payload = message;
    if (keying) {
      const ik = this.keyFor(to, keying);
      if (!ik) {
        this.stats.micErrors++;
        return; // no serial, no key: the ONU would drop it; the request times out
      }
      payload = appendMic(ik, MIC_DOWNSTREAM, message);
    }
    this.stats.sent++;
    this.socket.send(encodeDatagram({ channelTermination: to.channelTermination, onuId: to.onuId, payload }));
  }

  private keyFor(to: OnuAddress, keying: MicKeying): Buffer | undefined {
    const k = onuKey(to);
    const known = this.keys.get(k);
    if (to.serial && known?.serial !== to.serial) {
      const ik = omciIkOf(keying, to.serial);
      this.keys.set(k, { serial: to.serial, ik });
      return ik;
    }
    return known?.ik;
  }

  private onDatagram(b: Buffer): void {
    let d;
    try {
      d = decodeDatagram(b);
    } catch {
      this.stats.framingErrors++;
      return;
    }
    this.stats.received++;
    let message = d.payload;
    if (this.opts.micChannels?.has(d.channelTermination)) {
      const key = this.keys.get(onuKey(d));
      try {
        if (!key) throw new Error('no key');
        message = stripMic(key.ik, MIC_UPSTREAM, d.payload);
      } catch {
        this.stats.micErrors++;
        return;
      }
    }
    const from: OnuAddress = { channelTermination: d.channelTermination, onuId: d.onuId };
    for (const h of this.handlers) h(from, message);
  }

  onMessage(handler: (from: OnuAddress, message: Buffer) => void): void {
    this.handlers.push(handler);
  }

  onClose(handler: (err?: Error) => void): void {
    if (this.isClosed) handler();
    else this.closeHandlers.push(handler);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await new Promise<void>((r) => this.socket.close(() => r()));
    for (const h of this.closeHandlers.splice(0)) h();
  }
}
