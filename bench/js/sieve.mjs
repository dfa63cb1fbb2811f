// sieve: count the primes <= n with the sieve of Eratosthenes (byte flags).
// Same algorithm as samples/bench/{cisc32,risc32}/sieve.s.

export const MAX_N = 2000000;

export default function run(n) {
  if (n > MAX_N) n = MAX_N;
  const flags = new Uint8Array(n + 1);
  let count = 0;
  for (let i = 2; i <= n; i++) {
    if (flags[i] !== 0) continue;
    count++;
    if (i * i > 0x7fffffff) continue; // the asm versions stop when i * i overflows
    for (let j = i * i; j <= n; j += i) flags[j] = 1;
  }
  return String(count);
}
