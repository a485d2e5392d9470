/**
 * The simulated ZXA10's own running configuration (issue 18 item 4): what a C300/C600 keeps per PON
 * port, per ONU (its `interface gpon-onu_…` / `gpon_onu-…` body, its `pon-onu-mng` body and, on TITAN,
 * its `interface vport-…` bodies) and globally (profiles under `gpon`, ONU types under `pon`, IGMP
 * MVLANs, uplinks, system lines). It is independent of the controller's OltConfig: lines are kept as
 * the device keeps them — the canonical text of what was typed (keywords written out in full), keyed by
 * what a re-entry of the same command replaces — and the few facts other parts of the lab need (serial,
 * type, name, T-CONTs, GEM ports, services) are read back from those lines (views.ts).
 */
import { EventEmitter } from 'node:events';

/** One configuration object's body: canonical lines in the order the device lists them. */
export class Block {
  private readonly lines = new Map<string, string>();

  /** Set (or replace) the line stored under `key`. A replaced line keeps its place. */
  set(key: string, line: string): void {
    this.lines.set(key, line);
  }

  get(key: string): string | undefined {
    return this.lines.get(key);
  }

  has(key: string): boolean {
    return this.lines.has(key);
  }

  delete(key: string): boolean {
    return this.lines.delete(key);
  }

  /** Delete every line whose key starts with `prefix`; returns how many went. */
  deletePrefix(prefix: string): number {
    let n = 0;
    for (const k of [...this.lines.keys()])
      if (k.startsWith(prefix)) {
        this.lines.delete(k);
        n++;
      }
    return n;
  }

  keys(): string[] {
    return [...this.lines.keys()];
  }

  /** Lines ordered by `rank(key)` (device order by kind of line), then by entry order. */
  ordered(rank: (key: string) => number = () => 0): string[] {
    const entries = [...this.lines.entries()].map(([k, v], i) => ({ k, v, i, r: rank(k) }));
    entries.sort((a, b) => a.r - b.r || a.i - b.i);
    return entries.map((e) => e.v);
  }

  get size(): number {
    return this.lines.size;
  }
}

export type OnuAuth = { kind: 'sn' | 'pw' | 'loid'; value: string };

export interface OnuEntry {
  readonly pon: string;
  readonly id: number;
  type: string;
  auth: OnuAuth;
  /** `interface gpon-onu_…` (C3xx) / `interface gpon_onu-…` (TITAN) body. */
  readonly iface: Block;
  /** `pon-onu-mng …` body. */
  readonly mng: Block;
  /** TITAN `interface vport-1/S/P.N:K` bodies, by K. */
  readonly vports: Map<number, Block>;
  /** When the entry was created (ms since epoch). */
  readonly createdAt: number;
}

export interface PonEntry {
  readonly name: string;
  /** Lines of `interface gpon-olt_…` other than `onu N …` (e.g. `onu N profile …`, `no shutdown`). */
  readonly block: Block;
  readonly onus: Map<number, OnuEntry>;
}

/**
 * Why a configuration changed, for listeners (the SNMP agent's caches, OMCI's MIB, traps).
 * `onu` = an ONU entry was created, removed or re-authorised.
 */
export type ConfigChange = { kind: 'onu' | 'line'; pon?: string; onuId?: number };

export class Zxa10Config extends EventEmitter {
  readonly pons = new Map<string, PonEntry>();
  /** `gpon` mode: `profile tcont …`, `profile traffic …`, `onu profile vlan …`. */
  readonly gpon = new Block();
  /** `pon` mode: `onu-type …`, `onu-type-if …`. */
  readonly pon = new Block();
  /** Global configuration lines (C3xx `igmp mvlan M receive-port …`, TITAN `traffic-profile …`, system lines). */
  readonly global = new Block();
  /** TITAN `igmp mvlan M` mode bodies. */
  readonly mvlans = new Map<number, Block>();
  /** Uplink interfaces (`gei_…`, `xgei_…`, `xgei-…`). */
  readonly uplinks = new Map<string, Block>();
  hostname: string;
  /** Bumped on every change; `savedVersion` is the version `write` last saved. */
  version = 0;
  savedVersion = 0;
  private serialIndex: Map<string, OnuEntry> | null = null;

