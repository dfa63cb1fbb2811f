// The lifter: exact IR of single cisc32 and risc32 instructions (the flag
// rules as the spec writes them, predication, zero registers, exits), and
// where blocks stop.

import { describe, expect, it } from 'vitest';
import { liftBlock, printBlock, verifyBlock, type IrBlock } from '../../src/ir/index.js';
import { CODE, fetchOf, liftAsm, load, type Isa } from './helpers.js';

const cisc = await load('cisc32');
const risc = await load('risc32');

function text(l: Isa, lines: string[]): string {
  const b = liftAsm(l, lines);
  expect(verifyBlock(b)).toEqual([]);
  return printBlock(b, l.isa);
}

const lines = (s: string): string => s.trim().replace(/\n\s+/g, '\n');

describe('lifting cisc32 instructions', () => {
  it('add r0, r1: the sum, then z, s, c, o by the spec’s flag rules, setregs at the end', () => {
    expect(text(cisc, ['add r0, r1'])).toBe(
      lines(`
      block 0x1000..0x1002 (1 insn)
      --- 0x1000 (2 bytes)
      v0:i32 = getreg r1
      v1:i32 = getreg r0
      v2:i32 = add v1, v0
      v3:i32 = const 0
      v4:i1 = eq v2, v3
      v5:i1 = slice v2[31:31]
      v6:i1 = ltu v2, v1
      v7:i1 = eq v2, v1
      v8:i1 = const 0
      v9:i1 = land v8, v7
      v10:i1 = lor v6, v9
      v11:i32 = xor v1, v0
      v12:i32 = not v11
      v13:i32 = xor v1, v2
      v14:i32 = and v12, v13
      v15:i1 = slice v14[31:31]
      setreg r0 = v2
      setreg z = v4
      setreg s = v5
      setreg c = v10
      setreg o = v15
      exit direct 0x1002`),
    );
  });

  it('jne: a branch on the negated z flag', () => {
    expect(text(cisc, ['jne far', 'nop', 'far: nop'])).toBe(
      lines(`
      block 0x1000..0x1002 (1 insn)
      --- 0x1000 (2 bytes)
      v0:i1 = getreg z
      v1:i1 = lnot v0
      exit branch v1 ? 0x1003 : 0x1002`),
    );
  });

  it('cmovne: a register write under a condition is a select of new and current', () => {
    expect(text(cisc, ['cmovne r1, r2'])).toBe(
      lines(`
      block 0x1000..0x1003 (1 insn)
      --- 0x1000 (3 bytes)
      v0:i32 = getreg r2
      v1:i1 = getreg z
      v2:i1 = lnot v1
      v3:i32 = getreg r1
      v4:i32 = select v2, v0, v3
      setreg r1 = v4
      exit direct 0x1003`),
    );
  });

  it('divu: the divide check is a guarded fault, the divide comes after it, and the block goes on', () => {
    expect(text(cisc, ['divu r1, r2', 'nop'])).toBe(
      lines(`
      block 0x1000..0x1004 (2 insns)
      --- 0x1000 (3 bytes)
      v0:i32 = getreg r1
      v1:i32 = getreg r2
      v2:i32 = const 0
      v3:i1 = eq v1, v2
      fault divide @0x1000 if v3
      v4:i32 = divu v0, v1
      setreg r1 = v4
      --- 0x1003 (1 byte)
      exit direct 0x1004`),
    );
  });

  it('rep movsb: guarded load and store, selects, and a branch back to itself', () => {
    expect(text(cisc, ['rep movsb'])).toBe(
      lines(`
      block 0x1000..0x1002 (1 insn)
      --- 0x1000 (2 bytes)
      v0:i32 = getreg r1
      v1:i32 = const 0
      v2:i1 = ne v0, v1
      v3:i32 = getreg r6
      v4:i8 = load8 v3 if v2
      v5:i32 = getreg r7
      store8 [v5] = v4 if v2
      v6:i32 = const 1
      v7:i32 = add v3, v6
      v8:i32 = select v2, v7, v3
      v9:i32 = add v5, v6
      v10:i32 = select v2, v9, v5
      v11:i32 = sub v0, v6
      v12:i32 = select v2, v11, v0
      v13:i1 = ne v12, v1
      v14:i1 = and v2, v13
      setreg r6 = v8
      setreg r7 = v10
      setreg r1 = v12
      exit branch v14 ? 0x1000 : 0x1002`),
    );
  });

  it('call and ret: a store then a direct exit; a load then an indirect exit', () => {
    expect(text(cisc, ['call far', 'nop', 'far: nop'])).toBe(
      lines(`
      block 0x1000..0x1005 (1 insn)
      --- 0x1000 (5 bytes)
      v0:i32 = getreg r4
      v1:i32 = const 4
      v2:i32 = sub v0, v1
      v3:i32 = const 0x1005
      store32 [v2] = v3
      setreg r4 = v2
      exit direct 0x1006`),
    );
    expect(text(cisc, ['ret'])).toBe(
      lines(`
      block 0x1000..0x1001 (1 insn)
      --- 0x1000 (1 byte)
      v0:i32 = getreg r4
      v1:i32 = load32 v0
      v2:i32 = const 4
      v3:i32 = add v0, v2
      setreg r4 = v3
      exit indirect v1`),
    );
  });

  it('mov byte r1, r2: a narrow register write is a read-modify-write', () => {
    expect(text(cisc, ['mov byte r1, r2'])).toBe(
      lines(`
      block 0x1000..0x1002 (1 insn)
      --- 0x1000 (2 bytes)
      v0:i32 = getreg r2
      v1:i8 = trunc v0
      v2:i32 = getreg r1
      v3:i32 = const -256
      v4:i32 = and v2, v3
      v5:i32 = zext v1
      v6:i32 = or v4, v5
      setreg r1 = v6
      exit direct 0x1002`),
    );
  });

  it('shl by an immediate folds the count test away; by r1 it is predicated', () => {
    const imm = text(cisc, ['shl r2, 3']);
    expect(imm).not.toMatch(/select/);
    expect(imm).toMatch(/shl v\d+, v\d+/);
    const byReg = text(cisc, ['shl r0, r1']);
    expect(byReg.match(/select/g)).toHaveLength(5); // r0, z, s, c, o each keep their value for a count of 0
  });

  it('reads a register once per block and reuses what the block computed', () => {
    const t = text(cisc, ['add r0, r1', 'add r0, r1', 'nop']);
    expect(t.match(/getreg r0/g)).toHaveLength(1);
    expect(t.match(/getreg r1/g)).toHaveLength(1);
    expect(t.match(/getreg [zsco]\b/g)).toBeNull();
  });

  it('syscall ends the block with a syscall exit', () => {
    expect(text(cisc, ['syscall', 'nop'])).toBe(
      lines(`
      block 0x1000..0x1002 (1 insn)
      --- 0x1000 (2 bytes)
      syscall @0x1000
      exit syscall 0x1002`),
    );
  });

  it('brk ends the block with its fault', () => {
    expect(text(cisc, ['nop', 'brk', 'nop'])).toBe(
      lines(`
      block 0x1000..0x1002 (2 insns)
      --- 0x1000 (1 byte)
      --- 0x1001 (1 byte)
      fault breakpoint @0x1001
      exit direct 0x1002`),
    );
  });
});

