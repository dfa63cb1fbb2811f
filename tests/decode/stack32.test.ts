// stack32 decoding and disassembly (manual §2-§3): each of the 50
// instructions from bytes written out by hand, big-endian immediates signed
// or not as the manual says, jump targets from the next instruction; the
// objdump-style listing; and the round trips against the assembler, as
// properties: random valid instruction bytes -> text -> assembled -> the same
// bytes (or, for a push written in a longer form than it needs, the shortest
// form, which prints the same); random assembly text -> bytes -> text -> the
// same text.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { isaAssembler } from '../../src/asm/backend.js';
import { disassemble, formatInsn } from '../../src/decode/disasm.js';
import { isDecoded } from '../../src/decode/types.js';
import { bytes, decodeAll, hexOf, load, textOf } from './helpers.js';
import { IMM, OPCODES } from '../fixtures/stack32-opcodes.js';

const s32 = await load('stack32');
const asmBackend = isaAssembler(s32.isa);
const BASE = 0x1000;
const t = (hex: string, addr = BASE, sym?: (a: number) => string | undefined) => textOf(s32, bytes(hex), addr, sym);

describe('stack32 decode: every instruction', () => {
  const ALL: Array<[string, string]> = [
    ['00', 'nop'],
    ['01 05', 'push 5'],
    ['01 80', 'push -0x80'],
    ['01 7f', 'push 0x7f'],
    ['01 ff', 'push -1'],
    ['02 12 34', 'push 0x1234'],
    ['02 80 00', 'push -0x8000'],
    ['02 ff f7', 'push -9'],
    ['03 12 34 56 78', 'push 0x12345678'],
    ['03 80 00 00 00', 'push -0x80000000'],
    ['03 ff ff ff f6', 'push -0xa'],
    ['04', 'dup'],
    ['05', 'drop'],
    ['06', 'swap'],
    ['07', 'over'],
    ['08', 'getrv'],
    ['09', 'setrv'],
    ['0a', 'getsp'],
    ['10', 'add'],
    ['11', 'sub'],
    ['12', 'mul'],
    ['13', 'div'],
    ['14', 'rem'],
    ['15', 'divu'],
    ['16', 'remu'],
    ['17', 'and'],
    ['18', 'or'],
    ['19', 'xor'],
    ['1a', 'shl'],
    ['1b', 'shr'],
    ['1c', 'sar'],
    ['1d', 'neg'],
    ['1e', 'not'],
    ['20', 'eq'],
    ['21', 'ne'],
    ['22', 'lt'],
    ['23', 'le'],
    ['24', 'ltu'],
    ['25', 'leu'],
    ['30 ff', 'ldl -1'],
    ['30 80', 'ldl -0x80'],
    ['31 02', 'stl 2'],
    ['31 7f', 'stl 0x7f'],
    ['32', 'ldw'],
    ['33', 'stw'],
    ['34', 'ldb'],
    ['35', 'stb'],
    ['40 00 0d', 'jmp 0x1010'],
    ['40 ff fd', 'jmp 0x1000'],
    ['40 80 00', 'jmp 0xffff9003'],
    ['40 7f ff', 'jmp 0x9002'],
    ['41 00 00', 'jz 0x1003'],
    ['42 ef fd', 'jnz 0x0'],
    ['43 01 00', 'call 0x1103'],
    ['44', 'jmpi'],
    ['45', 'calli'],
    ['46', 'ret'],
    ['47 00', 'enter 0'],
    ['47 ff', 'enter 0xff'],
    ['47 80', 'enter 0x80'],
    ['48', 'leave'],
    ['50', 'syscall'],
    ['51', 'brk'],
    ['52', 'ud'],
  ];
  it.each(ALL)('%s -> %s', (hex, text) => expect(t(hex)).toBe(text));

  it('every opcode decodes to one of 50 variants, with the manual length', () => {
    const LEN: Record<number, number> = { 0x01: 2, 0x02: 3, 0x03: 5, 0x30: 2, 0x31: 2, 0x47: 2, 0x40: 3, 0x41: 3, 0x42: 3, 0x43: 3 };
    const seen = new Set<number>();
    for (const [hex] of ALL) {
      const b = bytes(hex);
      const d = decodeAll(s32, b);
      expect(d.length, hex).toBe(LEN[b[0]] ?? 1);
      seen.add(d.variant);
    }
    expect(seen.size).toBe(50);
  });

  it('immediates: ib and iw and id signed, enter unsigned', () => {
    const val = (hex: string) => decodeAll(s32, bytes(hex)).values;
    expect(Array.from(decodeAll(s32, bytes('47 ff')).fields)).toContain(255);
    expect(t('47 ff')).toBe('enter 0xff');
    expect(val('40 80 00')[0] >>> 0).toBe((BASE + 3 - 0x8000) >>> 0);
  });

  it('a jump target with a symbol prints as the symbol', () => {
    expect(t('43 00 0d', BASE, (a) => (a === 0x1010 ? 'f' : undefined))).toBe('call f');
    expect(t('41 ff fd', 0x2000, (a) => (a === 0x2000 ? 'loop' : undefined))).toBe('jz loop');
  });

  it('an instruction cut short asks for its whole length', () => {
    expect(t('01')).toBe('(short 2)');
    expect(t('02 00')).toBe('(short 3)');
    expect(t('03 00 00 00')).toBe('(short 5)');
    expect(t('40')).toBe('(short 3)');
    expect(t('47')).toBe('(short 2)');
    expect(t('')).toBe('(short 1)');
  });
});

