/**
 * What a port must hold for an access (issue 8): the v-ANI and traffic descriptors provisioning
 * would write for it — its subscriber intent rendered (spec §2), suspended while in temporary
 * disconnection. A forced takeover's snapshot and a dispute's restore compare against this.
 */
import { subscriberTrafficProfiles, subscriberVAni } from '../../domain/provisioning/index.ts';
import type { Store } from '../ports/store/index.ts';
import { intentOf } from '../provisioning/order-plan.ts';
import type { DesiredPort } from './forced-takeover.ts';

export function desiredFromIntent(store: Store, onuType: string): DesiredPort {
  return async (a, at) => {
    const intent = await intentOf(store, onuType, a, a.services, a.state === 'temporarily-disconnected', at);
    return { vani: subscriberVAni(intent), profiles: subscriberTrafficProfiles(a.services) };
  };
}
