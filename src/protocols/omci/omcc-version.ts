/**
 * Which message sets an ONU speaks, from ONU2-G attribute 2 "OMCC version" (G.988 §9.1.2): 0x80-0x86
 * are G.984.4 releases, 0x96 G.984.4 Amd 2 with the extended set, 0xA0-0xA3 G.988 releases with the
 * baseline set only, 0xB0-0xB4 the same releases with baseline and extended (docs/omci-notes.md §4;
 * the Broadband Forum's simulator reports 0xA3/0xB4 for its two builds). Until ONU2-G has been read,
 * speak baseline: every ONU understands it, and MIB upload starts there.
 */
export function supportsExtendedMessages(omccVersion: number): boolean {
  return omccVersion === 0x96 || (omccVersion & 0xf0) === 0xb0;
}
