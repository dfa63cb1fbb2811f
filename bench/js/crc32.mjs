// crc32: table-driven CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320,
// as zlib's crc32) over a buffer of n bytes (n rounded down to a multiple of
// 4), filled with 32-bit little-endian words from xorshift32. The table is
// built at start. Prints the CRC as 8 hex digits.
// Same algorithm as samples/bench/{cisc32,risc32}/crc32.s.

export const MAX_N = 2000000;

export default function run(n) {
  if (n > MAX_N) n = MAX_N;
  const words = n >>> 2;
  const buf = new Uint8Array(words * 4);
  const view = new Int32Array(buf.buffer);
  let x = 2463534242;
  for (let i = 0; i < words; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    view[i] = x; // little-endian on every host Node runs on
  }
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    table[i] = c;
  }
  let crc = -1;
  for (let i = 0; i < buf.length; i++) crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
  return ((crc ^ -1) >>> 0).toString(16).padStart(8, '0');
}
