/**
 * The simulated lab's physical world: OLTs with PON ports, and the ONTs plugged into them. What the
 * OLT is *configured* to do lives in `OltConfigStore` (config-store.ts); what is physically there and
 * how it behaves (optical levels, power, fibre) lives here. Every protocol server (NETCONF, CLI, SNMP,
 * OMCI) reads the same objects, so an injected fault changes what every protocol reports.
 */
import { EventEmitter } from 'node:events';
import { OltConfigStore } from './config-store.ts';
import { FaultState } from './faults.ts';
import { storeView, type AuthorisedOnuView } from './authorised.ts';
import { ontOpticsOf, opticalLevelOf, type OpticalLevel } from './ont-optics.ts';

/** G.984 phase/operational state as the OLT reports it (ZTE `show gpon onu state` wording). */
export type OntPhase = 'working' | 'los' | 'dying-gasp' | 'offline' | 'auth-failed' | 'syncing';

/** Why an ONT last went down (ZTE last-down-cause). */
export type OntDownCause = 'none' | 'los' | 'dying-gasp' | 'reboot' | 'deactivated' | 'auth-failed';

export interface SimOnt {
  /** Position on the PON, 1-based: the ONU id the lab suggests for it. */
  readonly id: number;
  readonly pon: string;
  readonly serial: string;
  readonly model: string;
  /** Nominal optical levels before faults (dBm). */
  baseRxPowerDbm: number;
  baseTxPowerDbm: number;
  /** Powered on (false after a dying gasp until cleared). */
  powered: boolean;
  /** Drop fibre intact (false after a drop cut). */
  dropFibreOk: boolean;
  /** Extra attenuation injected by `rx-degrade` (dB, positive = weaker). */
  rxDegradeDb: number;
  /** Until this time (ms since epoch) the ONT is rebooting. */
  rebootingUntil: number;
  lastDownCause: OntDownCause;
  /** When the phase last changed (ms since epoch). */
  lastChange: number;
  /** Phase reported last, to detect changes and emit events. */
  lastPhase: OntPhase;
  /** Optical level reported last (null while no light reaches it), likewise. */
  lastOptics: OpticalLevel | null;
}

export interface SimPon {
  /** `R/S/P`, e.g. `1/1/1`. */
  readonly name: string;
  readonly onts: SimOnt[];
  /** Feeder fibre intact (false after a PON cut). */
  fibreOk: boolean;
}

export interface OntStateChange {
  olt: string;
  pon: string;
  ont: SimOnt;
  from: OntPhase;
  to: OntPhase;
  at: number;
}

/**
 * An ONT's RX level crossed one of its model's thresholds (profile `optics`) while its phase stayed
 * the same — e.g. `rx-degrade`. A phase change does not also emit this: `ont-state` listeners
 * re-read the optics anyway (the OMCI relay re-evaluates the ANI-G alarms on both).
 */
export interface OntOpticsChange {
  olt: string;
  pon: string;
  ont: SimOnt;
  from: OpticalLevel | null;
  to: OpticalLevel | null;
  rxDbm: number | null;
  at: number;
}

export interface SimOltOptions {
  name: string;
  /** Device profile name (device-profiles/NAME.json), e.g. `zxa10-c300`, `zxa10-c600`. */
  profile: string;
  pons: number;
  ontsPerPon: number;
  /** Index of this OLT in the lab (0-based), used to make serials unique lab-wide. */
  index: number;
  /** Deterministic seed for optical levels. */
  seed?: number;
}

