// The printer's format for every op and exit, the verifier's rules, and the
// evaluator on hand-built blocks.

import { describe, expect, it } from 'vitest';
import { Memory, PERM_R, PERM_W } from '../../src/interp/memory.js';
import { evalBlock, printBlock, verifyBlock, type Exit, type IrBlock, type IrOp, type Ty } from '../../src/ir/index.js';
import { load } from './helpers.js';

const cisc = await load('cisc32');

function block(ops: IrOp[], exit: Exit, types: Ty[], insns = 0): IrBlock {
  return { pc: 0x1000, end: 0x1010, insns, ops, exit, nextValue: types.length, types };
}

describe('printBlock', () => {
  it('prints one op a line, guest registers by name', () => {
    const b = block(
      [
        { op: 'insn', pc: 0x1000, len: 3 },
        { op: 'const', dst: 0, ty: 32, value: 0x1234 },
        { op: 'const', dst: 1, ty: 32, value: -5 },
        { op: 'getreg', dst: 2, ty: 1, slot: cisc.isa.regNames.z },
        { op: 'bin', dst: 3, ty: 32, kind: 'add', a: 0, b: 1 },
        { op: 'load', dst: 4, ty: 32, w: 32, addr: 3, guard: 2 },
        { op: 'store', w: 8, addr: 3, src: 4 },
        { op: 'un', dst: 5, ty: 1, kind: 'lnot', a: 2 },
        { op: 'ext', dst: 6, ty: 32, signed: true, a: 2 },
        { op: 'trunc', dst: 7, ty: 8, a: 4 },
        { op: 'slice', dst: 8, ty: 1, a: 4, hi: 31, lo: 31 },
        { op: 'select', dst: 9, ty: 32, c: 5, t: 0, f: 4 },
        { op: 'bswap', dst: 10, ty: 32, a: 9 },
        { op: 'setreg', slot: cisc.isa.regNames.r0, src: 10 },
        { op: 'fault', kind: 'divide', pc: 0x1010, guard: 5 },
        { op: 'syscall', pc: 0x1000 },
      ],
      { kind: 'branch', cond: 5, taken: 0x1020, fallthrough: 0x1012 },
      [32, 32, 1, 32, 32, 1, 32, 8, 1, 32, 32],
      1,
    );
    expect(verifyBlock(b)).toEqual([]);
    expect(printBlock(b, cisc.isa).split('\n')).toEqual([
      'block 0x1000..0x1010 (1 insn)',
      '--- 0x1000 (3 bytes)',
      'v0:i32 = const 0x1234',
      'v1:i32 = const -5',
      'v2:i1 = getreg z',
      'v3:i32 = add v0, v1',
      'v4:i32 = load32 v3 if v2',
      'store8 [v3] = v4',
      'v5:i1 = lnot v2',
      'v6:i32 = sext v2',
      'v7:i8 = trunc v4',
      'v8:i1 = slice v4[31:31]',
      'v9:i32 = select v5, v0, v4',
      'v10:i32 = bswap v9',
      'setreg r0 = v10',
      'fault divide @0x1010 if v5',
      'syscall @0x1000',
      'exit branch v5 ? 0x1020 : 0x1012',
    ]);
  });

  it('prints the other exits, fetch faults, and slots without a spec', () => {
    const b = block(
      [
        { op: 'fetchfault', pc: 0x1000, addr: 0x1002 },
        { op: 'getreg', dst: 0, ty: 32, slot: 3 },
      ],
      { kind: 'indirect', target: 0 },
      [32],
    );
    expect(printBlock(b)).toBe(['block 0x1000..0x1010 (0 insns)', 'fault fetch @0x1000 addr 0x1002', 'v0:i32 = getreg s3', 'exit indirect v0'].join('\n'));
    expect(printBlock({ ...b, exit: { kind: 'direct', pc: 0x2000 } })).toMatch(/exit direct 0x2000$/);
    expect(printBlock({ ...b, exit: { kind: 'syscall', pc: 0x2000 } })).toMatch(/exit syscall 0x2000$/);
  });
});

