import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { randomProgram, source, stdinOf } from '../fixtures/programs.js';
import { modelsFor, differential, runAllSync } from './helpers.js';
const isa = (process.argv[2] ?? 'cisc32') as 'cisc32' | 'risc32';
const n = Number(process.argv[3] ?? 5);
const m = await modelsFor(isa);
const progs = fc.sample(fc.tuple(randomProgram(isa), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0, 1, 2, 3, 5, 8)), n);
let fails = 0;
for (const [p, frac, mbi] of progs) {
  const src = source(p);
  try {
    if (mbi === 0) differential(m, src, stdinOf(p), frac);
    else {
      const full = runAllSync(m, src, [], { stdin: stdinOf(p), dbt: { maxBlockInsns: mbi } });
      const steps = full.interp.outcome.steps;
      runAllSync(m, src, [], { stdin: stdinOf(p), maxSteps: 1 + Math.floor(frac * (steps - 1)), dbt: { maxBlockInsns: mbi } });
    }
  } catch (e) { fails++; writeFileSync(`/tmp/dbtx/hunt-${isa}-${fails}.s`, src); console.log(String((e as Error).message).split('--- program')[0], mbi); }
}
console.log({ fails });
