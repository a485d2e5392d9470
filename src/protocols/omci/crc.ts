/**
 * The CRC-32 of the OMCI baseline trailer. G.988 §11.2 (baseline message format) takes it from AAL5,
 * ITU-T I.363.5 §10.1.3: generator 0x04C11DB7, bits processed most significant first, register
 * preset to all ones, the remainder complemented. This is the catalogue's CRC-32/BZIP2 (a.k.a.
 * CRC-32/AAL5, check value 0xFC891918 over "123456789"); it is NOT zlib's CRC-32, which processes
 * bits least significant first (reflected) and gives 0xCBF43926 for the same input.
 */
const POLYNOMIAL = 0x04c11db7;

/** Byte-at-a-time table: entry i is the register after shifting byte i through 8 MSB-first steps. */
const TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ POLYNOMIAL : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** AAL5 CRC-32 of `bytes[start, end)`, as an unsigned 32-bit number (written big-endian on the wire). */
export function crc32Aal5(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (c << 8) ^ TABLE[((c >>> 24) ^ bytes[i]) & 0xff];
  return ~c >>> 0;
}