describe('verifyBlock', () => {
  const ok: IrOp[] = [
    { op: 'const', dst: 0, ty: 32, value: 1 },
    { op: 'const', dst: 1, ty: 1, value: 1 },
  ];
  const errs = (extra: IrOp[], exit: Exit = { kind: 'direct', pc: 0 }, types: Ty[] = [32, 1, 32, 32]): string[] =>
    verifyBlock(block([...ok, ...extra], exit, types));

  it('accepts a well-formed block', () => {
    expect(errs([{ op: 'bin', dst: 2, ty: 32, kind: 'shl', a: 0, b: 1 }])).toEqual([]);
  });

  it('finds values used before definition, defined twice, or past nextValue', () => {
    expect(errs([{ op: 'bin', dst: 2, ty: 32, kind: 'add', a: 0, b: 3 }]).join()).toMatch(/v3 used before/);
    expect(errs([{ op: 'const', dst: 0, ty: 32, value: 2 }]).join()).toMatch(/v0 defined twice/);
    expect(errs([{ op: 'const', dst: 9, ty: 32, value: 2 }]).join()).toMatch(/nextValue/);
    expect(errs([], { kind: 'indirect', target: 3 }).join()).toMatch(/exit: v3 is not defined/);
  });

  it('finds width errors', () => {
    expect(errs([{ op: 'bin', dst: 2, ty: 32, kind: 'add', a: 0, b: 1 }]).join()).toMatch(/operand v1 is i1/);
    expect(errs([{ op: 'bin', dst: 2, ty: 32, kind: 'eq', a: 0, b: 0 }]).join()).toMatch(/comparison eq gives i32/);
    expect(errs([{ op: 'select', dst: 2, ty: 32, c: 0, t: 0, f: 0 }]).join()).toMatch(/select condition v0 is i32/);
    expect(errs([{ op: 'load', dst: 2, ty: 32, w: 32, addr: 0, guard: 0 }]).join()).toMatch(/guard v0 is i32/);
    expect(errs([{ op: 'ext', dst: 2, ty: 32, signed: false, a: 0 }]).join()).toMatch(/does not widen/);
    expect(errs([{ op: 'trunc', dst: 2, ty: 32, a: 1 }]).join()).toMatch(/does not narrow/);
    expect(errs([{ op: 'slice', dst: 2, ty: 32, a: 0, hi: 31, lo: 0 }]).join()).toMatch(/slice/);
    expect(errs([{ op: 'const', dst: 2, ty: 32, value: 0x80000000 }]).join()).toMatch(/not an i32 value/);
    expect(errs([], { kind: 'branch', cond: 0, taken: 1, fallthrough: 2 }).join()).toMatch(/not i1/);
  });

  it('checks the insn count', () => {
    expect(verifyBlock(block([{ op: 'insn', pc: 0x1000, len: 1 }], { kind: 'direct', pc: 0 }, [], 2)).join()).toMatch(/2 insns/);
  });
});

describe('evalBlock', () => {
  const mem = (): Memory => {
    const m = new Memory('little', 0x10000);
    m.map(0x8000, 0x100, PERM_R | PERM_W);
    return m;
  };

  it('gives 0 for a load under a false guard, and skips guarded effects', () => {
    const m = mem();
    m.store32(0x8000, 77);
    const regs = new Int32Array(12);
    const b = block(
      [
        { op: 'insn', pc: 0x1000, len: 1 },
        { op: 'const', dst: 0, ty: 32, value: 0x8000 },
        { op: 'const', dst: 1, ty: 1, value: 0 },
        { op: 'load', dst: 2, ty: 32, w: 32, addr: 0, guard: 1 },
        { op: 'store', w: 32, addr: 0, src: 0, guard: 1 },
        { op: 'fault', kind: 'divide', pc: 0x1000, guard: 1 },
        { op: 'setreg', slot: 0, src: 2 },
      ],
      { kind: 'direct', pc: 0x1001 },
      [32, 1, 32],
      1,
    );
    expect(evalBlock(b, regs, m)).toEqual({ kind: 'next', pc: 0x1001 });
    expect(regs[0]).toBe(0);
    expect(m.load32(0x8000)).toBe(77);
  });

  it('reports a memory fault at the pc of the instruction whose load faulted', () => {
    const b = block(
      [
        { op: 'insn', pc: 0x1000, len: 1 },
        { op: 'insn', pc: 0x1001, len: 1 },
        { op: 'const', dst: 0, ty: 32, value: 0x9000 },
        { op: 'load', dst: 1, ty: 8, w: 8, addr: 0 },
      ],
      { kind: 'direct', pc: 0x1002 },
      [32, 8],
      2,
    );
    const r = evalBlock(b, new Int32Array(12), mem());
    expect(r.kind === 'fault' && r.fault.message).toBe('segmentation fault at pc=0x00001001 addr=0x00009000');
  });
});
