/**
 * The `omci` section of an OLT's device profile (device-profiles/NAME.json), read by the lab's OMCI
 * endpoint and by the controller alike: how the OLT names the channel termination of each PON port
 * (the name TR-451-style addressing uses), the PON type (G-PON, or XGS-PON with the extended set on
 * capable ONUs), and whether messages on the direct transport carry the XG(S)-PON MIC
 * (docs/omci-transport.md §MIC). A profile without the section: G-PON, `ct-{R}.{S}.{P}`, no MIC.
 */
import { readDeviceProfileFile } from '../device-profile-files.ts';

export type PonType = 'gpon' | 'xgs-pon';

export interface OmciProfile {
  /** Channel-termination name of PON port `R/S/P`. */
  channelTerminationOf(pon: string): string;
  ponType: PonType;
  mic: boolean;
}

interface Section {
  channelTermination?: string;
  ponType?: PonType;
  mic?: boolean;
}

export function loadOmciProfile(profile: string): OmciProfile {
  const s = (readDeviceProfileFile(profile).omci ?? {}) as Section;
  const pattern = s.channelTermination ?? 'ct-{R}.{S}.{P}';
  return {
    channelTerminationOf(pon: string) {
      const [r, sh, p] = pon.split('/');
      const name = pattern.replace('{R}', r).replace('{S}', sh).replace('{P}', p);
      if (Buffer.byteLength(name, 'ascii') > 30)
        throw new RangeError(`channel termination ${name} is longer than 30 bytes`);
      return name;
    },
    ponType: s.ponType ?? 'gpon',
    mic: s.mic ?? false,
  };
}

/** The lab's PON-TAG of a PON (8 bytes, G.9807.1 C.15): "OLT#" + OLT index (2 bytes) + PON index (2 bytes). */
export function labPonTag(oltIndex: number, ponIndex: number): Buffer {
  const b = Buffer.from('OLT#\0\0\0\0', 'latin1');
  b.writeUInt16BE(oltIndex & 0xffff, 4);
  b.writeUInt16BE(ponIndex & 0xffff, 6);
  return b;
}
