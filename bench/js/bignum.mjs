// bignum: multi-word arithmetic with carry and borrow chains (adc / sbb on
// cisc32). Three W-word numbers (W = 64, 2048 bits, little-endian word
// order) A, B and C are filled from xorshift32 (A, then B, then C); then n
// times:  A = A + B;  B = B + A;  C = C - A  (each modulo 2^2048). Checksum:
// cs = cs * 31 + word over the words of A, B, C in order.
// Same algorithm as samples/bench/{cisc32,risc32}/bignum.s.

export const W = 64;

function add(dst, src) {
  let carry = 0;
  for (let i = 0; i < W; i++) {
    const s = dst[i] + src[i] + carry;
    dst[i] = s;
    carry = s > 0xffffffff ? 1 : 0;
  }
}

function sub(dst, src) {
  let borrow = 0;
  for (let i = 0; i < W; i++) {
    const s = dst[i] - src[i] - borrow;
    dst[i] = s;
    borrow = s < 0 ? 1 : 0;
  }
}

export default function run(n) {
  const a = new Uint32Array(W);
  const b = new Uint32Array(W);
  const c = new Uint32Array(W);
  let x = 2463534242;
  for (const m of [a, b, c]) {
    for (let i = 0; i < W; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      m[i] = x;
    }
  }
  for (let k = 0; k < n; k++) {
    add(a, b);
    add(b, a);
    sub(c, a);
  }
  let cs = 0;
  for (const m of [a, b, c]) for (let i = 0; i < W; i++) cs = (Math.imul(cs, 31) + m[i]) | 0;
  return String(cs >>> 0);
}
