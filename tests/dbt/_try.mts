import fc from 'fast-check';
import { randomProgram, source, stdinOf } from '../fixtures/programs.js';
import { runAll, modelsFor, runAllSync } from './helpers.js';
const isa = (process.argv[2] ?? 'cisc32') as 'cisc32' | 'risc32';
const n = Number(process.argv[3] ?? 5);
const show = process.argv[4] === 'show';
const m = await modelsFor(isa);
const progs = fc.sample(randomProgram(isa), n);
let fails = 0; const stops: Record<string, number> = {};
const t0 = performance.now();
let totalSteps = 0;
for (const p of progs) {
  const src = source(p);
  if (show) console.log(src);
  const t = performance.now();
  try {
    const r = runAllSync(m, src, [], { stdin: stdinOf(p), maxSteps: 3_000_000 });
    const o = r.interp.outcome;
    const key = o.stop + (o.fault ? ' ' + o.fault.replace(/ at pc.*/, '') : '');
    stops[key] = (stops[key] ?? 0) + 1;
    totalSteps += o.steps;
    if (show) console.log(o, (performance.now() - t).toFixed(0) + 'ms', r.dbt.stats);
  } catch (e) { fails++; console.log(String((e as Error).message).slice(0, 3000)); }
}
console.log({ fails, stops, ms: (performance.now() - t0).toFixed(0), avgSteps: totalSteps / n });