/** Lab-wide unique serial: vendor `ZTEG` + 8 hex digits (olt index, pon, ont). */
export function labSerial(oltIndex: number, pon: number, ont: number): string {
  const n = ((oltIndex & 0xff) << 24) | ((pon & 0xff) << 16) | (ont & 0xffff);
  return 'ZTEG' + (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** PON port name for the k-th port (0-based): rack 1, shelf 1, slots of 16 ports. */
export function ponName(k: number): string {
  return `1/${1 + Math.floor(k / 16)}/${1 + (k % 16)}`;
}

export class SimOlt extends EventEmitter {
  readonly name: string;
  readonly profile: string;
  readonly index: number;
  readonly pons: SimPon[];
  readonly config: OltConfigStore;
  readonly faults: FaultState;
  /**
   * Which ONTs are authorised (OMCI, SNMP, monitoring read this). By default the NETCONF
   * configuration store; a simulated ZXA10 replaces it with a view over its own configuration.
   */
  authorised: AuthorisedOnuView;
  private readonly bySerial = new Map<string, SimOnt>();
  /** The PONs by name (fixed at start): every ONT's phase and optics look its PON up. */
  private readonly ponByName = new Map<string, SimPon>();

  constructor(opts: SimOltOptions) {
    super();
    this.setMaxListeners(100);
    this.name = opts.name;
    this.profile = opts.profile;
    this.index = opts.index;
    this.config = new OltConfigStore();
    this.faults = new FaultState();
    this.authorised = storeView(this.config);
    const now = Date.now();
    let seed = opts.seed ?? opts.index * 7919 + 17;
    const rand = () => {
      // xorshift: deterministic optical levels per lab, no Math.random in the physical model
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return ((seed >>> 0) % 10_000) / 10_000;
    };
    this.pons = [];
    for (let p = 0; p < opts.pons; p++) {
      const name = ponName(p);
      const onts: SimOnt[] = [];
      for (let o = 1; o <= opts.ontsPerPon; o++) {
        const ont: SimOnt = {
          id: o,
          pon: name,
          serial: labSerial(opts.index, p + 1, o),
          model: 'ZXHN-F601',
          baseRxPowerDbm: Math.round((-18 - rand() * 6) * 100) / 100,
          baseTxPowerDbm: Math.round((2 + rand() * 1.5) * 100) / 100,
          powered: true,
          dropFibreOk: true,
          rxDegradeDb: 0,
          rebootingUntil: 0,
          lastDownCause: 'none',
          lastChange: now,
          lastPhase: 'working',
          lastOptics: null,
        };
        onts.push(ont);
        this.bySerial.set(ont.serial, ont);
      }
      this.pons.push({ name, onts, fibreOk: true });
      this.ponByName.set(name, this.pons[this.pons.length - 1]);
    }
    for (const pon of this.pons) {
      for (const ont of pon.onts) {
        ont.lastPhase = this.phaseOf(ont, now);
        ont.lastOptics = this.opticsOf(ont, now);
      }
    }
  }

  pon(name: string): SimPon | undefined {
    return this.ponByName.get(name);
  }

  ont(pon: string, id: number): SimOnt | undefined {
    return this.pon(pon)?.onts.find((o) => o.id === id);
  }

  ontBySerial(serial: string): SimOnt | undefined {
    return this.bySerial.get(serial);
  }

  /**
   * Field work (design §3): the ONT at position `id` of `pon` is replaced by one with `serial` (the
   * SP's or the owner's ONT), which then ranges with that serial. Returns the ONT now there.
   */
  installOnt(pon: string, id: number, serial: string): SimOnt {
    const p = this.pon(pon);
    const i = p?.onts.findIndex((o) => o.id === id) ?? -1;
    if (!p || i < 0) throw new RangeError(`${this.name}: no ONT position ${pon}:${id}`);
    const old = p.onts[i];
    if (old.serial === serial) return old;
    const ont: SimOnt = { ...old, serial, lastChange: Date.now() };
    p.onts[i] = ont;
    if (this.bySerial.get(old.serial) === old) this.bySerial.delete(old.serial);
    this.bySerial.set(serial, ont);
    return ont;
  }

  /** Is this ONT's serial authorised in the running configuration? */
  isAuthorised(ont: SimOnt): boolean {
    return this.authorised.findOnuBySerial(ont.serial) !== undefined;
  }

  /**
   * The phase the OLT reports for a physical ONT. Unauthorised ONTs still range (they show in
   * `show gpon onu uncfg`) and report `working` optics; their service state is the config's business.
   */
  phaseOf(ont: SimOnt, now = Date.now()): OntPhase {
    const pon = this.pon(ont.pon);
    if (!ont.powered) return 'dying-gasp';
    if (!pon?.fibreOk || !ont.dropFibreOk) return 'los';
    if (ont.rebootingUntil > now) return 'offline';
    return 'working';
  }

  /** ONT receive power (dBm) or null when no light reaches it. */
  rxPowerDbm(ont: SimOnt, now = Date.now()): number | null {
    const phase = this.phaseOf(ont, now);
    if (phase === 'los' || phase === 'dying-gasp' || phase === 'offline') return null;
    return Math.round((ont.baseRxPowerDbm - ont.rxDegradeDb) * 100) / 100;
  }

  txPowerDbm(ont: SimOnt, now = Date.now()): number | null {
    return this.phaseOf(ont, now) === 'working' ? ont.baseTxPowerDbm : null;
  }

  /** Where the ONT's RX level sits against its model's thresholds; null when no light reaches it. */
  opticsOf(ont: SimOnt, now = Date.now()): OpticalLevel | null {
    const rx = this.rxPowerDbm(ont, now);
    return rx === null ? null : opticalLevelOf(rx, ontOpticsOf(ont.model));
  }

  /**
   * Re-evaluate every ONT and emit `ont-state` (OntStateChange) for those whose phase changed and
   * `ont-optics` (OntOpticsChange) for those whose RX level crossed a threshold without a phase
   * change. Fault injection calls this after changing the physical model; SNMP traps and OMCI alarms
   * listen. Returns the phase changes.
   */
  refresh(now = Date.now()): OntStateChange[] {
    const changes: OntStateChange[] = [];
    const optics: OntOpticsChange[] = [];
    for (const pon of this.pons) {
      for (const ont of pon.onts) {
        const to = this.phaseOf(ont, now);
        const level = this.opticsOf(ont, now);
        const fromLevel = ont.lastOptics;
        ont.lastOptics = level;
        if (to === ont.lastPhase) {
          if (level !== fromLevel)
            optics.push({
              olt: this.name,
              pon: pon.name,
              ont,
              from: fromLevel,
              to: level,
              rxDbm: this.rxPowerDbm(ont, now),
              at: now,
            });
          continue;
        }
        const from = ont.lastPhase;
        ont.lastPhase = to;
        ont.lastChange = now;
        if (to === 'los') ont.lastDownCause = 'los';
        else if (to === 'dying-gasp') ont.lastDownCause = 'dying-gasp';
        else if (to === 'offline') ont.lastDownCause = 'reboot';
        const change = { olt: this.name, pon: pon.name, ont, from, to, at: now };
        changes.push(change);
      }
    }
    for (const c of changes) this.emit('ont-state', c);
    for (const c of optics) this.emit('ont-optics', c);
    return changes;
  }
}
