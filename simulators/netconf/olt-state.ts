/**
 * The `olt-state` container of ponctl-olt (config false): what the OLT observes, taken from the
 * physical model at request time (SimOlt.phaseOf, optical levels), so an injected fault shows in
 * NETCONF `<get>` just as in SNMP and the CLI. Per PON: the state of each configured v-ANI (by its
 * expected serial) and the ONTs that range without being authorised (`show gpon onu uncfg`).
 */
import type { SimOlt } from '../core/topology.ts';
import type { ListSpec } from '../../src/adapters/driven/olt/netconf/olt-config-schema.ts';

const s: ListSpec['key']['type'] = { kind: 'string' };

const stateVani: ListSpec = {
  xml: 'v-ani',
  field: 'onus',
  key: { xml: 'onu-id', field: 'onuId', type: { kind: 'uint', min: 0, max: 65535 } },
  leaves: [
    { xml: 'serial', field: 'serial', type: s },
    { xml: 'phase', field: 'phase', type: s },
    { xml: 'rx-power-dbm', field: 'rx', type: s },
    { xml: 'tx-power-dbm', field: 'tx', type: s },
    { xml: 'last-down-cause', field: 'cause', type: s },
  ],
  lists: [],
};

const uncfg: ListSpec = {
  xml: 'unconfigured-onu',
  field: 'uncfg',
  key: { xml: 'serial', field: 'serial', type: s },
  leaves: [{ xml: 'model', field: 'model', type: s }],
  lists: [],
};

export const STATE_CT: ListSpec = {
  xml: 'channel-termination',
  field: 'cts',
  key: { xml: 'name', field: 'name', type: s },
  leaves: [{ xml: 'fibre-ok', field: 'fibreOk', type: { kind: 'boolean' } }],
  lists: [stateVani, uncfg],
};

type Obj = Record<string, unknown>;

/** The state entries, one per PON that is physically present or configured. */
export function oltStateEntries(olt: SimOlt, now = Date.now()): Obj[] {
  const running = olt.config.running;
  const out: Obj[] = [];
  const configured = new Set<string>();
  const ctNames = new Set<string>([
    ...olt.pons.map((p) => p.name),
    ...running.channelTerminations.map((c) => c.name),
  ]);
  for (const name of ctNames) {
    const pon = olt.pon(name);
    const ct = running.channelTerminations.find((c) => c.name === name);
    const onus: Obj[] = [];
    for (const onu of ct?.onus ?? []) {
      configured.add(onu.expectedSerial);
      const ont = olt.ontBySerial(onu.expectedSerial);
      // an ONT on another PON than configured does not range here: offline, like a real OLT
      if (!ont || ont.pon !== name) {
        onus.push({ onuId: onu.onuId, serial: onu.expectedSerial, phase: 'offline' });
        continue;
      }
      onus.push({
        onuId: onu.onuId,
        serial: onu.expectedSerial,
        phase: olt.phaseOf(ont, now),
        rx: olt.rxPowerDbm(ont, now) ?? undefined,
        tx: olt.txPowerDbm(ont, now) ?? undefined,
        cause: ont.lastDownCause,
      });
    }
    const unconfigured: Obj[] = [];
    for (const ont of pon?.onts ?? []) {
      if (configured.has(ont.serial) || olt.isAuthorised(ont)) continue;
      if (olt.phaseOf(ont, now) !== 'working') continue;
      unconfigured.push({ serial: ont.serial, model: ont.model });
    }
    out.push({ name, fibreOk: pon ? pon.fibreOk : false, onus, uncfg: unconfigured });
  }
  return out;
}
