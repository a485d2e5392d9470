/**
 * ONT operational state as the controller believes it (issue 6 §2), as an explicit transition table
 * (VOLTHA style): each observation lists the states it may leave and the state it leads to.
 * Observations come from SNMP polls, traps and OMCI; time is passed in.
 */
export const ONT_STATES = [
  'unknown',
  'working',
  'los',
  'dying-gasp',
  'offline',
  'auth-failed',
  'low-optical',
] as const;
export type OntState = (typeof ONT_STATES)[number];

/** What a poll, trap or OMCI message says about one ONT. */
export type OntObservation =
  | { kind: 'up'; rxPowerDbm?: number | null }
  | { kind: 'los' }
  | { kind: 'dying-gasp' }
  | { kind: 'offline' }
  | { kind: 'auth-failed' }
  | { kind: 'optical'; rxPowerDbm: number | null };

/** Optical thresholds of an ONT model (device profile `optics`; GPON class B+: −27 warning, −28 critical). */
export interface OpticalThresholds {
  rxWarningDbm: number;
  rxCriticalDbm: number;
}

export type OpticalSeverity = 'normal' | 'warning' | 'critical';

export function opticalSeverity(rxDbm: number | null | undefined, t: OpticalThresholds): OpticalSeverity {
  if (rxDbm === null || rxDbm === undefined) return 'normal';
  if (rxDbm < t.rxCriticalDbm) return 'critical';
  if (rxDbm < t.rxWarningDbm) return 'warning';
  return 'normal';
}

const ANY: readonly OntState[] = ONT_STATES;
const DOWN: readonly OntState[] = ['los', 'dying-gasp', 'offline', 'auth-failed'];

/** The transition table: observation kind → states it may leave (with the target given by `next`). */
export const ONT_TRANSITIONS: Record<
  OntObservation['kind'],
  { from: readonly OntState[]; describe: string }
> = {
  up: {
    from: ANY,
    describe: 'ONT ranged and in operation (O5); working, or low-optical below the warning threshold',
  },
  los: { from: ANY, describe: 'loss of signal: no light from the ONT (fibre cut or drop cut)' },
  'dying-gasp': {
    from: ANY,
    describe: 'the ONT reported losing power (subscriber side, spec §5 exclusions)',
  },
  offline: { from: ANY, describe: 'ONT not ranging without LOS (reboot, deactivated)' },
  'auth-failed': { from: ANY, describe: 'serial / password not authorised on the OLT' },
  optical: { from: ['unknown', 'working', 'low-optical'], describe: 'new RX level of a working ONT' },
};

/**
 * The next state after an observation, or the same state when the table does not allow the
 * transition (an optical reading of a down ONT says nothing about why it is down).
 * A dying gasp is sticky against a following LOS: a powered-off ONT also stops sending light, and the
 * OLT often reports LOS right after the gasp — the cause stays the power (spec §5: not an outage).
 */
export function nextOntState(current: OntState, obs: OntObservation, t: OpticalThresholds): OntState {
  if (!ONT_TRANSITIONS[obs.kind].from.includes(current)) return current;
  switch (obs.kind) {
    case 'up':
      return opticalSeverity(obs.rxPowerDbm, t) === 'normal' ? 'working' : 'low-optical';
    case 'optical':
      return opticalSeverity(obs.rxPowerDbm, t) === 'normal' ? 'working' : 'low-optical';
    case 'los':
      return current === 'dying-gasp' ? 'dying-gasp' : 'los';
    case 'dying-gasp':
      return 'dying-gasp';
    case 'offline':
      return current === 'los' || current === 'dying-gasp' ? current : 'offline';
    case 'auth-failed':
      return 'auth-failed';
  }
}

export function isDown(s: OntState): boolean {
  return DOWN.includes(s);
}
