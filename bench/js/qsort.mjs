// qsort: quicksort (Hoare partition, middle element as pivot, unsigned
// compares, recursion on both sides) of n 32-bit values from xorshift32.
// Checksum: cs = cs * 31 + a[i] over the sorted array.
// Same algorithm as samples/bench/{cisc32,risc32}/qsort.s.

export const MAX_N = 500000;

function quicksort(a, lo, hi) {
  const pivot = a[(lo + hi) >>> 1];
  let i = lo;
  let j = hi;
  while (i <= j) {
    while (a[i] < pivot) i++;
    while (a[j] > pivot) j--;
    if (i <= j) {
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
      i++;
      j--;
    }
  }
  if (lo < j) quicksort(a, lo, j);
  if (i < hi) quicksort(a, i, hi);
}

export default function run(n) {
  if (n > MAX_N) n = MAX_N;
  const a = new Uint32Array(n);
  let x = 2463534242;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    a[i] = x;
  }
  if (n > 1) quicksort(a, 0, n - 1);
  let cs = 0;
  for (let i = 0; i < n; i++) cs = (Math.imul(cs, 31) + a[i]) | 0;
  return String(cs >>> 0);
}
