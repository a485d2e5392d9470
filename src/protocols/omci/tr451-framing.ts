/**
 * The datagram of ponctl's OMCI transport (docs/omci-transport.md): TR-451's addressing of an OMCI
 * message — channel-termination name and ONU id (OnuHeader `chnl_term_name`, `onu_id` of
 * tr451_vomci_sbi_message.proto) — in the framing of OB-BAA's pOLT ⇄ ONU-simulator relay, which the
 * Broadband Forum's ONU simulator speaks (obbaa_onusim/message.py:199-204):
 *
 *   offset  size  field
 *    0      30    channel-termination name, ASCII, NUL-padded (a 30-byte name has no NUL)
 *   30       2    ONU id, big-endian
 *   32       …    the OMCI message without CRC (frame.ts): 44 bytes baseline, 10 + N extended;
 *                 followed by its 4-byte MIC only where the channel termination is set to carry it
 */
export const CTERM_NAME_LENGTH = 30;
export const TR451_HEADER_LENGTH = 32;

export interface Tr451Datagram {
  channelTermination: string;
  onuId: number;
  /** OMCI message (and MIC, where configured). */
  payload: Buffer;
}

/** Thrown for a datagram that cannot carry an OMCI message, or a name that does not fit. */
export class Tr451FramingError extends Error {
  readonly code = 'omci-framing' as const;
}

export function encodeDatagram(d: Tr451Datagram): Buffer {
  const name = Buffer.from(d.channelTermination, 'ascii');
  if (name.length === 0 || name.length > CTERM_NAME_LENGTH || name.includes(0))
    throw new Tr451FramingError(
      `channel-termination name "${d.channelTermination}" must be 1-30 ASCII bytes`,
    );
  if (!Number.isInteger(d.onuId) || d.onuId < 0 || d.onuId > 0xffff)
    throw new Tr451FramingError(`ONU id ${d.onuId} outside 0..65535`);
  const b = Buffer.alloc(TR451_HEADER_LENGTH + d.payload.length);
  name.copy(b, 0);
  b.writeUInt16BE(d.onuId, CTERM_NAME_LENGTH);
  d.payload.copy(b, TR451_HEADER_LENGTH);
  return b;
}

export function decodeDatagram(b: Buffer): Tr451Datagram {
  if (b.length < TR451_HEADER_LENGTH + 8)
    throw new Tr451FramingError(
      `datagram of ${b.length} bytes is shorter than the header and an OMCI header`,
    );
  const nul = b.indexOf(0);
  const end = nul < 0 || nul > CTERM_NAME_LENGTH ? CTERM_NAME_LENGTH : nul;
  return {
    channelTermination: b.toString('ascii', 0, end),
    onuId: b.readUInt16BE(CTERM_NAME_LENGTH),
    payload: Buffer.from(b.subarray(TR451_HEADER_LENGTH)),
  };
}
