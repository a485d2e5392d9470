/**
 * What the OLT and ONT serving an order can carry (spec §2 footnote: 2000/1000 only on migrated OLTs,
 * and not through a 1 GE ONT). Read from device profiles (design §6: dialects and limits are data).
 * The OLT → profile map comes from the OLT inventory (the lab now; the OLT registry later).
 */
import { loadDeviceProfile, type DeviceProfile } from '../../adapters/driven/device-profiles.ts';
import type { OltCapability, OntCapability } from '../../domain/orders/validate.ts';

/** Names with no readable profile, remembered so a misconfigured OLT does not hit the disk per order. */
const missing = new Set<string>();
function readProfile(name: string): DeviceProfile | null {
  if (missing.has(name)) return null;
  try {
    return loadDeviceProfile(name);
  } catch {
    missing.add(name);
    return null;
  }
}

export interface DeviceCapabilities {
  olt(name: string): OltCapability;
  /** The ONT model that carries the service (the reference F601 when not known). */
  ont(serial?: string): OntCapability;
}

export const DEFAULT_ONT_PROFILE = 'zxhn-f601';

/** Capabilities from device profiles; an OLT with no known profile is treated as not migrated. */
export function profileCapabilities(
  oltProfiles: () => ReadonlyMap<string, string>,
  ontProfile = DEFAULT_ONT_PROFILE,
): DeviceCapabilities {
  const ont = readProfile(ontProfile) as { model?: string; uni?: { speedMbps?: number } } | null;
  const ontCap: OntCapability = { model: ont?.model, uniMaxMbps: ont?.uni?.speedMbps ?? 1000 };
  return {
    olt(name) {
      const profile = oltProfiles().get(name);
      const p = profile ? (readProfile(profile) as { capabilities?: { rates2000?: boolean } } | null) : null;
      return { supportsMultiGig: p?.capabilities?.rates2000 === true };
    },
    ont: () => ontCap,
  };
}
