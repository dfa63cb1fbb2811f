// Random cisc32 programs (tests/fixtures/programs.ts: ALU and flag-heavy
// code, loads and stores, loops, calls, jump tables, setcc/cmov, adc/sbb
// chains, shifts by r1, rep movsb/stosb, divides, system calls, deliberate
// faults) on the interpreter, the DBT onto risc32 and the DBT with the host
// machine interpreting: same stop, status, fault line, output, instruction
// count, registers, flags and memory — also when --max-steps stops them
// part-way.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assemble } from '../../src/asm/index.js';
import { randomFault, randomProgram, source, stdinOf } from '../fixtures/programs.js';
import { differential, modelsFor, runAllSync } from './helpers.js';
import { propertyCheck } from './property.js';

const RUNS = 60;
const SMALL_RUNS = 6;

describe('the random cisc32 program generator', () => {
  it('makes programs that assemble and, taken together, use every feature it knows', async () => {
    const m = await modelsFor('cisc32');
    const progs = fc.sample(randomProgram('cisc32'), 100).map(source);
    for (const src of progs.slice(0, 25)) assemble(src, 'prog.s', m.asm);
    const all = progs.join('\n');
    const faults = fc.sample(randomFault('cisc32'), 300).map((ls) => ls.join('\n')).join('\n');
    for (const kind of ['ud', 'brk', 'divs ', 'data_end', 'rep stosb', 'rep movsb', 'ret', 'jmp ', 'call ', 'cmov', 'mov byte [']) expect(faults, kind).toContain(kind);
    for (const feature of ['adc ', 'sbb ', 'rep movsb', 'rep stosb', ', r1', 'set', 'cmov', 'divs ', 'divu ', 'rems ', 'remu ', 'imul ', 'call f', 'call [', 'jmp [', 'loop L', 'push ', 'movzx ', 'movsx ', 'mov byte ', 'syscall', '; deliberate fault', 'section .code, "rwx"', 'data_end']) expect(all, feature).toContain(feature);
  });
});

describe('random cisc32 programs: interp = dbt = dbt --host-engine interp', () => {
  it(`${RUNS} programs, each also stopped part-way by --max-steps`, async () => {
    const m = await modelsFor('cisc32');
    const seen = propertyCheck(
      fc.tuple(fc.limitShrink(randomProgram('cisc32'), 60), fc.oneof({ weight: 4, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(1) })),
      ([p, frac]) => differential(m, source(p), stdinOf(p), frac),
      RUNS,
    );
    // the generator makes programs that exit and programs that fault
    expect(seen.exit).toBeGreaterThan(0);
    expect(seen.fault).toBeGreaterThan(0);
  }, 240_000);

  it(`${SMALL_RUNS} programs translated in small blocks (maxBlockInsns 1–8: jumps land in the middle of blocks, blocks overlap)`, async () => {
    const m = await modelsFor('cisc32');
    propertyCheck(
      fc.tuple(fc.limitShrink(randomProgram('cisc32'), 40), fc.constantFrom(1, 2, 3, 5, 8)),
      ([p, maxBlockInsns]) => runAllSync(m, source(p), [], { stdin: stdinOf(p), dbt: { maxBlockInsns } }).interp.outcome,
      SMALL_RUNS,
    );
  }, 240_000);

  it(`${SMALL_RUNS} programs given a tiny step budget (blocks of at most 4 instructions, 4–12 instructions a time: the runtime takes over after every few blocks, also after blocks that do not check the count)`, async () => {
    const m = await modelsFor('cisc32');
    propertyCheck(
      fc.tuple(fc.limitShrink(randomProgram('cisc32'), 40), fc.integer({ min: 4, max: 12 })),
      ([p, budgetChunk]) => runAllSync(m, source(p), [], { stdin: stdinOf(p), dbt: { budgetChunk, maxBlockInsns: 4 } }).interp.outcome,
      SMALL_RUNS,
    );
  }, 240_000);
});
