// The benchmark suite of `xlat bench` (and `npm run bench`): each benchmark
// is one algorithm written three times, all printing the same checksum for
// the same size argument N:
//
//   samples/bench/cisc32/NAME.s   the guest app (run by interp, dbt, aot;
//                                 some benchmarks have more: moreGuests below)
//   samples/bench/risc32/NAME.s   the native app, as a plain compiler would
//                                 write it for risc32 (run by the host machine)
//   bench/js/NAME.mjs             plain JavaScript (the physical limit):
//                                 `export default function run(n): string`
//
// `full` is the size of a normal run (each assembly file's default, so a
// plain `xlat run samples/bench/cisc32/NAME.s` does the same work); `quick`
// is the size for `xlat bench --quick`, a smoke test that finishes in
// seconds.

/** The ISA of the guest apps (samples/bench/<guest>/): every benchmark has one. */
export const guest = 'cisc32';

/**
 * More guest ISAs, each with the benchmarks written for it
 * (samples/bench/<isa>/NAME.s: the same algorithm, the same N, the same
 * checksum). `xlat bench` runs these apps under interp, dbt and aot too and
 * reports each ISA in a table of its own, against the same native runs.
 */
export const moreGuests = {
  stack32: ['fib', 'sieve', 'matmul', 'crc32', 'qsort'],
};

export const suite = [
  { name: 'fib', full: 27, quick: 20, what: 'recursive Fibonacci: calls and returns' },
  { name: 'sieve', full: 1000000, quick: 50000, what: 'sieve of Eratosthenes: byte loads and stores' },
  { name: 'matmul', full: 120, quick: 32, what: 'integer matrix multiply: imul, strided loads' },
  { name: 'crc32', full: 1000000, quick: 50000, what: 'table-driven CRC-32 over a buffer' },
  { name: 'qsort', full: 100000, quick: 5000, what: 'quicksort of a pseudo-random array' },
  { name: 'sha256', full: 160000, quick: 8000, what: 'SHA-256 of a buffer: rotates' },
  { name: 'bf', full: 110, quick: 30, what: 'Brainfuck interpreter: indirect jumps through a jump table' },
  { name: 'bignum', full: 13000, quick: 600, what: 'multi-word addition and subtraction: adc/sbb chains' },
  { name: 'memops', full: 1200, quick: 60, what: 'memset and memcpy: rep stosb / rep movsb' },
];