describe('lifting risc32 instructions', () => {
  it('addl r1, r2, r3', () => {
    expect(text(risc, ['addl r1, r2, r3'])).toBe(
      lines(`
      block 0x1000..0x1004 (1 insn)
      --- 0x1000 (4 bytes)
      v0:i32 = getreg r1
      v1:i32 = getreg r2
      v2:i32 = add v0, v1
      setreg r3 = v2
      exit direct 0x1004`),
    );
  });

  it('ldw: the alignment check on a[1:0] (2 bits, held in an i8), then the load', () => {
    expect(text(risc, ['ldw r4, 8(r9)'])).toBe(
      lines(`
      block 0x1000..0x1004 (1 insn)
      --- 0x1000 (4 bytes)
      v0:i32 = getreg r9
      v1:i32 = const 8
      v2:i32 = add v0, v1
      v3:i32 = const 3
      v4:i32 = and v2, v3
      v5:i8 = trunc v4
      v6:i8 = const 0
      v7:i1 = ne v5, v6
      fault alignment @0x1000 if v7
      v8:i32 = load32 v2
      setreg r4 = v8
      exit direct 0x1004`),
    );
  });

  it('bne: a branch on a comparison', () => {
    expect(text(risc, ['bne r6, far', 'bis r31, r31, r31', 'far: bis r31, r31, r31'])).toBe(
      lines(`
      block 0x1000..0x1004 (1 insn)
      --- 0x1000 (4 bytes)
      v0:i32 = getreg r6
      v1:i32 = const 0
      v2:i1 = ne v0, v1
      exit branch v2 ? 0x1008 : 0x1004`),
    );
  });

  it('the zero register reads 0 and its writes are dropped', () => {
    expect(text(risc, ['addl r31, 5, r1', 'addl r1, r2, r31', 'bis r31, r31, r31'])).toBe(
      lines(`
      block 0x1000..0x100c (3 insns)
      --- 0x1000 (4 bytes)
      v0:i32 = const 5
      setreg r1 = v0
      --- 0x1004 (4 bytes)
      v1:i32 = getreg r2
      v2:i32 = add v0, v1
      --- 0x1008 (4 bytes)
      exit direct 0x100c`),
    );
  });

  it('jsr: link register set, indirect exit to the masked target', () => {
    expect(text(risc, ['jsr ra, (r5)'])).toBe(
      lines(`
      block 0x1000..0x1004 (1 insn)
      --- 0x1000 (4 bytes)
      v0:i32 = getreg r5
      v1:i32 = const -4
      v2:i32 = and v0, v1
      v3:i32 = const 0x1004
      setreg r26 = v3
      exit indirect v2`),
    );
  });

  it('a divide by the zero register is an unconditional fault and ends the block', () => {
    expect(text(risc, ['divl r1, r31, r7', 'bis r31, r31, r31'])).toBe(
      lines(`
      block 0x1000..0x1004 (1 insn)
      --- 0x1000 (4 bytes)
      v0:i32 = getreg r1
      fault arithmetic @0x1000
      exit direct 0x1004`),
    );
  });
});

