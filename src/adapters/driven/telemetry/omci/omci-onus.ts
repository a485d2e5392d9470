/**
 * What ponctl does with the ONUs behind one OLT over OMCI, on top of the request engine: each ONU's
 * MIB (uploaded once, G.988 §I.1.2; instances come only from it), the message set it speaks (ONU2-G
 * OMCC version, omcc-version.ts), ONU-G / ONU2-G / ANI-G reads, Set, Get next of table attributes,
 * MIB reset, Reboot, the ANI-G self test, and the alarm view with sequence-number resync
 * (alarm-tracker.ts). Result codes other than success become the typed errors of omci-errors.ts.
 */
import type { OnuAddress } from '../../../../application/ports/omci-transport.ts';
import type { AttrValues } from '../../../../protocols/omci/attributes.ts';
import { OmciResult, EXTENDED_MAX_CONTENTS } from '../../../../protocols/omci/frame.ts';
import {
  ANI_G,
  MeClass,
  ONU2_G,
  ONU_G,
  maskOf,
  meDef,
  type MeDef,
} from '../../../../protocols/omci/me-defs.ts';
import type { AlarmRecord } from '../../../../protocols/omci/messages.ts';
import { supportsExtendedMessages } from '../../../../protocols/omci/omcc-version.ts';
import {
  decodeOpticalTestResult,
  opticalLevelToDbm,
  opticalTestRequest,
  type OpticalTestResult,
} from '../../../../protocols/omci/optics.ts';
import { AlarmTracker } from './alarm-tracker.ts';
import type { OmciClient } from './omci-client.ts';
import { OmciUnknownInstanceError, omciResultError } from './omci-errors.ts';
import { OnuMib } from './onu-mib.ts';

/** Which message set to speak: as the ONU reports (default), or always baseline. */
export type MessageSetPolicy = 'auto' | 'baseline';

export interface OnuState {
  vendorId: string;
  /** G.984 serial as OLTs print it: 4-letter vendor id + 8 hex digits. */
  serial: string;
  administrativeState: 'unlocked' | 'locked';
  operationalState: 'enabled' | 'disabled';
}

export interface OpticalLevels {
  /** ANI-G optical signal level (RX), dBm, 0.002 dB resolution; null = not reported. */
  rxDbm: number | null;
  txDbm: number | null;
}

interface OnuSession {
  mib?: OnuMib;
  omccVersion?: number;
  uploading?: Promise<OnuMib>;
}

const onuKey = (a: OnuAddress) => `${a.channelTermination}|${a.onuId}`;
const BASELINE_GET_NEXT = 29;
const ONU_DATA = { meClass: MeClass.onuData, meInstance: 0 };

export class OmciOnus {
  private readonly sessions = new Map<string, OnuSession>();
  readonly alarms: AlarmTracker;

  constructor(
    readonly client: OmciClient,
    private readonly policy: MessageSetPolicy = 'auto',
  ) {
    this.alarms = new AlarmTracker(client, (a) => this.getAllAlarms(a));
  }

  private session(a: OnuAddress): OnuSession {
    let s = this.sessions.get(onuKey(a));
    if (!s) {
      s = {};
      this.sessions.set(onuKey(a), s);
    }
    return s;
  }

  /** Whether requests to this ONU use the extended set (known once ONU2-G has been read). */
  extendedFor(a: OnuAddress): boolean {
    const v = this.session(a).omccVersion;
    return this.policy === 'auto' && v !== undefined && supportsExtendedMessages(v);
  }

  private ext(a: OnuAddress): { extended?: true } {
    return this.extendedFor(a) ? { extended: true } : {};
  }

  /** Get named attributes of one ME instance; a non-success result throws its typed error. */
  async get(
    a: OnuAddress,
    meClass: number,
    meInstance: number,
    names: readonly string[],
  ): Promise<AttrValues> {
    const def = requireDef(meClass);
    const r = await this.client.request(a, {
      type: 'get-request',
      meClass,
      meInstance,
      mask: maskOf(def, names),
      ...this.ext(a),
    });
    if (r.result !== OmciResult.success)
      throw omciResultError(`get ${def.name}`, r.result, {
        meClass,
        meInstance,
        unsupportedMask: r.unsupportedMask,
        failedMask: r.failedMask,
      });
    return r.attributes;
  }

