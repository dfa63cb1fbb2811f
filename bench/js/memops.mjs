// memops: memset and memcpy (rep stosb / rep movsb on cisc32). Two buffers
// of S = 4096 bytes; buf1 is filled with xorshift32 words (little-endian),
// buf2 starts zero. Then for k = 0 .. n-1, with v = k & 255 and
// off = (k * 37) & 255, L = S - 256:
//     memset(buf2, v, S);  memcpy(buf2 + off, buf1, L);  memcpy(buf1, buf2 + 1, L)
// Checksum: cs = cs * 31 + word over buf1's then buf2's 32-bit
// little-endian words.
// Same algorithm as samples/bench/{cisc32,risc32}/memops.s.

export const S = 4096;

export default function run(n) {
  const L = S - 256;
  const buf1 = new Uint8Array(S);
  const buf2 = new Uint8Array(S);
  const w1 = new Int32Array(buf1.buffer);
  const w2 = new Int32Array(buf2.buffer);
  let x = 2463534242;
  for (let i = 0; i < S / 4; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    w1[i] = x;
  }
  for (let k = 0; k < n; k++) {
    const off = Math.imul(k, 37) & 255;
    buf2.fill(k & 255);
    for (let i = 0; i < L; i++) buf2[off + i] = buf1[i];
    for (let i = 0; i < L; i++) buf1[i] = buf2[1 + i];
  }
  let cs = 0;
  for (let i = 0; i < S / 4; i++) cs = (Math.imul(cs, 31) + w1[i]) | 0;
  for (let i = 0; i < S / 4; i++) cs = (Math.imul(cs, 31) + w2[i]) | 0;
  return String(cs >>> 0);
}
