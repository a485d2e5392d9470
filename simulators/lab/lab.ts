/**
 * The simulated lab (design §3, issue 4 §1): N simulated OLTs in one process. Each OLT gets an SSH
 * server on its CLI port (ZXA10 shell), one on its NETCONF port, an SNMP agent with trap sender, and
 * a UDP OMCI endpoint (TR-451-style addressing by channel termination and ONU id, issue 13); all of
 * them read the same SimOlt, so faults injected through the control endpoint (control.ts →
 * faults.ts) change what every protocol reports.
 */
import { chmodSync, readFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { SimOlt, type SimOnt } from '../core/topology.ts';
import { SimSshServer, type SshCredentials } from '../ssh/server.ts';
import { SimSnmpAgent, engineIdFor, type SnmpV3User } from '../snmp/agent.ts';
import { TrapSender, type TrapReceiver } from '../snmp/traps.ts';
import { loadOltSnmpProfile, ponIfIndexOf } from '../../src/protocols/snmp/olt-snmp-profile.ts';
import { labPonTag, loadOmciProfile } from '../../src/protocols/omci/omci-profile.ts';
import { OltOmciEndpoint, type OmciChannel } from '../omci/index.ts';
import { loadDefaultProtocols, protocolFactory, type ProtocolName } from './protocols.ts';
import {
  familyOfProfile,
  ponIfIndex,
  zxa10Of,
  zxa10Shell,
  Zxa10SnmpAgent,
  type Zxa10Olt,
} from '../zxa10/index.ts';
import { isBbfProfile } from '../bbf-olt/index.ts';
import { standardSnmpProfile } from '../bbf-olt/snmp-profile.ts';
import {
  applyFault,
  FaultError,
  type ActiveFault,
  type FaultRequest,
  type FaultResult,
  type FaultTarget,
} from './faults.ts';
import { startControlServer, type ControlServer } from './control.ts';
import type { LabInventory, LabInventoryOlt } from './inventory.ts';

/** Design §3: the first OLT is driven over NETCONF (in the BBF models: device profile bbf-tr385, issue 12), the second over the ZXA10 CLI. */
export const DEFAULT_PROFILES = ['bbf-tr385', 'zxa10-c300'] as const;

export interface LabCredentials extends SshCredentials {
  community: string;
}

export const DEFAULT_CREDENTIALS: LabCredentials = {
  username: 'ponctl',
  password: 'ponctl-lab',
  community: 'public',
};
export const DEFAULT_SNMP_V3_USER: SnmpV3User = {
  name: 'ponctl',
  authKey: 'ponctl-auth-key',
  privKey: 'ponctl-priv-key',
};

/** The protocol servers of one OLT, each a start-up step. */
const SERVERS = ['cli', 'netconf', 'snmp', 'omci'] as const;

/**
 * Start-up progress (issue 4 §1). `steps` moves within an OLT — one step per PON built (its ONTs and
 * their SNMP rows: the bulk of the work) and one per protocol server listening — so one 4 096-ONT
 * OLT does not jump from nothing to done.
 */
export interface LabProgress {
  /** `pon`: a PON of `olt` is built; `server`: one of its servers listens; `olt`: it is up; `ready`: the lab is. */
  phase: 'pon' | 'server' | 'olt' | 'ready';
  /** Steps done so far / in all (OLTs × (PONs + servers)): what a progress bar shows. */
  steps: number;
  totalSteps: number;
  /** OLTs done so far / in all. */
  done: number;
  total: number;
  /** ONTs built so far / in all. */
  onts: number;
  totalOnts: number;
  olt?: string;
  /** The step's subject: the PON (`1/1/3`) or the server (`cli`, `netconf`, `snmp`). */
  item?: string;
}

export interface LabOptions {
  olts?: number;
  /** PON ports per OLT (default 2). */
  pons?: number;
  /** ONTs per PON port (default 16). */
  onts?: number;
  /** Device profile per OLT; cycled when shorter than `olts`. Default DEFAULT_PROFILES. */
  profiles?: string[];
  host?: string;
  credentials?: LabCredentials;
  snmpV3Users?: SnmpV3User[];
  trapReceivers?: TrapReceiver[];
  /** Fixed ports; 0 / absent = ephemeral. `olts[i]` applies to the i-th OLT. */
  ports?: { control?: number; olts?: { cli?: number; netconf?: number; snmp?: number; omci?: number }[] };
  /** When set, the inventory is written to `<dataDir>/lab.json` (and removed on close). */
  dataDir?: string;
  /** OLT names (default `olt-1`, `olt-2`, …, numbered from firstOlt + 1). */
  names?: string[];
  /**
   * Index (0-based) of this process's first OLT when one lab is spread over several processes, each
   * with its share of the OLTs (bench scale, issue 16): names, serials, PON-TAGs and the cycled
   * profiles follow the index, so the processes' inventories together are the one lab. Default 0.
   */
  firstOlt?: number;
  /** With firstOlt: the step between this process's OLTs' indexes (default 1: a block of the lab). */
  oltStep?: number;
  onProgress?: (p: LabProgress) => void;
  /** The SSH host key (private, OpenSSH/PEM) of every OLT; default one per lab process. */
  hostKey?: string;
}

/** One simulated OLT and its protocol servers. */
export interface LabOlt {
  readonly olt: SimOlt;
  readonly profile: string;
  readonly model: string;
  readonly cli: SimSshServer;
  readonly netconf: SimSshServer;
  readonly snmp: SimSnmpAgent | Zxa10SnmpAgent;
  /** The independent ZXA10 simulator of a ZXA10 profile (its configuration, shell and SNMP agent). */
  readonly zxa10?: Zxa10Olt;
  readonly traps: TrapSender;
  /** IF-MIB ifIndex of a PON port as this OLT's agent serves it. */
  readonly ifIndexOf: (pon: string) => number;
  /** The OMCI endpoint (UDP) and its channel terminations, one per PON. */
  readonly omci: OltOmciEndpoint;
  readonly omciChannels: readonly OmciChannel[];
}

function profileModel(profile: string): string {
  const url = new URL(`../../device-profiles/${profile}.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { model?: string }).model ?? profile;
}

export class Lab implements FaultTarget {
  readonly olts: LabOlt[] = [];
  readonly activeFaults: ActiveFault[] = [];
  readonly host: string;
  readonly credentials: LabCredentials;
  readonly snmpV3Users: SnmpV3User[];
  private control?: ControlServer;
  private readonly timers = new Set<NodeJS.Timeout>();
  private labJson?: string;
  private closed = false;

  private constructor(private readonly opts: LabOptions) {
    this.host = opts.host ?? '127.0.0.1';
    this.credentials = opts.credentials ?? DEFAULT_CREDENTIALS;
    this.snmpV3Users = opts.snmpV3Users ?? [DEFAULT_SNMP_V3_USER];
  }

  /** Builds and starts every OLT, its servers and the control endpoint. */
  static async start(opts: LabOptions = {}): Promise<Lab> {
    const lab = new Lab(opts);
    try {
      await lab.boot();
    } catch (err) {
      await lab.close();
      throw err;
    }
    return lab;
  }

  private async boot(): Promise<void> {
    const o = this.opts;
    const nOlts = o.olts ?? 2;
    const nPons = o.pons ?? 2;
    const nOnts = o.onts ?? 16;
    const profiles = o.profiles?.length ? o.profiles : [...DEFAULT_PROFILES];
    const totalOnts = nOlts * nPons * nOnts;
    const totalSteps = nOlts * (nPons + SERVERS.length);
    let steps = 0;
    let ontsDone = 0;
    const progress = (
      p: Pick<LabProgress, 'phase' | 'done' | 'olt' | 'item'>,
      step = p.phase === 'pon' || p.phase === 'server',
    ) => {
      if (step) steps++;
      o.onProgress?.({ ...p, steps, totalSteps, total: nOlts, onts: ontsDone, totalOnts });
    };
    await loadDefaultProtocols();
    const first = o.firstOlt ?? 0;
    const step = o.oltStep ?? 1;
    if (!(step >= 1)) throw new Error(`oltStep must be at least 1, not ${step}`);
    for (let i = 0; i < nOlts; i++) {
      const at = first + i * step; // the OLT's index in the whole lab
      const profile = profiles[at % profiles.length];
      const name = o.names?.[i] ?? `olt-${at + 1}`;
      const olt = new SimOlt({ name, profile, pons: nPons, ontsPerPon: nOnts, index: at });
      const ctx = { olt, profile };
      // ZXA10 profiles: the independent simulator (own grammar and show layouts, real SNMP tables)
      const fam = familyOfProfile(profile);
      const z = fam ? zxa10Of(olt, fam, name) : undefined; // hostname = the OLT's name (prompt NAME#)
      const handler = (p: ProtocolName) => protocolFactory(p)?.(ctx);
      const cliShell = z ? zxa10Shell(z) : handler('cli');
      const subsystems: Record<string, NonNullable<ReturnType<typeof handler>>> = {};
      const nc = handler('netconf');
      if (nc) subsystems.netconf = nc;
      const omciProfile = loadOmciProfile(profile);
      const omciChannels: OmciChannel[] = olt.pons.map((p, k) => ({
        pon: p.name,
        name: omciProfile.channelTerminationOf(p.name),
        ponType: omciProfile.ponType,
        mic: omciProfile.mic ? { ponTag: labPonTag(at, k) } : undefined,
      }));
      const omci = new OltOmciEndpoint(olt, omciChannels);
      const hostKey = o.hostKey;
      const cli = new SimSshServer({ olt, credentials: this.credentials, shell: cliShell, hostKey });
      const netconf = new SimSshServer({ olt, credentials: this.credentials, subsystems, hostKey });
      const engineID = engineIdFor(name);
      const onPonBuilt = (pon: string) => {
        ontsDone += nOnts;
        progress({ phase: 'pon', done: i, olt: name, item: pon });
      };
      // a TR-385 OLT has no SNMP tables of its own: standard MIBs only, no ONT traps (bbf-olt/snmp-profile.ts)
      const bbf = isBbfProfile(profile);
      const snmpProfile = bbf ? standardSnmpProfile(profile) : loadOltSnmpProfile(profile);
      const common = {
        community: this.credentials.community,
        v3Users: this.snmpV3Users,
        engineID,
        host: this.host,
        onPonBuilt,
      };
      const snmp = z
        ? new Zxa10SnmpAgent({ z, ...common })
        : new SimSnmpAgent({ olt, profile: snmpProfile, ...common });
      // ONT state traps: no public ZTE ONU-state trap exists (dialect §9.4); these are the lab's own
      // (profile `snmp.notifications`), sent by the simulated ZXA10 too and documented as lab-only
      // a ZXA10 row is a configured ONU at its configured id
      const onuIdOf = z
        ? (ont: SimOnt) => {
            const e = z.cfg.onuBySerial(ont.serial);
            return e && e.pon === ont.pon ? e.id : undefined;
          }
        : undefined;
      const traps = new TrapSender(
        { olt, profile: snmpProfile, startedAt: Date.now(), engineID, onuIdOf },
        engineID,
      );
      if (!bbf) {
        olt.on('ont-state', (c) => traps.notify(c));
        olt.on('ont-optics', (c) => traps.notifyOptics(c));
      }
      const ifIndexOf = z ? ponIfIndex : (pon: string) => ponIfIndexOf(snmpProfile, pon);
      const lo: LabOlt = {
        olt,
        profile,
        model: profileModel(profile),
        cli,
        netconf,
        snmp,
        zxa10: z,
        traps,
        ifIndexOf,
        omci,
        omciChannels,
      };
      this.olts.push(lo);
      const ports = o.ports?.olts?.[i];
      const start: Record<(typeof SERVERS)[number], () => Promise<unknown>> = {
        cli: () => cli.listen(ports?.cli ?? 0, this.host),
        netconf: () => netconf.listen(ports?.netconf ?? 0, this.host),
        snmp: () => snmp.start(ports?.snmp ?? 0),
        omci: () => omci.listen(ports?.omci ?? 0, this.host),
      };
      for (const s of SERVERS) {
        await start[s]();
        progress({ phase: 'server', done: i, olt: name, item: s });
      }
      progress({ phase: 'olt', done: i + 1, olt: name });
    }
    for (const r of o.trapReceivers ?? []) this.addTrapReceiver(r);
    this.control = await startControlServer(this, this.host, o.ports?.control ?? 0);
    if (o.dataDir) {
      mkdirSync(o.dataDir, { recursive: true });
      this.labJson = path.join(o.dataDir, 'lab.json');
      // the inventory holds the OLTs' passwords, community and SNMPv3 keys: owner only (issue 17 item 7)
      writeFileSync(this.labJson, JSON.stringify(this.inventory()) + '\n', { mode: 0o600 });
      chmodSync(this.labJson, 0o600);
    }
    progress({ phase: 'ready', done: nOlts });
  }

  /** Base URL of the control endpoint. */
  get controlUrl(): string {
    return this.control?.url ?? '';
  }

  inventory(): LabInventory {
    return { control: this.controlUrl, olts: this.olts.map((o) => this.oltInventory(o)) };
  }

  private oltInventory(o: LabOlt): LabInventoryOlt {
    const v3 = this.snmpV3Users[0] ?? DEFAULT_SNMP_V3_USER;
    return {
      name: o.olt.name,
      model: o.model,
      profile: o.profile,
      host: this.host,
      ports: { cli: o.cli.port, netconf: o.netconf.port, snmp: o.snmp.port, omci: o.omci.port },
      hostKey: o.netconf.hostKeyFingerprint,
      credentials: {
        username: this.credentials.username,
        password: this.credentials.password,
        community: this.credentials.community,
      },
      snmpV3: {
        user: v3.name,
        securityLevel: 'authPriv',
        authProtocol: 'SHA',
        authKey: v3.authKey,
        privProtocol: 'AES',
        privKey: v3.privKey,
        engineID: engineIdFor(o.olt.name),
      },
      pons: o.olt.pons.map((p, k) => {
        const ch = o.omciChannels[k];
        return {
          port: p.name,
          ifIndex: o.ifIndexOf(p.name),
          channelTermination: ch.name,
          ponType: ch.ponType,
          omciMic: ch.mic !== undefined,
          ...(ch.mic ? { ponTag: ch.mic.ponTag.toString('hex') } : {}),
          onts: p.onts.map((t) => ({ id: t.id, serial: t.serial })),
        };
      }),
    };
  }

  labOlt(name: string): LabOlt | undefined {
    return this.olts.find((o) => o.olt.name === name);
  }

  findOlt(name: string): SimOlt | undefined {
    return this.labOlt(name)?.olt;
  }

  /**
   * Field work (design §3): the ONT with `serial` now sits at that position (see SimOlt.installOnt).
   * `refresh` re-evaluates ONT states (emitting events); a batch passes false and refreshes once,
   * with `olt` undefined, at the end.
   */
  installOnt(
    olt: string | undefined,
    pon: string,
    ont: number,
    serial?: string,
    refresh = true,
  ): { serial: string } {
    if (olt === undefined) {
      if (refresh) for (const o of this.olts) o.olt.refresh();
      return { serial: '' };
    }
    const o = this.findOlt(olt);
    if (!o) throw new FaultError(`no OLT ${olt}`, 404);
    try {
      const now = serial ? o.installOnt(pon, ont, serial) : o.ont(pon, ont);
      if (!now) throw new RangeError(`${olt}: no ONT position ${pon}:${ont}`);
      if (refresh) o.refresh();
      return { serial: now.serial };
    } catch (e) {
      throw new FaultError((e as Error).message, 404);
    }
  }

  dropSessions(name: string): void {
    const o = this.labOlt(name);
    o?.cli.dropAll();
    o?.netconf.dropAll();
  }

  later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  /** Inject or clear a fault (design §3 kinds); throws FaultError on a bad request. */
  fault(req: FaultRequest): FaultResult {
    return applyFault(this, req);
  }

  /** Send ONT state notifications to this receiver, from every OLT or from the one named. */
  addTrapReceiver(receiver: TrapReceiver, olt?: string): void {
    for (const o of this.olts) if (!olt || o.olt.name === olt) o.traps.add(receiver);
  }

  removeTrapReceiver(host: string, port: number): void {
    for (const o of this.olts) o.traps.remove(host, port);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.control?.close();
    await Promise.all(
      this.olts.map(async (o) => {
        o.traps.close();
        await Promise.all([o.cli.close(), o.netconf.close(), o.snmp.close(), o.omci.close()]);
      }),
    );
    if (this.labJson) {
      // only remove the file if it is still ours (another lab may have started since)
      try {
        const cur = JSON.parse(readFileSync(this.labJson, 'utf8')) as { control?: string };
        if (cur.control === this.controlUrl) rmSync(this.labJson);
      } catch {
        /* already gone */
      }
    }
  }
}