  async set(a: OnuAddress, meClass: number, meInstance: number, values: AttrValues): Promise<void> {
    const def = requireDef(meClass);
    const mask = maskOf(def, Object.keys(values));
    const r = await this.client.request(a, {
      type: 'set-request',
      meClass,
      meInstance,
      mask,
      attributes: values,
      ...this.ext(a),
    });
    if (r.result !== OmciResult.success)
      throw omciResultError(`set ${def.name}`, r.result, {
        meClass,
        meInstance,
        unsupportedMask: r.unsupportedMask,
        failedMask: r.failedMask,
      });
  }

  /** ONU2-G (G.988 §9.1.2: one instance, id 0): equipment id and OMCC version, which picks the message set. */
  async getOnu2(a: OnuAddress): Promise<{ equipmentId: string; omccVersion: number }> {
    const v = await this.get(a, ONU2_G.classId, 0, ['equipmentId', 'omccVersion']);
    this.session(a).omccVersion = v.omccVersion as number;
    return { equipmentId: String(v.equipmentId), omccVersion: v.omccVersion as number };
  }

  /** ONU-G (§9.1.1, instance 0) identity and states in one Get (14 of the 25 baseline value bytes). */
  async getOnuState(a: OnuAddress): Promise<OnuState> {
    const v = await this.get(a, ONU_G.classId, 0, [
      'vendorId',
      'serialNumber',
      'administrativeState',
      'operationalState',
    ]);
    const sn = v.serialNumber as Buffer;
    return {
      vendorId: String(v.vendorId),
      serial: sn.toString('latin1', 0, 4) + sn.subarray(4, 8).toString('hex').toUpperCase(),
      administrativeState: v.administrativeState === 0 ? 'unlocked' : 'locked',
      operationalState: v.operationalState === 0 ? 'enabled' : 'disabled',
    };
  }

  /**
   * MIB upload (G.988 §I.1.2): ONU2-G first, so an ONU that speaks the extended set uploads in a few
   * messages, then MIB upload and every MIB upload next; every record of every response is kept.
   */
  async mibUpload(a: OnuAddress): Promise<OnuMib> {
    await this.getOnu2(a);
    const start = await this.client.request(a, { type: 'mib-upload-request', ...ONU_DATA, ...this.ext(a) });
    const records = [];
    for (let sequence = 0; sequence < start.commands; sequence++) {
      const r = await this.client.request(a, {
        type: 'mib-upload-next-request',
        ...ONU_DATA,
        sequence,
        ...this.ext(a),
      });
      records.push(...r.records);
    }
    const mib = OnuMib.fromRecords(records);
    const s = this.session(a);
    s.mib = mib;
    if (mib.omccVersion !== undefined) s.omccVersion = mib.omccVersion;
    return mib;
  }

  /** The ONU's MIB: the last upload, or a new one (one at a time per ONU). */
  mib(a: OnuAddress): Promise<OnuMib> {
    const s = this.session(a);
    if (s.mib) return Promise.resolve(s.mib);
    s.uploading ??= this.mibUpload(a).finally(() => (s.uploading = undefined));
    return s.uploading;
  }

  /** Forget the ONU's MIB (it rebooted or was reset): the next use uploads again. */
  forget(a: OnuAddress): void {
    this.sessions.delete(onuKey(a));
  }

  /**
   * ANI-G optical signal level and transmit optical level (§9.2.1), of the ANI-G the MIB lists. An
   * instance the ONU no longer knows (result 5) means the MIB is stale: upload again, once.
   */
  async getOpticalLevels(a: OnuAddress): Promise<OpticalLevels> {
    const read = async () => {
      const ani = (await this.mib(a)).aniG[0];
      if (!ani)
        throw new OmciUnknownInstanceError('get ANI-G', OmciResult.unknownInstance, {
          meClass: ANI_G.classId,
        });
      return this.get(a, ANI_G.classId, ani.meInstance, ['opticalSignalLevel', 'transmitOpticalLevel']);
    };
    let v: AttrValues;
    try {
      v = await read();
    } catch (e) {
      if (!(e instanceof OmciUnknownInstanceError) || !this.session(a).mib) throw e;
      this.forget(a);
      v = await read();
    }
    const dbm = (x: unknown) => (typeof x !== 'number' || x === -32768 ? null : opticalLevelToDbm(x));
    return { rxDbm: dbm(v.opticalSignalLevel), txDbm: dbm(v.transmitOpticalLevel) };
  }