describe('stack32 disassembly listing', () => {
  it('lists a program with symbols, big-endian bytes and (bad) for a byte that is no opcode', () => {
    const img = assemble(['.text', '_start: push 0x1234', 'loop: push msg', 'call f', 'jnz loop', '.byte 0xff', 'f: enter 2', 'ret', '.data', 'msg: .word 0x01020304'].join('\n'), 'l.s', asmBackend);
    expect(disassemble(s32.isa, img)).toBe(
      [
        'Disassembly of section .text:',
        '',
        '00001000 <_start>:',
        '    1000:\t02 12 34             \tpush 0x1234',
        '',
        '00001003 <loop>:',
        '    1003:\t02 20 00             \tpush 0x2000',
        '    1006:\t43 00 04             \tcall f',
        '    1009:\t42 ff f7             \tjnz loop',
        '    100c:\tff                   \t(bad)',
        '',
        '0000100d <f>:',
        '    100d:\t47 02                \tenter 2',
        '    100f:\t46                   \tret',
        '',
      ].join('\n'),
    );
  });
});

// ---- round trips ----

/** Immediate bytes after each opcode (manual §2-§3). */

/** Random valid instruction bytes: an opcode and its immediate (edges well represented). */
const insnBytes = fc
  .tuple(
    fc.constantFrom(...OPCODES),
    fc.uint8Array({ minLength: 4, maxLength: 4 }),
    fc.constantFrom(null, [0x00, 0x00, 0x00, 0x00], [0xff, 0xff, 0xff, 0xff], [0x80, 0x00, 0x00, 0x00], [0x7f, 0xff, 0xff, 0xff], [0x00, 0x7f, 0xff, 0x80], [0xff, 0xff, 0x80, 0x00], [0xff, 0xff, 0xff, 0x80], [0x00, 0x00, 0x7f, 0xff]),
  )
  .map(([op, raw, edge]) => {
    const n = IMM[op] ?? 0;
    const imm = edge ? edge.slice(4 - n) : Array.from(raw.subarray(0, n));
    return Uint8Array.from([op, ...imm]);
  });

function assembleAt(text: string): Uint8Array {
  const img = assemble(`.text\n${text}\n`, 'rt.s', asmBackend);
  return img.segments.find((s) => s.vaddr === BASE)!.data;
}

/** The value of push bytes: the immediate, sign-extended. */
function pushValue(b: Uint8Array): number {
  if (b.length === 2) return (b[1] << 24) >> 24;
  if (b.length === 3) return (((b[1] << 8) | b[2]) << 16) >> 16;
  return (b[1] << 24) | (b[2] << 16) | (b[3] << 8) | b[4];
}

/** The push the assembler picks for v: the shortest form holding it. */
function shortestPush(v: number): string {
  const s = v | 0;
  const b = new Uint8Array(5);
  const dv = new DataView(b.buffer);
  if (s >= -128 && s <= 127) return hexOf([0x01, s & 0xff]);
  if (s >= -32768 && s <= 32767) {
    dv.setInt16(0, s);
    return hexOf([0x02, b[0], b[1]]);
  }
  dv.setInt32(0, s);
  return hexOf([0x03, ...b.subarray(0, 4)]);
}

