// risc32 encodings, word for word, from the manual's formats (§2), its
// instruction tables (§3) and pseudo-instructions (§6). Expected words are
// built here from the bit layouts, then written little-endian.

import { beforeAll, describe, expect, it } from 'vitest';
import { XlatError } from '../../src/spec/diagnostic.js';
import type { IsaBackend } from '../../src/asm/backend.js';
import { backend, encodeSlots, planLine, wordHex, type Symbols } from './backend-helpers.js';

let be: IsaBackend;
beforeAll(async () => {
  be = (await backend('risc32')).be;
});

/** Memory format: op 31:26, ra 25:21, rb 20:16, disp 15:0. */
const mem = (op: number, ra: number, rb: number, disp: number): number =>
  ((op << 26) | (ra << 21) | (rb << 16) | (disp & 0xffff)) >>> 0;
/** Operate format, register form: rb 20:16, bits 15:12 zero. */
const opr = (op: number, ra: number, rb: number, func: number, rc: number): number =>
  ((op << 26) | (ra << 21) | (rb << 16) | (func << 5) | rc) >>> 0;
/** Operate format, literal form: lit 20:13, bit 12 set. */
const opl = (op: number, ra: number, lit: number, func: number, rc: number): number =>
  ((op << 26) | (ra << 21) | (lit << 13) | (1 << 12) | (func << 5) | rc) >>> 0;
/** Branch format: disp 20:0 in words. */
const bra = (op: number, ra: number, disp: number): number => ((op << 26) | (ra << 21) | (disp & 0x1fffff)) >>> 0;
/** jmp/jsr/ret: memory format with the kind in disp 15:14. */
const jump = (ra: number, rb: number, kind: number): number => mem(0x1a, ra, rb, kind << 14);

const words = (...ws: number[]): string => ws.map(wordHex).join(' ');

function asm(line: string, syms: Symbols = {}, addr = 0x1000): string {
  return encodeSlots(planLine(be, line, syms), syms, addr);
}

function errorOf(line: string, syms: Symbols = {}, lineNo = 1): string {
  try {
    encodeSlots(planLine(be, line, syms, lineNo), syms);
  } catch (e) {
    expect(e).toBeInstanceOf(XlatError);
    return (e as Error).message;
  }
  throw new Error(`'${line}' assembled`);
}

const SP = 30;
const RA = 26;
const ZERO = 31;

describe('memory format', () => {
  const ops: Array<[string, number]> = [
    ['lda', 0x08], ['ldah', 0x09], ['ldbu', 0x0a], ['stb', 0x0e], ['ldw', 0x28], ['stw', 0x2c], ['ldwu', 0x0b], ['stwu', 0x0f],
  ];
  for (const [op, code] of ops) {
    it(op, () => {
      expect(asm(`${op} t0, 8(sp)`)).toBe(words(mem(code, 1, SP, 8)));
      expect(asm(`${op} r31, -4(r0)`)).toBe(words(mem(code, 31, 0, -4)));
      expect(asm(`${op} a0, (s0)`)).toBe(words(mem(code, 16, 9, 0)));
      expect(asm(`${op} v0, 32767(gp)`)).toBe(words(mem(code, 0, 29, 32767)));
      expect(asm(`${op} v0, -32768(gp)`)).toBe(words(mem(code, 0, 29, -32768)));
    });
  }

  it('ldw t0, 8(sp)', () => expect(asm('ldw t0, 8(sp)')).toBe(words(0xa03e0008)));

  it('takes any expression before the parentheses', () => {
    expect(asm('ldw t1, (N - 1) * 4(s0)', { equs: { N: 3 } })).toBe(words(mem(0x28, 2, 9, 8)));
    expect(asm('stw ra, -(2 * 4)(sp)')).toBe(words(mem(0x2c, RA, SP, -8)));
    expect(asm('lda r1, lbl - base(r2)', { labels: { lbl: 0x1100, base: 0x1000 } })).toBe(words(mem(0x08, 1, 2, 0x100)));
  });

  it('rejects a displacement outside 16 signed bits', () => {
    expect(errorOf('ldw r1, 32768(sp)', {}, 2)).toBe("prog.s:2:9: value 32768 does not fit 'ldw' disp (-32768..32767)");
    expect(errorOf('lda r1, 0xFFFF(r31)')).toMatch(/value 65535 does not fit 'lda' disp/);
    // Taken modulo 2^32, 0xFFFF8000 is -32768.
    expect(asm('lda r1, 0xFFFF8000(r31)')).toBe(words(mem(0x08, 1, 31, -32768)));
  });

  it('jmp, jsr, ret with the kind in bits 15:14 and the hint bits 0', () => {
    expect(asm('jmp r31, (r1)')).toBe(words(jump(31, 1, 0)));
    expect(asm('jsr ra, (pv)')).toBe(words(jump(RA, 27, 1)));
    expect(asm('ret r31, (ra)')).toBe(words(jump(31, RA, 2)));
    expect(asm('ret r31, (ra)')).toBe(words(0x6bfa8000));
    expect(asm('jmp r31, 0(r1)')).toBe(words(jump(31, 1, 0)));
    expect(errorOf('jmp r31, 4(r1)')).toBe("prog.s:1:1: no form of 'jmp' takes operands (register, memory)");
  });
});

