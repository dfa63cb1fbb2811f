// The lifter's odd-width arithmetic (spec widths with no IR type, held in a
// wider container with mask and sign fix-ups) against the interpreter's
// arithmetic at the spec width, on random values. The specs we have use only
// `a[1:0] != 0`, so this is where the other cases are checked.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Memory } from '../../src/interp/memory.js';
import { Builder } from '../../src/ir/builder.js';
import { COMPARISONS, evalBin, evalBlock, evalExt, evalUn, mask, verifyBlock } from '../../src/ir/index.js';
import { Vals, type Val } from '../../src/ir/lift-values.js';
import type { BinOp, UnOp } from '../../src/spec/model.js';

const BINOPS: BinOp[] = [
  'add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr', 'sar',
  'eq', 'ne', 'ltu', 'lts', 'leu', 'les', 'gtu', 'gts', 'geu', 'ges',
  'divu', 'remu', 'divs', 'rems',
];
const UNOPS: UnOp[] = ['neg', 'not'];
const oddWidth = fc.integer({ min: 2, max: 31 }).filter((w) => w !== 8 && w !== 16);

/** Lift f(inputs) on w-bit slices of registers 0 and 1, zero-extend the result into register 2, and run it. */
function run(w: number, a: number, b: number, f: (v: Vals, x: Val, y: Val) => Val): number {
  const bld = new Builder();
  const v = new Vals(bld, 'little');
  const x = v.slice(w - 1, 0, { k: 'v', w: 32, v: bld.getreg(32, 0) });
  const y = v.slice(w - 1, 0, { k: 'v', w: 32, v: bld.getreg(32, 1) });
  const r = f(v, x, y);
  bld.setreg(2, v.mat(v.ext(32, false, r)));
  const block = bld.finish(0, 0, 0, { kind: 'direct', pc: 0 });
  expect(verifyBlock(block)).toEqual([]);
  const regs = Int32Array.of(a, b, 0);
  evalBlock(block, regs, new Memory('little', 0));
  return regs[2];
}

describe('odd-width values in the lifter', () => {
  it('binary operations give the interpreter’s result at the spec width', () => {
    fc.assert(
      fc.property(oddWidth, fc.constantFrom(...BINOPS), fc.integer(), fc.integer(), (w, op, a, b) => {
        const rw = COMPARISONS.has(op) ? 1 : w;
        const want = evalBin(op, rw, a & mask(w), b & mask(w), w);
        expect(run(w, a, b, (v, x, y) => v.bin(op, rw, x, y))).toBe(want);
      }),
      { numRuns: 200 },
    );
  });

  it('negation, complement, sign and zero extension', () => {
    fc.assert(
      fc.property(oddWidth, fc.constantFrom(...UNOPS), fc.integer(), fc.integer({ min: 1, max: 32 }), (w, op, a, more) => {
        const x = a & mask(w);
        expect(run(w, a, 0, (v, p) => v.un(op, w, p))).toBe(evalUn(op, w, x));
        const to = Math.min(32, w + more);
        expect(run(w, a, 0, (v, p) => v.ext(to, true, p))).toBe(evalExt(x, w, to, true));
        expect(run(w, a, 0, (v, p) => v.ext(to, false, p))).toBe(evalExt(x, w, to, false));
      }),
      { numRuns: 200 },
    );
  });
});
