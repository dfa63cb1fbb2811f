// Property: random straight-line cisc32 ALU programs on random register and
// flag values end with the registers and flags the reference model (written
// from manual §3–4, tests/fixtures/models.ts) predicts.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cisc, flags, hex, setFlags } from '../fixtures/guest.js';
import { ciscOp, type Flags } from '../fixtures/models.js';

const REGS = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
const BINOPS = ['add', 'sub', 'and', 'or', 'xor', 'cmp', 'adc', 'sbb'];

type Insn =
  | { k: 'rr'; op: string; d: number; s: number }
  | { k: 'ri'; op: string; d: number; imm: number }
  | { k: 'un'; op: string; d: number }
  | { k: 'sh'; op: string; d: number; n: number }
  | { k: 'test'; d: number; s: number }
  | { k: 'imul'; d: number; s: number };

const reg = fc.integer({ min: 0, max: 7 });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
// boundary-heavy values
const val = fc.oneof(u32, fc.constantFrom(0, 1, 2, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0xfffffffe, 0x7ffffffe));
const imm = fc.oneof(fc.integer({ min: -128, max: 127 }), u32, fc.constantFrom(0x7fffffff, 0x80000000, 0xffffffff));

const insn: fc.Arbitrary<Insn> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('rr' as const), op: fc.constantFrom(...BINOPS), d: reg, s: reg }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('ri' as const), op: fc.constantFrom(...BINOPS), d: reg, imm }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('un' as const), op: fc.constantFrom('inc', 'dec', 'neg', 'not'), d: reg }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('sh' as const), op: fc.constantFrom('shl', 'shr', 'sar', 'rol', 'ror'), d: reg, n: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('test' as const), d: reg, s: reg }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('imul' as const), d: reg, s: reg }) },
);

const flagState = fc.record({ z: fc.integer({ min: 0, max: 1 }), s: fc.integer({ min: 0, max: 1 }), c: fc.integer({ min: 0, max: 1 }), o: fc.integer({ min: 0, max: 1 }) }).map((f) => (f.z && f.s ? { ...f, s: 0 } : f));

function text(i: Insn): string {
  switch (i.k) {
    case 'rr':
      return `${i.op} ${REGS[i.d]}, ${REGS[i.s]}`;
    case 'ri':
      return `${i.op} ${REGS[i.d]}, ${i.imm}`;
    case 'un':
      return `${i.op} ${REGS[i.d]}`;
    case 'sh':
      return `${i.op} ${REGS[i.d]}, ${i.n}`;
    case 'test':
      return `test ${REGS[i.d]}, ${REGS[i.s]}`;
    case 'imul':
      return `imul ${REGS[i.d]}, ${REGS[i.s]}`;
  }
}

function model(regs: number[], f: Flags, prog: Insn[]): { regs: number[]; f: Flags } {
  const R = [...regs];
  let F = { ...f };
  for (const i of prog) {
    const b = i.k === 'rr' || i.k === 'test' || i.k === 'imul' ? R[i.s] : i.k === 'ri' ? i.imm >>> 0 : i.k === 'sh' ? i.n : 0;
    const op = i.k === 'test' ? 'test' : i.k === 'imul' ? 'imul' : i.op;
    const res = ciscOp(op, R[i.d], b, F);
    if (res.writes) R[i.d] = res.r;
    F = res.f;
  }
  return { regs: R, f: F };
}

describe('cisc32 random ALU programs match the reference model', () => {
  it('registers and flags after 1–24 instructions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(val, { minLength: 8, maxLength: 8 }), flagState, fc.array(insn, { minLength: 1, maxLength: 24 }), async (regs, f, prog) => {
        const src = `${setFlags(f)}\n${regs.map((v, i) => `mov ${REGS[i]}, ${v}`).join('\n')}\n${prog.map(text).join('\n')}`;
        const r = await cisc(src);
        const want = model(regs, f, prog);
        expect({ regs: REGS.map((x) => hex(r.reg(x))), f: flags(r) }).toEqual({ regs: want.regs.map(hex), f: want.f });
      }),
      { numRuns: 100 },
    );
  });
});