describe('stack32 round trips', () => {
  it('random valid instruction bytes -> text -> assembled -> the same bytes (a push in a longer form than it needs -> the shortest)', () => {
    fc.assert(
      fc.property(insnBytes, (b) => {
        const d = s32.dec.decode(b, 0, b.length, BASE);
        if (!isDecoded(d)) throw new Error(`${hexOf(b)} does not decode`);
        expect(d.length).toBe(b.length);
        const text = formatInsn(s32.isa, d, BASE);
        const again = assembleAt(text);
        const why = `${hexOf(b)} -> '${text}' -> ${hexOf(again)}`;
        const want = b[0] >= 0x01 && b[0] <= 0x03 ? shortestPush(pushValue(b)) : hexOf(b);
        expect(hexOf(again), why).toBe(want);
        if (want !== hexOf(b)) {
          // the shorter form prints the same
          const d2 = s32.dec.decode(again, 0, again.length, BASE);
          expect(isDecoded(d2) && formatInsn(s32.isa, d2, BASE), why).toBe(text);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('every push form of every value round-trips to the shortest', () => {
    for (const v of [0, 1, -1, 127, -128, 128, -129, 0x7fff, -0x8000, 0x8000, -0x8001, 0x7fffffff, -0x80000000]) {
      const forms = [];
      if (v >= -128 && v <= 127) forms.push([0x01, v & 0xff]);
      if (v >= -32768 && v <= 32767) forms.push([0x02, (v >> 8) & 0xff, v & 0xff]);
      forms.push([0x03, (v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
      for (const f of forms) {
        const b = Uint8Array.from(f);
        const text = t(hexOf(b));
        expect(hexOf(assembleAt(text)), `${hexOf(b)} '${text}'`).toBe(shortestPush(v));
      }
    }
  });

  /** Assembly text as the disassembler prints it, for any instruction. */
  const imm = (n: number) => (n >= -9 && n <= 9 ? String(n) : n < 0 ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`);
  const int32 = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -40000, max: 40000 }), fc.constantFrom(-129, -128, 127, 128, -32769, -32768, 32767, 32768, -(2 ** 31), 2 ** 31 - 1));
  const NOARG = ['nop', 'dup', 'drop', 'swap', 'over', 'getrv', 'setrv', 'getsp', 'add', 'sub', 'mul', 'div', 'rem', 'divu', 'remu', 'and', 'or', 'xor', 'shl', 'shr', 'sar', 'neg', 'not', 'eq', 'ne', 'lt', 'le', 'ltu', 'leu', 'ldw', 'stw', 'ldb', 'stb', 'jmpi', 'calli', 'ret', 'leave', 'syscall', 'brk', 'ud'];
  const text = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NOARG) },
    { weight: 4, arbitrary: int32.map((v) => `push ${imm(v)}`) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('ldl', 'stl'), fc.integer({ min: -128, max: 127 })).map(([m, k]) => `${m} ${imm(k)}`) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }).map((n) => `enter ${imm(n)}`) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom('jmp', 'jz', 'jnz', 'call'), fc.oneof(fc.integer({ min: -0x8000, max: 0x7fff }), fc.constantFrom(-0x8000, 0x7fff, 0, -3)))
        .map(([m, disp]) => `${m} 0x${((BASE + 3 + disp) >>> 0).toString(16)}`),
    },
  );

  it('random assembly text -> bytes -> text: the same text', () => {
    fc.assert(
      fc.property(text, (src) => {
        const b = assembleAt(src);
        const d = s32.dec.decode(b, 0, b.length, BASE);
        if (!isDecoded(d)) throw new Error(`'${src}' -> ${hexOf(b)} does not decode`);
        expect(d.length, src).toBe(b.length);
        expect(formatInsn(s32.isa, d, BASE), `${src} -> ${hexOf(b)}`).toBe(src);
      }),
      { numRuns: 1500 },
    );
  });

  it('a random instruction sequence: assembled, listed, the listing assembled again: the same bytes', () => {
    fc.assert(
      fc.property(fc.array(text.filter((x) => !/^(jmp|jz|jnz|call) /.test(x)), { minLength: 1, maxLength: 30 }), (prog) => {
        const img = assemble(`.text\n${prog.join('\n')}\n`, 'seq.s', asmBackend);
        const listing = disassemble(s32.isa, img);
        const again = listing
          .split('\n')
          .map((l) => /^ *[0-9a-f]+:\t[0-9a-f ]+?\s*\t(.*)$/.exec(l)?.[1])
          .filter((x): x is string => x !== undefined);
        expect(again, listing).toEqual(prog);
        const img2 = assemble(`.text\n${again.join('\n')}\n`, 'seq2.s', asmBackend);
        expect(hexOf(img2.segments[0].data)).toBe(hexOf(img.segments[0].data));
      }),
      { numRuns: 100 },
    );
  });
});
