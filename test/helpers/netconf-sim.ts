/**
 * Test helpers for the simulated OLT's NETCONF server: a SimOlt behind a SimSshServer on an
 * ephemeral port, a realistic OltConfig generator (four VLANs per subscriber, spec §2), and a tiny
 * NETCONF client on ssh2 that speaks raw frames so tests can see exactly what the server sends.
 */
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { SimOlt } from '../../simulators/core/topology.ts';
import { SimSshServer } from '../../simulators/ssh/server.ts';
import { netconfSubsystem } from '../../simulators/netconf/index.ts';
import type { OltConfig, VAni, Channel } from '../../src/domain/olt-config/model.ts';
import { encodeFrame, FrameDecoder, type FramingMode } from '../../src/protocols/netconf/framing.ts';

export const SIM_CREDENTIALS = { username: 'admin', password: 'zxr10' };

export interface NetconfSim {
  olt: SimOlt;
  server: SimSshServer;
  port: number;
  close(): Promise<void>;
}

export async function startNetconfSim(
  opts: { pons?: number; ontsPerPon?: number; config?: OltConfig } = {},
): Promise<NetconfSim> {
  const olt = new SimOlt({
    name: 'olt-nc',
    profile: 'ponctl-sim-netconf',
    pons: opts.pons ?? 2,
    ontsPerPon: opts.ontsPerPon ?? 4,
    index: 0,
  });
  if (opts.config) olt.config.setRunning(opts.config);
  const server = new SimSshServer({
    olt,
    credentials: SIM_CREDENTIALS,
    subsystems: { netconf: netconfSubsystem(olt) },
  });
  const port = await server.listen(0);
  return { olt, server, port, close: () => server.close() };
}

const DOT1P: Record<Channel, number> = { internet: 0, management: 0, voip: 5, iptv: 2 };
const VLAN: Record<Channel, number> = { internet: 100, management: 200, voip: 300, iptv: 400 };

/** One subscriber's v-ANI with the four channels of spec §2. */
export function sampleOnu(ponIndex: number, onuId: number, serial: string): VAni {
  const channels: Channel[] = ['internet', 'management', 'voip', 'iptv'];
  return {
    onuId,
    onuType: 'ZXHN-F601',
    expectedSerial: serial,
    description: `A-${ponIndex}-${onuId}`,
    tconts: channels.map((_, i) => ({ id: i + 1, trafficProfile: i === 0 ? 'up-150M' : 'up-10M' })),
    gemports: channels.map((_, i) => ({ id: i + 1, tcont: i + 1 })),
    vlans: channels.map((ch, i) => ({
      channel: ch,
      gemport: i + 1,
      servicePort: i + 1,
      userVlan: VLAN[ch],
      vlan: VLAN[ch] + ponIndex,
      dot1p: DOT1P[ch],
      downstreamProfile: ch === 'internet' ? 'down-300M' : 'down-10M',
      upstreamProfile: ch === 'internet' ? 'up-150M' : 'up-10M',
      macLimit: ch === 'iptv' ? 4 : 8,
      dhcpSnooping: ch !== 'internet',
      antiSpoofing: true,
      pppoeFilter: ch === 'internet',
      macForcedForwarding: ch === 'internet',
      multicast: ch === 'iptv',
      adminState: 'enabled',
    })),
  };
}

/** A valid configuration: every physical ONT of `olt` (or a synthetic layout) authorised. */
export function sampleOltConfig(
  pons: number,
  onusPerPon: number,
  serialOf?: (pon: number, onu: number) => string,
): OltConfig {
  const serial =
    serialOf ??
    ((p: number, o: number) => 'ZTEG' + ((p << 16) | o).toString(16).toUpperCase().padStart(8, '0'));
  return {
    trafficProfiles: [
      { name: 'down-300M', cirKbps: 0, pirKbps: 300_000 },
      { name: 'up-150M', cirKbps: 0, pirKbps: 150_000 },
      { name: 'down-10M', cirKbps: 1000, pirKbps: 10_000 },
      { name: 'up-10M', cirKbps: 1000, pirKbps: 10_000 },
    ],
    channelTerminations: Array.from({ length: pons }, (_, p) => ({
      name: `1/1/${p + 1}`,
      onus: Array.from({ length: onusPerPon }, (_, o) => sampleOnu(p + 1, o + 1, serial(p + 1, o + 1))),
    })),
  };
}

export const NC_BASE = 'urn:ietf:params:xml:ns:netconf:base:1.0';

/** A raw NETCONF client: hello exchange, then `rpc(body)` returns the reply text. */
export class RawNetconfClient {
  private readonly conn = new ssh2.Client();
  private channel!: ClientChannel;
  private readonly decoder = new FrameDecoder('eom');
  private waiters: { resolve: (msg: string) => void; reject: (e: Error) => void }[] = [];
  private queue: string[] = [];
  mode: FramingMode = 'eom';
  serverHello = '';
  closed = false;
  private msgId = 1;

  async connect(port: number, creds = SIM_CREDENTIALS): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.conn.once('ready', () => resolve());
      this.conn.once('error', reject);
      this.conn.connect({ host: '127.0.0.1', port, username: creds.username, password: creds.password });
    });
    this.channel = await new Promise<ClientChannel>((resolve, reject) => {
      this.conn.subsys('netconf', (err, ch) => (err ? reject(err) : resolve(ch)));
    });
    this.channel.on('data', (d: Buffer) => {
      this.decoder.push(d);
      for (let m = this.decoder.next(); m !== undefined; m = this.decoder.next()) {
        const w = this.waiters.shift();
        if (w) w.resolve(m);
        else this.queue.push(m);
      }
    });
    const onClose = () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w.reject(new Error('session closed'));
    };
    this.channel.on('close', onClose);
    this.conn.on('close', onClose);
    this.conn.on('error', onClose);
  }

  next(timeoutMs = 5000): Promise<string> {
    const q = this.queue.shift();
    if (q !== undefined) return Promise.resolve(q);
    if (this.closed) return Promise.reject(new Error('session closed'));
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('timeout waiting for a NETCONF message')), timeoutMs);
      this.waiters.push({
        resolve: (m) => {
          clearTimeout(t);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(t);
          reject(e);
        },
      });
    });
  }

  /** Exchange hellos; `base11` announces base:1.1 so both sides switch to chunked framing. */
  async hello(base11 = true): Promise<string> {
    this.serverHello = await this.next();
    const caps = [`<capability>urn:ietf:params:netconf:base:1.0</capability>`];
    if (base11) caps.push(`<capability>urn:ietf:params:netconf:base:1.1</capability>`);
    this.sendRaw(
      `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NC_BASE}"><capabilities>${caps.join('')}</capabilities></hello>`,
    );
    if (base11 && this.serverHello.includes('urn:ietf:params:netconf:base:1.1')) {
      this.mode = 'chunked';
      this.decoder.setMode('chunked');
    }
    return this.serverHello;
  }

  sendRaw(msg: string, mode: FramingMode = this.mode): void {
    this.channel.write(encodeFrame(msg, mode));
  }

  writeBytes(b: Buffer | string): void {
    this.channel.write(b);
  }

  async rpc(body: string, attrs = ''): Promise<string> {
    const id = String(this.msgId++);
    this.sendRaw(`<rpc xmlns="${NC_BASE}" message-id="${id}"${attrs}>${body}</rpc>`);
    return this.next();
  }

  close(): void {
    this.conn.end();
  }
}
