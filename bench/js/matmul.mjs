// matmul: C = A x B for n x n matrices of 32-bit integers (products and
// sums modulo 2^32), A and B filled row by row from one xorshift32 stream
// (A first). Checksum: cs = cs * 31 + C[i][j] over C in row order.
// Same algorithm as samples/bench/{cisc32,risc32}/matmul.s.

export const MAX_N = 160;

export default function run(n) {
  if (n > MAX_N) n = MAX_N;
  const a = new Int32Array(n * n);
  const b = new Int32Array(n * n);
  let x = 2463534242;
  for (const m of [a, b]) {
    for (let i = 0; i < n * n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      m[i] = x;
    }
  }
  let cs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum = (sum + Math.imul(a[i * n + k], b[k * n + j])) | 0;
      cs = (Math.imul(cs, 31) + sum) | 0;
    }
  }
  return String(cs >>> 0);
}