describe('operate format', () => {
  const ops: Array<[string, number, number]> = [
    ['addl', 0x10, 0x00], ['subl', 0x10, 0x09], ['s4addl', 0x10, 0x02],
    ['cmpeq', 0x10, 0x2d], ['cmplt', 0x10, 0x4d], ['cmple', 0x10, 0x6d], ['cmpult', 0x10, 0x1d], ['cmpule', 0x10, 0x3d],
    ['and', 0x11, 0x00], ['bic', 0x11, 0x08], ['bis', 0x11, 0x20], ['ornot', 0x11, 0x28], ['xor', 0x11, 0x40], ['eqv', 0x11, 0x48],
    ['cmoveq', 0x11, 0x24], ['cmovne', 0x11, 0x26], ['cmovlt', 0x11, 0x44], ['cmovge', 0x11, 0x46],
    ['cmovle', 0x11, 0x64], ['cmovgt', 0x11, 0x66], ['cmovlbs', 0x11, 0x14], ['cmovlbc', 0x11, 0x16],
    ['sll', 0x12, 0x39], ['srl', 0x12, 0x34], ['sra', 0x12, 0x3c],
    ['mull', 0x13, 0x00], ['umulh', 0x13, 0x30], ['mulh', 0x13, 0x31],
    ['divl', 0x14, 0x00], ['divlu', 0x14, 0x01], ['reml', 0x14, 0x02], ['remlu', 0x14, 0x03],
  ];
  for (const [op, code, func] of ops) {
    it(op, () => {
      expect(asm(`${op} r1, r2, r3`)).toBe(words(opr(code, 1, 2, func, 3)));
      expect(asm(`${op} a0, zero, v0`)).toBe(words(opr(code, 16, 31, func, 0)));
      expect(asm(`${op} t0, 5, t1`)).toBe(words(opl(code, 1, 5, func, 2)));
      expect(asm(`${op} r31, 0, r31`)).toBe(words(opl(code, 31, 0, func, 31)));
      expect(asm(`${op} r1, 255, r2`)).toBe(words(opl(code, 1, 255, func, 2)));
    });
  }

  it('a literal must be 0..255', () => {
    expect(errorOf('addl r1, 256, r2', {}, 4)).toBe("prog.s:4:10: value 256 does not fit 'addl' lit (0..255)");
    expect(errorOf('addl r1, -1, r2')).toBe("prog.s:1:10: value -1 does not fit 'addl' lit (0..255)");
    expect(errorOf('sll r1, 0xFFFFFFFF, r2')).toMatch(/value 4294967295 does not fit 'sll' lit \(0\.\.255\)/);
  });

  it('sextb with a register or a literal, ra encoded as r31', () => {
    expect(asm('sextb r2, r3')).toBe(words(opr(0x1c, 31, 2, 0, 3)));
    expect(asm('sextb 0x80, r3')).toBe(words(opl(0x1c, 31, 0x80, 0, 3)));
    expect(errorOf('sextb r1, r2, r3')).toMatch(/no form of 'sextb'/);
  });

  it('takes mnemonics and registers in any case', () => {
    expect(asm('ADDL T0, 5, T1')).toBe(words(opl(0x10, 1, 5, 0, 2)));
  });
});

