/**
 * The device catalogue port (application/ports/device-catalogue.ts) over the profile files
 * (device-profiles/NAME.json). A missing or unreadable profile answers undefined and is remembered,
 * so a misconfigured OLT does not hit the disk once per order.
 */
import type { DeviceCatalogue, DeviceProfile } from '../../../application/ports/device-catalogue.ts';
import { readDeviceProfileFile } from '../../../protocols/device-profile-files.ts';

export class DeviceProfileCatalogue implements DeviceCatalogue {
  private readonly missing = new Set<string>();

  profile(name: string): DeviceProfile | undefined {
    if (this.missing.has(name)) return undefined;
    try {
      return readDeviceProfileFile(name) as DeviceProfile;
    } catch {
      this.missing.add(name);
      return undefined;
    }
  }
}