  /** A table attribute (Get gives its size, Get next its bytes, §11.2.4), split into rows. */
  async getTable(a: OnuAddress, meClass: number, meInstance: number, name: string): Promise<Buffer[]> {
    const def = requireDef(meClass);
    const attr = def.attributes.find((x) => x.name === name && x.type === 'table');
    if (!attr) throw new Error(`${def.name} has no table attribute ${name}`);
    const size = (await this.get(a, meClass, meInstance, [name]))[name] as number;
    const mask = maskOf(def, [name]);
    const chunk = this.extendedFor(a) ? EXTENDED_MAX_CONTENTS - 3 : BASELINE_GET_NEXT;
    const parts: Buffer[] = [];
    for (let sequence = 0; sequence * chunk < size; sequence++) {
      const r = await this.client.request(a, {
        type: 'get-next-request',
        meClass,
        meInstance,
        mask,
        sequence,
        ...this.ext(a),
      });
      if (r.result !== OmciResult.success)
        throw omciResultError(`get next ${def.name}.${name}`, r.result, { meClass, meInstance });
      parts.push(r.data);
    }
    const all = Buffer.concat(parts).subarray(0, size);
    const rows: Buffer[] = [];
    for (let o = 0; o + attr.size <= all.length; o += attr.size)
      rows.push(Buffer.from(all.subarray(o, o + attr.size)));
    return rows;
  }

  /** Get all alarms (mode 0: all, §A.1.4) and every next: the ONU's alarm snapshot, one record per ME. */
  async getAllAlarms(a: OnuAddress): Promise<AlarmRecord[]> {
    const start = await this.client.request(a, {
      type: 'get-all-alarms-request',
      ...ONU_DATA,
      mode: 0,
      ...this.ext(a),
    });
    const out: AlarmRecord[] = [];
    for (let sequence = 0; sequence < start.commands; sequence++) {
      const r = await this.client.request(a, {
        type: 'get-all-alarms-next-request',
        ...ONU_DATA,
        sequence,
        ...this.ext(a),
      });
      out.push(...r.records);
    }
    return out;
  }

  async mibReset(a: OnuAddress): Promise<void> {
    const r = await this.client.request(a, { type: 'mib-reset-request', ...ONU_DATA, ...this.ext(a) });
    if (r.result !== OmciResult.success) throw omciResultError('mib reset', r.result, ONU_DATA);
    const omcc = this.session(a).omccVersion;
    this.forget(a);
    if (omcc !== undefined) this.session(a).omccVersion = omcc; // a reset keeps the ONU's OMCC version
  }

  /** Reboot (G.988 A.3, ONU-G, condition 0 = unconditional). An ONU without it answers result 2. */
  async reboot(a: OnuAddress): Promise<void> {
    const r = await this.client.request(a, {
      type: 'reboot-request',
      meClass: ONU_G.classId,
      meInstance: 0,
      condition: 0,
      ...this.ext(a),
    });
    if (r.result !== OmciResult.success)
      throw omciResultError('reboot', r.result, { meClass: ONU_G.classId, meInstance: 0 });
    this.forget(a);
  }

  /** ANI-G self test (optical line supervision, G.988 A.3 Test / Test result). */
  async selfTest(a: OnuAddress): Promise<OpticalTestResult> {
    const ani = (await this.mib(a)).aniG[0];
    const meInstance = ani?.meInstance ?? 0;
    const { response, result } = await this.client.test(a, {
      type: 'test-request',
      meClass: ANI_G.classId,
      meInstance,
      test: opticalTestRequest(),
      ...this.ext(a),
    });
    if (response.result !== OmciResult.success)
      throw omciResultError('test ANI-G', response.result, { meClass: ANI_G.classId, meInstance });
    if (!result)
      throw omciResultError('test ANI-G (no test result)', OmciResult.processingError, {
        meClass: ANI_G.classId,
        meInstance,
      });
    return decodeOpticalTestResult(result.data);
  }

  close(): void {
    this.alarms.close();
  }
}

function requireDef(meClass: number): MeDef {
  const def = meDef(meClass);
  if (!def) throw new Error(`no definition for ME class ${meClass}`);
  return def;
}
