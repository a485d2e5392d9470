/**
 * The xPON defects the OLT detects (bbf-xpon-defects, TR-385; ITU-T G.984.3 §11.1.1), from the lab's
 * physical model, where the standard modules put them in the operational state:
 * - per v-ANI, `/if:interfaces-state/if:interface/bbf-xponvani:v-ani/active-defects` (identities
 *   derived from `items-detected-at-olt-for-v-ani`): `dgi` when the ONU announced its power loss (a
 *   dying gasp), `lobi` (loss of burst, G.984.3's LOSi/LOFi) when no burst arrives from it because a
 *   fibre is cut — the PON's feeder or the ONU's drop;
 * - per channel termination, `/if:interfaces-state/if:interface/bbf-xpon:channel-termination/active-defects`
 *   (identities derived from `items-detected-at-olt-for-ct`, feature
 *   `bbf-xpon:channel-termination-defects`): `los`, nothing at all received upstream (complete PON
 *   failure), when the PON's feeder fibre is cut.
 * `los` is a channel-termination defect only: the per-ONU form of a loss of signal is `lobi`.
 */
import type { SimOlt, SimOnt } from '../core/topology.ts';

const DEF = 'bbf-xpon-defects';

/** `active-defects` of the v-ANI that authorises `ont` (none while the ONU is up or rebooting). */
export function vaniDefects(olt: SimOlt, ont: SimOnt, now: number): string[] {
  switch (olt.phaseOf(ont, now)) {
    case 'dying-gasp':
      return [`${DEF}:dgi`];
    case 'los':
      return [`${DEF}:lobi`];
    default:
      return [];
  }
}

/** `active-defects` of the channel termination of PON `pon`. */
export function channelTerminationDefects(olt: SimOlt, pon: string): string[] {
  return olt.pon(pon)?.fibreOk === false ? [`${DEF}:los`] : [];
}
