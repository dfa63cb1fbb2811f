// Random stack32 programs (tests/fixtures/programs-stack32.ts: arithmetic and
// comparisons on signed and unsigned edge values, stack shuffles, locals in
// frames through enter/leave and ldl/stl, loads and stores on .data and .bss,
// counted loops with jz/jnz, calls direct and through calli and tables, jump
// tables through jmpi, system calls, guarded and unguarded divides,
// deliberate faults — the stack moved onto unmapped or read-only memory
// among them) on the interpreter, the DBT onto risc32 and the DBT with the
// host machine interpreting: same stop, status, fault line, output,
// instruction count, registers and memory (the stack's big-endian words
// included) — also when --max-steps stops them part-way. The programs run
// are of the generator's small size (translating is what costs here); the
// generator test samples the normal size.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assemble } from '../../src/asm/index.js';
import { randomStackProgram, stackFault, stackSource, stackStdin } from '../fixtures/programs-stack32.js';
import { differential, modelsFor, runAllSync } from './helpers.js';
import { propertyCheck } from './property.js';

const RUNS = 25;
const SMALL_RUNS = 3;

describe('the random stack32 program generator', () => {
  it('makes programs that assemble and, taken together, use every feature it knows', async () => {
    const m = await modelsFor('stack32');
    const progs = fc.sample(randomStackProgram(), 60).map(stackSource);
    for (const src of progs.slice(0, 20)) assemble(src, 'prog.s', m.asm);
    const all = progs.join('\n');
    const faults = fc.sample(stackFault, 300).map((ls) => ls.join('\n')).join('\n');
    for (const kind of ['ud', 'brk', 'div', 'rem', 'push 0x80000000', '.byte ', 'ldw', 'ldb', 'stw', 'stb', 'jmpi', 'calli', 'ret', 'data_end', 'ro + 16', 'leave', 'swap', 'syscall']) {
      expect(faults, kind).toContain(kind);
    }
    for (const feature of [
      'enter 4', 'ldl -', 'stl -', 'ldl 2', 'ldl 3', 'leave', 'ret', 'setrv', 'getrv', 'getsp',
      'ldw', 'stw', 'ldb', 'stb', 'jz ', 'jnz ', 'jmp ', 'call f', 'calli', 'jmpi', 'ldw\n        calli',
      'swap', 'over', 'dup', 'drop', 'neg', 'not',
      'add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr', 'sar', 'eq', 'ne', 'lt', 'le', 'ltu', 'leu',
      'div', 'rem', 'divu', 'remu', 'push 0x7fffffff\n        and\n        push 1\n        or',
      'push 0x80000000', 'push 0xffffffff', 'push 0x7fffffff',
      'push 1\n        push 1\n        syscall', 'push 60\n        syscall', 'push 12\n        syscall', 'push 0\n        syscall',
      '; deliberate fault', 'section .code, "rwx"', 'data_end',
    ]) {
      expect(all, feature).toContain(feature);
    }
  });
});

describe('random stack32 programs: interp = dbt = dbt --host-engine interp', () => {
  it(`${RUNS} programs, each also stopped part-way by --max-steps`, async () => {
    const m = await modelsFor('stack32');
    const seen = propertyCheck(
      fc.tuple(fc.limitShrink(randomStackProgram('small'), 40), fc.oneof({ weight: 4, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(1) })),
      ([p, frac]) => differential(m, stackSource(p), stackStdin(p), frac),
      RUNS,
    );
    // the generator makes programs that exit and programs that fault
    expect(seen.exit).toBeGreaterThan(0);
    expect(seen.fault).toBeGreaterThan(0);
  }, 240_000);

  it(`${SMALL_RUNS} programs translated in small blocks (maxBlockInsns 1–8: jumps land in the middle of blocks, blocks overlap)`, async () => {
    const m = await modelsFor('stack32');
    propertyCheck(
      fc.tuple(fc.limitShrink(randomStackProgram('small'), 30), fc.constantFrom(1, 2, 3, 5, 8)),
      ([p, maxBlockInsns]) => runAllSync(m, stackSource(p), [], { stdin: stackStdin(p), dbt: { maxBlockInsns } }).interp.outcome,
      SMALL_RUNS,
    );
  }, 240_000);

  it(`${SMALL_RUNS} programs given a tiny step budget (blocks of at most 4 instructions, 4–12 instructions a time: the runtime takes over after every few blocks, also after blocks that do not check the count)`, async () => {
    const m = await modelsFor('stack32');
    propertyCheck(
      fc.tuple(fc.limitShrink(randomStackProgram('small'), 30), fc.integer({ min: 4, max: 12 })),
      ([p, budgetChunk]) => runAllSync(m, stackSource(p), [], { stdin: stackStdin(p), dbt: { budgetChunk, maxBlockInsns: 4 } }).interp.outcome,
      SMALL_RUNS,
    );
  }, 240_000);
});
