// risc32: words built by hand from the manual's formats (§2-3), decoded and
// printed, including the pseudo-instructions the disassembler prefers (§6).

import { describe, expect, it } from 'vitest';
import { fieldValue } from '../../src/decode/decoder.js';
import { decodeAll, le32, load, rBr, rLit, rMem, rOp, rSys, textOf } from './helpers.js';

const risc = await load('risc32');
const t = (w: number, addr = 0x1000, sym?: (a: number) => string | undefined): string => textOf(risc, le32(w), addr, sym);

describe('risc32 decode: memory format', () => {
  it('decodes loads, stores and address arithmetic', () => {
    expect(t(rMem(0x08, 1, 2, 0x10))).toBe('lda r1, 0x10(r2)');
    expect(t(rMem(0x09, 1, 31, 0xffff))).toBe('ldah r1, -1(r31)');
    expect(t(rMem(0x0a, 3, 4, 5))).toBe('ldbu r3, 5(r4)');
    expect(t(rMem(0x0e, 3, 4, 0))).toBe('stb r3, 0(r4)');
    expect(t(rMem(0x28, 26, 30, -4))).toBe('ldw r26, -4(r30)');
    expect(t(rMem(0x2c, 9, 30, 0x7fff))).toBe('stw r9, 0x7fff(r30)');
    expect(t(rMem(0x0b, 1, 2, -0x8000))).toBe('ldwu r1, -0x8000(r2)');
    expect(t(rMem(0x0f, 1, 2, 12))).toBe('stwu r1, 0xc(r2)');
  });

  it('sign-extends the displacement field', () => {
    const d = decodeAll(risc, le32(rMem(0x28, 1, 2, 0xfff0)));
    const v = risc.isa.variants[d.variant];
    expect(fieldValue(d, v, 'disp')).toBe(-16);
    expect(fieldValue(d, v, 'ra')).toBe(1);
    expect(fieldValue(d, v, 'rb')).toBe(2);
    expect(d.values).toEqual([-16]);
  });

  it('never prints li: lda and ldah stay as they are', () => {
    expect(t(rMem(0x08, 3, 31, 5))).toBe('lda r3, 5(r31)');
    expect(t(rMem(0x09, 3, 31, 1))).toBe('ldah r3, 1(r31)');
  });

  it('decodes jmp, jsr, ret by kind, and rejects kind 3', () => {
    expect(t(rMem(0x1a, 31, 3, 0 << 14))).toBe('jmp r31, (r3)');
    expect(t(rMem(0x1a, 26, 27, 1 << 14))).toBe('jsr r26, (r27)');
    expect(t(rMem(0x1a, 1, 26, 2 << 14))).toBe('ret r1, (r26)');
    expect(t(rMem(0x1a, 31, 26, 2 << 14))).toBe('ret');
    expect(t(rMem(0x1a, 31, 26, 3 << 14))).toBe('(illegal)');
    // Bits 13:0 are ignored (a hint).
    expect(t(rMem(0x1a, 31, 3, 0x1234))).toBe('jmp r31, (r3)');
  });
});

describe('risc32 decode: operate format', () => {
  it('decodes register and literal forms', () => {
    expect(t(rOp(0x10, 1, 2, 0x00, 3))).toBe('addl r1, r2, r3');
    expect(t(rLit(0x10, 1, 255, 0x00, 3))).toBe('addl r1, 0xff, r3');
    expect(t(rLit(0x10, 1, 2, 0x4d, 3))).toBe('cmplt r1, 2, r3');
    expect(t(rOp(0x12, 4, 5, 0x3c, 6))).toBe('sra r4, r5, r6');
    expect(t(rOp(0x13, 4, 5, 0x31, 6))).toBe('mulh r4, r5, r6');
    expect(t(rOp(0x14, 4, 5, 0x03, 6))).toBe('remlu r4, r5, r6');
    expect(t(rOp(0x11, 4, 5, 0x14, 6))).toBe('cmovlbs r4, r5, r6');
    const d = decodeAll(risc, le32(rLit(0x10, 1, 200, 0, 3)));
    const v = risc.isa.variants[d.variant];
    expect(fieldValue(d, v, 'lit')).toBe(200);
    expect(fieldValue(d, v, 'islit')).toBe(1);
  });

  it('rejects nonzero bits 15:13 when bit 12 is clear', () => {
    for (const bit of [13, 14, 15]) {
      expect(t(rOp(0x10, 1, 2, 0, 3) | (1 << bit))).toBe('(illegal)');
      expect(t(rOp(0x11, 31, 31, 0x20, 31) | (1 << bit))).toBe('(illegal)');
    }
  });

  it('rejects unknown function codes', () => {
    expect(t(rOp(0x10, 1, 2, 0x01, 3))).toBe('(illegal)');
    expect(t(rOp(0x14, 1, 2, 0x04, 3))).toBe('(illegal)');
    expect(t(rOp(0x1c, 31, 2, 0x01, 3))).toBe('(illegal)');
  });

  it('decodes sextb only with ra = r31', () => {
    expect(t(rOp(0x1c, 31, 1, 0, 2))).toBe('sextb r1, r2');
    expect(t(rLit(0x1c, 31, 0x80, 0, 2))).toBe('sextb 0x80, r2');
    expect(t(rOp(0x1c, 30, 1, 0, 2))).toBe('(illegal)');
    expect(t(rLit(0x1c, 0, 1, 0, 2))).toBe('(illegal)');
  });
});