describe('branch format', () => {
  const ops: Array<[string, number]> = [
    ['br', 0x30], ['bsr', 0x34], ['blbc', 0x38], ['beq', 0x39], ['blt', 0x3a], ['ble', 0x3b],
    ['blbs', 0x3c], ['bne', 0x3d], ['bge', 0x3e], ['bgt', 0x3f],
  ];
  for (const [op, code] of ops) {
    it(op, () => {
      // at 0x1000, so the next instruction is 0x1004
      expect(asm(`${op} r1, t`, { labels: { t: 0x1010 } })).toBe(words(bra(code, 1, 3)));
      expect(asm(`${op} ra, t`, { labels: { t: 0x1000 } })).toBe(words(bra(code, RA, -1)));
      expect(asm(`${op} r31, t`, { labels: { t: 0x1004 } })).toBe(words(bra(code, 31, 0)));
    });
  }

  it('reaches 2^20 words either way', () => {
    const far = 0x1004 + 4 * (2 ** 20 - 1);
    expect(asm('beq r1, t', { labels: { t: far } })).toBe(words(bra(0x39, 1, 2 ** 20 - 1)));
    const back = 0x500004 - 4 * 2 ** 20;
    expect(asm('beq r1, t', { labels: { t: back } }, 0x500000)).toBe(words(bra(0x39, 1, -(2 ** 20))));
    expect(errorOf('beq r1, t', { labels: { t: far + 4 } }, 3)).toBe(
      'prog.s:3:9: beq target out of reach (4194304 bytes, -4194304..4194300)',
    );
  });

  it('a target not a multiple of 4 from the next instruction is an error', () => {
    expect(errorOf('bne r1, t', { labels: { t: 0x1006 } })).toBe(
      'prog.s:1:9: bne target is 2 bytes from the next instruction, not a multiple of 4',
    );
  });
});

describe('system format', () => {
  it('callsys and bpt', () => {
    expect(asm('callsys')).toBe(words(0x00000083));
    expect(asm('bpt')).toBe(words(0x00000080));
  });
});