describe('where blocks stop', () => {
  const nops = (n: number): Uint8Array => new Uint8Array(n).fill(0x90);
  const lift = (bytes: Uint8Array, pc = CODE, maxInsns?: number): IrBlock => {
    const b = liftBlock(cisc.isa, cisc.dec, fetchOf(bytes), pc, { maxInsns });
    expect(verifyBlock(b)).toEqual([]);
    return b;
  };
  /** An opcode byte that no cisc32 instruction starts with. */
  const ILLEGAL = (() => {
    for (let x = 0; x < 256; x++) if (cisc.dec.decode(Uint8Array.of(x, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0, 10, 0) === null) return x;
    throw new Error('no illegal byte');
  })();

  it('after maxInsns (64 by default), with a direct exit to the next', () => {
    const b = lift(nops(100));
    expect(b.insns).toBe(64);
    expect(b.end).toBe(CODE + 64);
    expect(b.exit).toEqual({ kind: 'direct', pc: CODE + 64 });
    expect(lift(nops(10), CODE, 3).exit).toEqual({ kind: 'direct', pc: CODE + 3 });
  });

  it('before an illegal instruction, which a block of its own then faults on', () => {
    const bytes = Uint8Array.of(0x90, 0x90, ILLEGAL, 0x90);
    const b = lift(bytes);
    expect(b.insns).toBe(2);
    expect(b.exit).toEqual({ kind: 'direct', pc: CODE + 2 });
    expect(printBlock(lift(bytes, CODE + 2))).toBe(
      lines(`
      block 0x1002..0x1004 (0 insns)
      fault illegal @0x1002
      exit direct 0x1002`),
    );
  });

  it('before an instruction that runs off the fetchable bytes, which then is a fetch fault', () => {
    // add r0, imm32 with only 3 of its 6 bytes fetchable
    const bytes = Uint8Array.of(0x90, 0x81, 0xc0, 0x01);
    expect(lift(bytes).exit).toEqual({ kind: 'direct', pc: CODE + 1 });
    expect(printBlock(lift(bytes, CODE + 1))).toBe(
      lines(`
      block 0x1001..0x1004 (0 insns)
      fault fetch @0x1001 addr 0x1001
      exit direct 0x1001`),
    );
    expect(lift(bytes, CODE + 4).ops).toEqual([{ op: 'fetchfault', pc: CODE + 4, addr: CODE + 4 }]);
  });
});
