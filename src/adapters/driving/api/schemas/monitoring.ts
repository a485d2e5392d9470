/** JSON shapes of monitoring (issue 6): alarms (RFC 8632), incidents, an ONT with its optical history. */
import { Type } from 'typebox';
import { ALARM_TYPES, SEVERITIES } from '../../../../domain/monitoring/alarms.ts';
import { INCIDENT_CAUSES } from '../../../../domain/monitoring/incidents.ts';

const Opt = Type.Optional;
const S = Type.String;

export const AlarmView = Type.Object(
  {
    id: S(),
    resource: S({ description: 'OLT/PON:ONU, OLT/PON or OLT' }),
    type: S({ description: ALARM_TYPES.join(' | ') }),
    qualifier: S(),
    severity: S({ description: SEVERITIES.join(' | ') }),
    isCleared: Type.Boolean(),
    text: S(),
    raisedAt: S(),
    lastChangedAt: S(),
    clearedAt: Opt(S()),
    operatorState: S({ description: 'none | ack | closed | shelved' }),
    operator: Opt(S()),
    operatorText: Opt(S()),
    operatorAt: Opt(S()),
    shelvedUntil: Opt(S()),
    history: Type.Array(Type.Object({ at: S(), severity: S(), text: S() })),
    olt: S(),
    pon: Opt(S()),
    onuId: Opt(Type.Integer()),
    adapterId: Opt(S()),
  },
  { $id: 'Alarm' },
);

export const IncidentView = Type.Object(
  {
    id: S(),
    cause: S({ description: INCIDENT_CAUSES.join(' | ') }),
    olt: S(),
    pon: Opt(S()),
    start: S(),
    end: Opt(S()),
    status: S({ description: 'open | resolved' }),
    affected: Type.Array(
      Type.Object({ olt: S(), pon: S(), onuId: Type.Integer(), adapterId: Opt(S()), recoveredAt: Opt(S()) }),
    ),
    countsForSla: Type.Boolean({ description: "spec §5: only faults on the network owner's side count" }),
    summary: S(),
  },
  { $id: 'Incident' },
);

const Sample = Type.Object({
  at: S(),
  rxDbm: Type.Union([Type.Number(), Type.Null()]),
  txDbm: Opt(Type.Union([Type.Number(), Type.Null()])),
  source: S(),
});

const OntContextProps = {
  access: Opt(
    Type.Object(
      {
        adapterId: S(),
        sp: S(),
        spName: Opt(S()),
        state: S(),
        address: S(),
        services: Type.Array(
          Type.Object({ channel: S(), vlan: Type.Integer(), downMbps: Type.Number(), upMbps: Type.Number() }),
        ),
      },
      { description: 'the access on this port: SP, address, services with VLANs and rates (Mbit/s)' },
    ),
  ),
  orders: Type.Array(
    Type.Object({
      id: S(),
      state: S(),
      category: S(),
      receivedAt: S(),
      plannedDate: Opt(S()),
    }),
  ),
  incidents: Type.Array(
    Type.Object({
      id: S(),
      cause: S(),
      status: S(),
      start: S(),
      end: Opt(S()),
      summary: Opt(S()),
    }),
    { description: 'incidents that affected this ONT, newest first' },
  ),
};
export const OntContextView = Type.Object(OntContextProps);

export const OntRowView = Type.Object({
  olt: S(),
  pon: S(),
  onuId: Type.Integer(),
  adapterId: Opt(S()),
  serial: Opt(S()),
  sp: Opt(S()),
  address: Opt(S()),
  state: S(),
  stale: Type.Boolean(),
  lastSeenAt: Opt(S()),
  rxDbm: Opt(Type.Union([Type.Number(), Type.Null()])),
  matched: Opt(S({ description: 'what the search matched: serial, adapterId, address, sp or position' })),
});

export const OntDetailView = Type.Object({
  olt: S(),
  pon: S(),
  onuId: Type.Integer(),
  adapterId: Opt(S()),
  serial: Opt(S()),
  state: S({ description: "the state to show: `unknown` when the OLT's latest poll could not read it" }),
  stale: Type.Boolean({
    description: 'true: rxDbm and lastKnownState are the last known values, not current',
  }),
  lastKnownState: S({ description: 'the last observed state' }),
  lastSeenAt: Opt(S({ description: 'when the ONT was last observed (ISO-8601)' })),
  rxDbm: Opt(Type.Union([Type.Number(), Type.Null()])),
  source: Opt(S({ description: "where state and RX level were last read: 'snmp', 'omci' or 'netconf'" })),
  thresholds: Type.Object({ rxWarningDbm: Type.Number(), rxCriticalDbm: Type.Number() }),
  history: Type.Array(Sample),
  alarms: Type.Array(AlarmView),
  ...OntContextProps,
});

const Counts = {
  onts: Type.Integer(),
  online: Type.Integer({ description: 'working' }),
  down: Type.Integer({ description: 'offline: LOS, dying gasp, offline, auth failed' }),
  lowOptical: Type.Integer(),
  unknown: Type.Integer({ description: 'not readable now (OLT unreachable) or never observed' }),
};
export const OltSummaryView = Type.Object({
  olt: S(),
  reachable: Type.Union([Type.Boolean(), Type.Null()], {
    description: 'whether its latest poll round read it (null: not polled yet)',
  }),
  snmp: Type.Union([Type.Boolean(), Type.Null()]),
  ssh: Type.Union([Type.Boolean(), Type.Null()]),
  lastPollAt: Opt(S()),
  ...Counts,
  openAlarms: Type.Integer(),
  openIncidents: Type.Integer(),
  pons: Type.Array(Type.Object({ pon: S(), ...Counts, openAlarms: Type.Integer() })),
});