describe('pseudo-instructions (§6)', () => {
  it('nop = bis r31, r31, r31', () => {
    expect(asm('nop')).toBe(words(0x47ff041f));
    expect(asm('nop')).toBe(words(opr(0x11, 31, 31, 0x20, 31)));
  });
  it('mov, clr, negl, not', () => {
    expect(asm('mov r1, r2')).toBe(words(opr(0x11, ZERO, 1, 0x20, 2)));
    expect(asm('mov sp, fp')).toBe(words(opr(0x11, ZERO, SP, 0x20, 15)));
    expect(asm('clr r5')).toBe(words(opr(0x11, ZERO, ZERO, 0x20, 5)));
    expect(asm('negl r1, r2')).toBe(words(opr(0x10, ZERO, 1, 0x09, 2)));
    expect(asm('not r1, r2')).toBe(words(opr(0x11, ZERO, 1, 0x28, 2)));
    expect(errorOf('mov r1, 5')).toBe("prog.s:1:1: no form of 'mov' takes operands (register, immediate)");
  });
  it('br label, call label, ret', () => {
    expect(asm('br t', { labels: { t: 0x1010 } })).toBe(words(bra(0x30, ZERO, 3)));
    expect(asm('call t', { labels: { t: 0x0ff0 } })).toBe(words(bra(0x34, RA, -5)));
    expect(asm('ret')).toBe(words(0x6bfa8000));
    expect(errorOf('br t', { labels: { t: 0x1007 } })).toMatch(/br target is 3 bytes from the next instruction/);
  });

  describe('li', () => {
    const lda = (rc: number, disp: number, rb = ZERO): number => mem(0x08, rc, rb, disp);
    const ldah = (rc: number, disp: number): number => mem(0x09, rc, ZERO, disp);
    const slots = (line: string, syms: Symbols = {}): number => planLine(be, line, syms).length;

    it('one lda when the constant fits 16 signed bits modulo 2^32', () => {
      expect(asm('li r1, 5')).toBe(words(lda(1, 5)));
      expect(asm('li r1, -5')).toBe(words(lda(1, -5)));
      expect(asm('li r1, 32767')).toBe(words(lda(1, 32767)));
      expect(asm('li r1, -32768')).toBe(words(lda(1, -32768)));
      expect(asm('li r1, 0xFFFFFFFF')).toBe(words(lda(1, -1)));
      expect(asm('li r1, 0xFFFF8000')).toBe(words(lda(1, -32768)));
      expect(asm('li v0, N', { equs: { N: 4 } })).toBe(words(lda(0, 4)));
      expect(slots('li r1, 0xFFFFFFFF')).toBe(1);
    });

    it('ldah then lda otherwise, hi compensating a negative lo', () => {
      expect(asm('li r1, 0x12345678')).toBe(words(ldah(1, 0x1234), lda(1, 0x5678, 1)));
      expect(asm('li r1, 0x00018000')).toBe(words(ldah(1, 2), lda(1, -32768, 1)));
      expect(asm('li r1, 32768')).toBe(words(ldah(1, 1), lda(1, -32768, 1)));
      expect(asm('li r1, 0x10000')).toBe(words(ldah(1, 1), lda(1, 0, 1)));
      expect(asm('li r1, 0x80000000')).toBe(words(ldah(1, -32768), lda(1, 0, 1)));
      expect(asm('li r1, -0x80000000')).toBe(words(ldah(1, -32768), lda(1, 0, 1)));
      expect(asm('li r1, 0xFFFF7FFF')).toBe(words(ldah(1, -1), lda(1, 0x7fff, 1)));
      expect(asm('li r1, 0x7FFF8000')).toBe(words(ldah(1, -32768), lda(1, -32768, 1)));
    });

    it('a label is always ldah + lda, resolved when the label is', () => {
      expect(slots('li r1, msg', { labels: { msg: 0x10 } })).toBe(2);
      expect(asm('li r1, msg', { labels: { msg: 0x10 } })).toBe(words(ldah(1, 0), lda(1, 0x10, 1)));
      expect(asm('li a1, msg', { labels: { msg: 0x2000 } })).toBe(words(ldah(17, 0), lda(17, 0x2000, 17)));
      expect(asm('li a1, msg + 4', { labels: { msg: 0x12348000 } })).toBe(words(ldah(17, 0x1235), lda(17, -32764, 17)));
    });

    it('rejects a value outside -2^31..2^32-1, at the operand', () => {
      expect(errorOf('li r1, 0x100000000', {}, 5)).toBe('prog.s:5:8: value 4294967296 out of range -2147483648..4294967295');
    });
  });

  it('real instructions win over pseudo-instructions of the same name', () => {
    expect(asm('br r1, t', { labels: { t: 0x1010 } })).toBe(words(bra(0x30, 1, 3)));
    expect(asm('ret r1, (r2)')).toBe(words(jump(1, 2, 2)));
  });
});
