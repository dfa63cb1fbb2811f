// Property: random straight-line risc32 operate programs (register and literal
// forms, r31 among the operands, divisions that may trap) on random register
// values end with the registers — or the arithmetic fault — the reference
// model (written from the manual, tests/fixtures/models.ts) predicts.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hex, riscRaw, sym } from '../fixtures/guest.js';
import { riscOp } from '../fixtures/models.js';

const OPS = [
  'addl', 'subl', 'and', 'bis', 'xor', 'cmpult', 'cmplt', 's4addl', 'mull',
  'cmpeq', 'cmple', 'cmpule', 'bic', 'ornot', 'eqv', 'sll', 'srl', 'sra', 'umulh', 'mulh',
  'cmoveq', 'cmovne', 'cmovlt', 'cmovge', 'cmovle', 'cmovgt', 'cmovlbs', 'cmovlbc',
  'divl', 'divlu', 'reml', 'remlu',
];
// r1..r8 and the zero register
const REGS = [1, 2, 3, 4, 5, 6, 7, 8, 31];

interface Insn {
  op: string;
  a: number;
  b: number | { lit: number };
  c: number;
}

const reg = fc.constantFrom(...REGS);
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const val = fc.oneof(u32, fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 31, 32));
const insn: fc.Arbitrary<Insn> = fc.record({
  op: fc.constantFrom(...OPS),
  a: reg,
  b: fc.oneof(reg, fc.record({ lit: fc.integer({ min: 0, max: 255 }) })),
  c: reg,
});

const text = (i: Insn) => `${i.op} r${i.a}, ${typeof i.b === 'number' ? `r${i.b}` : i.b.lit}, r${i.c}`;

function model(init: number[], prog: Insn[]): { R: number[]; fault?: number } {
  const R = Array(32).fill(0);
  init.forEach((v, i) => (R[i + 1] = v >>> 0));
  for (let k = 0; k < prog.length; k++) {
    const i = prog[k];
    const b = typeof i.b === 'number' ? R[i.b] : i.b.lit;
    const res = riscOp(i.op, R[i.a], b, R[i.c]);
    if (res === 'fault') return { R, fault: k };
    if (i.c !== 31) R[i.c] = res;
  }
  return { R };
}

describe('risc32 random operate programs match the reference model', () => {
  it('registers (or the arithmetic fault) after 1–24 instructions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(val, { minLength: 8, maxLength: 8 }), fc.array(insn, { minLength: 1, maxLength: 24 }), async (init, prog) => {
        const src = `.text\n_start:\n${init.map((v, i) => `li r${i + 1}, ${v}`).join('\n')}\n${prog.map((i, k) => `i${k}: ${text(i)}`).join('\n')}\ni${prog.length}: bpt\n`;
        const r = await riscRaw(src);
        const want = model(init, prog);
        const stopAt = want.fault ?? prog.length;
        expect(r.stop).toBe('fault');
        expect([r.fault!.kind, r.fault!.pc]).toEqual([want.fault === undefined ? 'breakpoint' : 'arithmetic fault', sym(r, `i${stopAt}`)]);
        expect(REGS.map((x) => `r${x}=${hex(r.reg(`r${x}`))}`)).toEqual(REGS.map((x) => `r${x}=${hex(want.R[x])}`));
      }),
      { numRuns: 100 },
    );
  });
});
