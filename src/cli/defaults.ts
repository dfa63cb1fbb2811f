// The bundled ISAs the commands fall back on when the user names none. These
// are names of spec files, chosen here once; nothing about the ISAs
// themselves is known to the TypeScript (everything comes from the specs).

/** Host ISA for dbt, explain, translate, compare and bench (override with --host). */
export const DEFAULT_HOST = 'risc32';
/** The guest whose versions of the benchmarks `xlat bench` runs (samples/bench/<guest>/). */
export const BENCH_GUEST = 'cisc32';
