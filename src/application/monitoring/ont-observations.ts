/**
 * What an ONT table row's phase says about the ONT, as a domain observation (issue 6 §2). Phase names
 * are the device profiles' vocabulary (`snmp.ontTable.columns.phaseState.enum`); unknown and
 * transitional ones (logging, syncMib: ranging in progress) say nothing yet.
 */
import type { OntObservation } from '../../domain/monitoring/ont-state.ts';

/** The profile's phase name → the domain observation; undefined = transitional. */
export function observationOfPhase(
  phase: string | undefined,
  rxDbm?: number | null,
): OntObservation | undefined {
  switch (phase) {
    case 'working':
      return { kind: 'up', rxPowerDbm: rxDbm ?? null };
    case 'los':
      return { kind: 'los' };
    case 'dyingGasp':
    case 'dying-gasp':
      return { kind: 'dying-gasp' };
    case 'authFailed':
    case 'auth-failed':
      return { kind: 'auth-failed' };
    case 'offline':
      return { kind: 'offline' };
    default:
      return undefined; // logging / syncMib: ranging in progress, says nothing yet
  }
}