  constructor(ponNames: string[], hostname = 'ZXAN') {
    super();
    this.setMaxListeners(100);
    this.hostname = hostname;
    for (const name of ponNames) this.pons.set(name, { name, block: new Block(), onus: new Map() });
  }

  changed(change: ConfigChange): void {
    this.version++;
    if (change.kind === 'onu') this.serialIndex = null;
    this.emit('change', change);
  }

  onu(pon: string, id: number): OnuEntry | undefined {
    return this.pons.get(pon)?.onus.get(id);
  }

  /** The ONU entry authorised by serial `sn` (`onu N type T sn S`), anywhere on the OLT. */
  onuBySerial(sn: string): OnuEntry | undefined {
    if (!this.serialIndex) {
      this.serialIndex = new Map();
      for (const p of this.pons.values())
        for (const o of p.onus.values()) if (o.auth.kind === 'sn') this.serialIndex.set(o.auth.value, o);
    }
    return this.serialIndex.get(sn.toUpperCase());
  }

  addOnu(pon: string, id: number, type: string, auth: OnuAuth, now = Date.now()): OnuEntry {
    const p = this.pons.get(pon);
    if (!p) throw new RangeError(`no PON ${pon}`);
    const entry: OnuEntry = {
      pon,
      id,
      type,
      auth: auth.kind === 'sn' ? { kind: 'sn', value: auth.value.toUpperCase() } : auth,
      iface: new Block(),
      mng: new Block(),
      vports: new Map(),
      createdAt: now,
    };
    p.onus.set(id, entry);
    this.changed({ kind: 'onu', pon, onuId: id });
    return entry;
  }

  /** `no onu N`: the ONU and everything configured under it go (NSO §11: cascading delete). */
  removeOnu(pon: string, id: number): boolean {
    const p = this.pons.get(pon);
    if (!p?.onus.delete(id)) return false;
    p.block.deletePrefix(`onu ${id} `);
    this.changed({ kind: 'onu', pon, onuId: id });
    return true;
  }

  /** `registration-method sn|pw V`: a new serial/password for an existing ONU. */
  reauthorise(entry: OnuEntry, auth: OnuAuth): void {
    entry.auth = auth.kind === 'sn' ? { kind: 'sn', value: auth.value.toUpperCase() } : auth;
    this.changed({ kind: 'onu', pon: entry.pon, onuId: entry.id });
  }

  vport(entry: OnuEntry, k: number): Block {
    let b = entry.vports.get(k);
    if (!b) {
      b = new Block();
      entry.vports.set(k, b);
    }
    return b;
  }

  mvlan(m: number): Block {
    let b = this.mvlans.get(m);
    if (!b) {
      b = new Block();
      this.mvlans.set(m, b);
    }
    return b;
  }

  uplink(name: string): Block {
    let b = this.uplinks.get(name);
    if (!b) {
      b = new Block();
      this.uplinks.set(name, b);
    }
    return b;
  }

  /** Names of the profiles of a kind defined under `gpon` (`profile tcont NAME …`), plus built-ins. */
  gponProfiles(kind: 'tcont' | 'traffic'): Set<string> {
    // boss-app's live C300 notes: a built-in T-CONT and traffic profile `default` exists
    const names = new Set<string>(['default']);
    for (const k of this.gpon.keys()) {
      const m = /^profile (tcont|traffic) (\S+)$/.exec(k);
      if (m && m[1] === kind) names.add(m[2]);
    }
    return names;
  }

  /** TITAN `traffic-profile NAME …` names (global), used by `egress P`, `qos traffic-policy|shaping P`. */
  trafficProfiles(): Set<string> {
    const names = new Set<string>();
    for (const k of this.global.keys()) {
      const m = /^traffic-profile (\S+)$/.exec(k);
      if (m) names.add(m[1]);
    }
    return names;
  }
}
