/**
 * Framing of the OLT's OMCI relay (SSH subsystem `omci`; docs/omci-relay.md). An OLT carries OMCI to
 * each ONT over that ONT's OMCC (its own GEM port); the relay lets the controller put a baseline frame
 * on the OMCC of any ONT of the OLT and receive the ONT's answers and notifications. Both directions
 * use the same record, so one parser serves simulator and client:
 *
 *   offset     size  field
 *   0          2     record length L: the bytes that follow these two (big-endian) = 1 + A + 2 + 48
 *   2          1     A: length of the PON port name
 *   3          A     PON port name, ASCII, `R/S/P` (e.g. `1/1/3`)
 *   3+A        2     ONU id on that PON (big-endian)
 *   5+A        48    the OMCI baseline frame, untouched (TCI, type, device id, ME, contents, trailer, CRC)
 */
import { OMCI_FRAME_LENGTH } from './frame.ts';

export interface RelayRecord {
  pon: string;
  onuId: number;
  /** The 48-byte OMCI frame. */
  frame: Buffer;
}

const MIN_BODY = 1 + 0 + 2 + OMCI_FRAME_LENGTH;
const MAX_BODY = 1 + 255 + 2 + OMCI_FRAME_LENGTH;

export function encodeRelayRecord(r: RelayRecord): Buffer {
  const name = Buffer.from(r.pon, 'ascii');
  if (name.length > 255) throw new Error(`PON name too long: ${r.pon}`);
  if (r.frame.length !== OMCI_FRAME_LENGTH) throw new Error(`OMCI frame must be ${OMCI_FRAME_LENGTH} bytes`);
  const body = 1 + name.length + 2 + OMCI_FRAME_LENGTH;
  const b = Buffer.alloc(2 + body);
  b.writeUInt16BE(body, 0);
  b[2] = name.length;
  name.copy(b, 3);
  b.writeUInt16BE(r.onuId & 0xffff, 3 + name.length);
  r.frame.copy(b, 5 + name.length);
  return b;
}

/** The relay stream broke its framing: the peer is not speaking this protocol; close the channel. */
export class RelayFramingError extends Error {}

/**
 * Incremental parser: feed it chunks as they arrive, get whole records back. Chunk boundaries are
 * arbitrary (SSH channel data), so a record may span chunks and a chunk may hold several records.
 */
export class RelayDeframer {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): RelayRecord[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: RelayRecord[] = [];
    while (this.buf.length >= 2) {
      const body = this.buf.readUInt16BE(0);
      if (body < MIN_BODY || body > MAX_BODY)
        throw new RelayFramingError(`record length ${body} outside ${MIN_BODY}..${MAX_BODY}`);
      if (this.buf.length < 2 + body) break;
      const a = this.buf[2];
      if (1 + a + 2 + OMCI_FRAME_LENGTH !== body)
        throw new RelayFramingError(`record length ${body} does not match name length ${a}`);
      out.push({
        pon: this.buf.toString('ascii', 3, 3 + a),
        onuId: this.buf.readUInt16BE(3 + a),
        frame: Buffer.from(this.buf.subarray(5 + a, 5 + a + OMCI_FRAME_LENGTH)),
      });
      this.buf = this.buf.subarray(2 + body);
    }
    return out;
  }
}

/**
 * Coalesce records written in the same turn of the event loop into one channel write: each SSH
 * write is a separately encrypted packet, so a poll of 4 096 ONTs would otherwise send 4 096 packets.
 */
export function batchedWriter(write: (b: Buffer) => void): (b: Buffer) => void {
  let queue: Buffer[] = [];
  return (b: Buffer) => {
    queue.push(b);
    if (queue.length > 1) return;
    setImmediate(() => {
      const out = queue.length === 1 ? queue[0] : Buffer.concat(queue);
      queue = [];
      write(out);
    });
  };
}
