/**
 * What the OLT and ONT serving an order can carry (spec §2 footnote: 2000/1000 only on migrated OLTs,
 * and not through a 1 GE ONT). Read from device profiles through the catalogue port (design §6:
 * dialects and limits are data). The OLT → profile map comes from the OLT inventory.
 */
import { REFERENCE_ONT_PROFILE, type DeviceCatalogue } from '../ports/device-catalogue.ts';
import type { OltCapability, OntCapability } from '../../domain/orders/validate.ts';

export interface DeviceCapabilities {
  olt(name: string): OltCapability;
  /** The ONT model that carries the service (the reference F601 when not known). */
  ont(serial?: string): OntCapability;
}

/** Capabilities from device profiles; an OLT with no known profile is treated as not migrated. */
export function profileCapabilities(
  oltProfiles: () => ReadonlyMap<string, string>,
  devices: DeviceCatalogue,
  ontProfile = REFERENCE_ONT_PROFILE,
): DeviceCapabilities {
  const ont = devices.profile(ontProfile);
  const ontCap: OntCapability = { model: ont?.model, uniMaxMbps: ont?.uni?.speedMbps ?? 1000 };
  return {
    olt(name) {
      const profile = oltProfiles().get(name);
      const p = profile ? devices.profile(profile) : undefined;
      return { supportsMultiGig: p?.capabilities?.rates2000 === true };
    },
    ont: () => ontCap,
  };
}
