// Differential test: random straight-line risc32 programs (ALU, multiply and
// divide, conditional moves, loads and stores, some of them faulting) give
// the same registers, memory, stop and instruction count on the compile
// engine, the interp engine and the reference interpreter.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleRisc, load, runHost, runReference, type Loaded, type Outcome } from './helpers.js';

/** r14 holds the data area's address and is never written. */
const BASE = 14;
const DATA_WORDS = 65;
const reg = fc.integer({ min: 0, max: 31 }).filter((r) => r !== BASE).map((r) => `r${r}`);
const anyReg = fc.integer({ min: 0, max: 31 }).map((r) => `r${r}`);
const operand = fc.oneof(anyReg, fc.integer({ min: 0, max: 255 }).map(String));

const OPERATE = [
  'addl', 'subl', 's4addl', 'cmpeq', 'cmplt', 'cmple', 'cmpult', 'cmpule',
  'and', 'bic', 'bis', 'ornot', 'xor', 'eqv', 'sll', 'srl', 'sra', 'mull', 'umulh', 'mulh',
  'divl', 'divlu', 'reml', 'remlu',
  'cmoveq', 'cmovne', 'cmovlt', 'cmovge', 'cmovle', 'cmovgt', 'cmovlbs', 'cmovlbc',
];
const MEMORY = ['ldbu', 'stb', 'ldw', 'stw', 'ldwu', 'stwu'];

const insn = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...OPERATE), anyReg, operand, reg).map(([op, a, b, c]) => `${op} ${a}, ${b}, ${c}`) },
  { weight: 1, arbitrary: fc.tuple(operand, reg).map(([b, c]) => `sextb ${b}, ${c}`) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('lda', 'ldah'), reg, fc.integer({ min: -32768, max: 32767 }), anyReg)
      .map(([op, a, d, b]) => `${op} ${a}, ${d}(${b})`),
  },
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom(...MEMORY), reg, fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 63 }).map((k) => 4 * k) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }))
      .map(([op, a, d]) => `${op} ${a}, ${d}(r${BASE})`),
  },
  // A wild address: usually a fault (read, write or alignment).
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...MEMORY), reg, anyReg).map(([op, a, b]) => `${op} ${a}, 0(${b})`) },
);

const program = fc.record({
  init: fc.array(fc.tuple(reg, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), { maxLength: 12 }),
  data: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: DATA_WORDS, maxLength: DATA_WORDS }),
  body: fc.array(insn, { minLength: 1, maxLength: 40 }),
});

function source(p: fc.RecordValue<{ init: [string, number][]; data: number[]; body: string[] }>): string {
  return [
    '_start:',
    `  li r${BASE}, data`,
    ...p.init.map(([r, v]) => `  li ${r}, ${v}`),
    ...p.body.map((l) => `  ${l}`),
    '  li v0, 1',
    '  clr a0',
    '  callsys',
    '  .data',
    `data: .word ${p.data.join(', ')}`,
  ].join('\n');
}

function dataOf(l: Loaded): number[] {
  return [...l.proc.memory.readBytes(l.sym('data'), DATA_WORDS * 4)];
}

describe('compile engine vs interp engine vs interpreter', () => {
  it('agree on random straight-line programs', async () => {
    await fc.assert(
      fc.asyncProperty(program, async (p) => {
        const { isa, image } = await assembleRisc(source(p));
        const refProc = load(isa, image);
        const ref = runReference(refProc);
        const refData = dataOf(refProc);
        const runs: Array<[string, Loaded, Outcome]> = [];
        for (const [engine, count] of [['compile', false], ['compile', true], ['interp', true]] as const) {
          const l = load(isa, image);
          runs.push([`${engine}${count ? ' counted' : ''}`, l, runHost(l, engine, count)]);
        }
        for (const [label, l, got] of runs) {
          expect(got.stop, label).toBe(ref.stop);
          expect(got.fault, label).toEqual(ref.fault);
          expect(got.regs, label).toEqual(ref.regs);
          expect(dataOf(l), label).toEqual(refData);
          if (label !== 'compile') expect(got.steps, label).toBe(ref.steps);
        }
      }),
      { numRuns: 100 },
    );
  });
});