describe('risc32 decode: branch and system formats', () => {
  it('computes targets as next pc + 4 * disp', () => {
    const d = decodeAll(risc, le32(rBr(0x39, 1, -1)), 0x1000);
    expect(d.values).toEqual([0x1000]);
    expect(t(rBr(0x39, 1, -1))).toBe('beq r1, 0x1000');
    expect(t(rBr(0x3d, 2, 3))).toBe('bne r2, 0x1010');
    expect(t(rBr(0x3f, 2, 0xfffff))).toBe('bgt r2, 0x401000');
    expect(t(rBr(0x3f, 2, -0x100000))).toBe('bgt r2, 0xffc01004');
    const names = ['blbc', 'beq', 'blt', 'ble', 'blbs', 'bne', 'bge', 'bgt'];
    names.forEach((n, i) => expect(t(rBr(0x38 + i, 5, 0))).toBe(`${n} r5, 0x1004`));
  });

  it('decodes system calls and breakpoints, and nothing else of op 0', () => {
    expect(t(rSys(0x80))).toBe('bpt');
    expect(t(rSys(0x83))).toBe('callsys');
    expect(t(rSys(0x81))).toBe('(illegal)');
    expect(t(rSys(0x83 | (1 << 20)))).toBe('(illegal)');
    expect(t(0)).toBe('(illegal)');
  });

  it('rejects unused opcodes', () => {
    for (const op of [0x01, 0x07, 0x15, 0x1b, 0x1d, 0x20, 0x31, 0x37]) expect(t(rMem(op, 1, 2, 3)), `op ${op}`).toBe('(illegal)');
  });

  it('is short with fewer than four bytes', () => {
    const w = le32(rOp(0x10, 1, 2, 0, 3));
    for (let n = 0; n < 4; n++) expect(risc.dec.decode(w, 0, n, 0x1000)).toEqual({ kind: 'short', need: 4 });
  });
});

describe('risc32 disassembly: pseudo-instructions, tried in order', () => {
  const sym = (a: number) => (a === 0x2000 ? 'target' : undefined);
  const disp = (0x2000 - 0x1004) / 4;

  it('prints nop, clr, mov in that order for bis with r31', () => {
    expect(t(rOp(0x11, 31, 31, 0x20, 31))).toBe('nop');
    expect(t(rOp(0x11, 31, 31, 0x20, 3))).toBe('clr r3');
    expect(t(rOp(0x11, 31, 4, 0x20, 3))).toBe('mov r4, r3');
    expect(t(rOp(0x11, 31, 4, 0x20, 31))).toBe('mov r4, r31');
  });

  it('keeps bis when no pseudo fits', () => {
    expect(t(rOp(0x11, 4, 31, 0x20, 3))).toBe('bis r4, r31, r3');
    expect(t(rLit(0x11, 31, 0, 0x20, 3))).toBe('bis r31, 0, r3');
  });

  it('prints negl and not', () => {
    expect(t(rOp(0x10, 31, 4, 0x09, 3))).toBe('negl r4, r3');
    expect(t(rOp(0x11, 31, 4, 0x28, 3))).toBe('not r4, r3');
    expect(t(rOp(0x10, 1, 4, 0x09, 3))).toBe('subl r1, r4, r3');
  });

  it('prints br label, call label and ret', () => {
    expect(t(rBr(0x30, 31, disp), 0x1000, sym)).toBe('br target');
    expect(t(rBr(0x30, 26, disp), 0x1000, sym)).toBe('br r26, target');
    expect(t(rBr(0x34, 26, disp), 0x1000, sym)).toBe('call target');
    expect(t(rBr(0x34, 26, disp + 1), 0x1000, sym)).toBe('call 0x2004');
    expect(t(rBr(0x34, 31, disp), 0x1000, sym)).toBe('bsr r31, target');
    expect(t(rMem(0x1a, 31, 26, 2 << 14))).toBe('ret');
    expect(t(rMem(0x1a, 31, 27, 2 << 14))).toBe('ret r31, (r27)');
  });

  it('prints a pseudo only where the word is exactly its expansion: not ret with hint bits set', () => {
    for (const hint of [1, 0x2000, 0x3fff]) expect(t(rMem(0x1a, 31, 26, (2 << 14) | hint))).toBe('ret r31, (r26)');
  });
});

describe('risc32: the words the assembler writes are canonical', () => {
  it('every instruction of every risc32 sample, and each pseudo the manual lists', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { assemble } = await import('../../src/asm/index.js');
    const { isaAssembler } = await import('../../src/asm/backend.js');
    const { isCanonical } = await import('../../src/decode/canonical.js');
    const dir = new URL('../../samples/risc32/', import.meta.url);
    const sources = readdirSync(dir).map((f) => readFileSync(new URL(f, dir), 'utf8'));
    sources.push('.isa risc32\n_start: nop\nmov r1, r2\nclr r3\nnegl r4, r5\nnot r6, r7\nbr _start\ncall _start\nret\njmp r31, (r1)\njsr ra, (t0)\n');
    let n = 0;
    for (const src of sources) {
      const image = assemble(src, 'x.s', isaAssembler(risc.isa));
      const text = image.segments.find((s) => s.name === '.text')!;
      for (let at = 0; at < text.data.length; at += 4) {
        const d = decodeAll(risc, text.data.subarray(at, at + 4));
        expect(isCanonical(risc.isa, d), `word ${at} of a sample`).toBe(true);
        n++;
      }
    }
    expect(n).toBeGreaterThan(100);
  });
});
