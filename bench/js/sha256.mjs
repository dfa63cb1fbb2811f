// sha256: SHA-256 (FIPS 180-4) of a buffer of n bytes, filled like crc32's
// (xorshift32 words, little-endian; n rounded down to a multiple of 4), with
// the standard padding. Prints the digest as 64 hex digits — the same as
// node:crypto's createHash('sha256') of that buffer.
// Same algorithm as samples/bench/{cisc32,risc32}/sha256.s.

export const MAX_N = 1000000;

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const ror = (v, k) => (v >>> k) | (v << (32 - k));

export function fill(n) {
  const words = n >>> 2;
  const buf = new Uint8Array(words * 4);
  const view = new Int32Array(buf.buffer);
  let x = 2463534242;
  for (let i = 0; i < words; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    view[i] = x;
  }
  return buf;
}

export default function run(n) {
  if (n > MAX_N) n = MAX_N;
  const data = fill(n);
  const len = data.length;
  // Padded message: data, 0x80, zeros, 64-bit big-endian bit length.
  const total = (((len + 8) >>> 6) + 1) << 6;
  const msg = new Uint8Array(total);
  msg.set(data);
  msg[len] = 0x80;
  msg[total - 4] = (len << 3) >>> 24;
  msg[total - 3] = (len << 3) >>> 16;
  msg[total - 2] = (len << 3) >>> 8;
  msg[total - 1] = len << 3;
  msg[total - 5] = len >>> 29;
  const h = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Int32Array(64);
  for (let p = 0; p < total; p += 64) {
    for (let t = 0; t < 16; t++) {
      const q = p + 4 * t;
      w[t] = (msg[q] << 24) | (msg[q + 1] << 16) | (msg[q + 2] << 8) | msg[q + 3];
    }
    for (let t = 16; t < 64; t++) {
      const x15 = w[t - 15];
      const x2 = w[t - 2];
      const s0 = ror(x15, 7) ^ ror(x15, 18) ^ (x15 >>> 3);
      const s1 = ror(x2, 17) ^ ror(x2, 19) ^ (x2 >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (let t = 0; t < 64; t++) {
      const S1 = ror(e, 6) ^ ror(e, 11) ^ ror(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[t] + w[t]) | 0;
      const S0 = ror(a, 2) ^ ror(a, 13) ^ ror(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  let out = '';
  for (let i = 0; i < 8; i++) out += (h[i] >>> 0).toString(16).padStart(8, '0');
  return out;
}
