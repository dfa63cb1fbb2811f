// stack32 encodings, byte for byte, from the manual (/work/shared/isa/
// stack32.md §2-§3, §6): all 50 instructions; the shortest `push` (-128..127
// -> 01 ib, else 16 bits signed -> 02 iw, else 03 id, the value taken modulo
// 2^32 as signed), chosen by the fixed-point rule of cisc32 §7 — start
// shortest, grow only what does not fit, never shrink — also for pushes of
// labels defined later; jump displacements from the next instruction, and
// targets out of 16-bit reach as errors; big-endian immediates, `.word`s and
// ELF file.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../src/asm/index.js';
import { isaAssembler } from '../../src/asm/backend.js';
import { readElf, writeElf } from '../../src/elf/index.js';
import { XlatError, XlatErrors } from '../../src/spec/diagnostic.js';
import { loadIsa } from '../../src/spec/index.js';

const isa = await loadIsa('stack32');
const be = isaAssembler(isa);

const image = (src: string) => assemble(`.text\n_start:\n${src}\n`, 'prog.s', be);

/** The .text bytes of `src` (from _start at 0x1000) as spaced hex. */
function asm(src: string): string {
  const seg = image(src).segments.find((s) => s.name === '.text')!;
  return Array.from(seg.data, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** The messages assembling `src` fails with (its lines start at line 3: `.text` and `_start:` come first). */
function errorsOf(src: string): string[] {
  try {
    image(src);
  } catch (e) {
    if (e instanceof XlatErrors) return e.messages;
    if (e instanceof XlatError) return [e.message];
    throw e;
  }
  throw new Error(`'${src}' assembled`);
}

const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
const be16 = (v: number) => [(v >>> 8) & 0xff, v & 0xff];
const be32 = (v: number) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];

describe('every stack32 instruction', () => {
  // at 0x1000: jumps to 0x1010 have displacement 0x1010 - 0x1003 = 0x0d
  const ALL: Array<[string, string]> = [
    ['nop', '00'],
    ['push 5', '01 05'],
    ['push 0x1234', '02 12 34'],
    ['push 0x12345678', '03 12 34 56 78'],
    ['dup', '04'],
    ['drop', '05'],
    ['swap', '06'],
    ['over', '07'],
    ['getrv', '08'],
    ['setrv', '09'],
    ['getsp', '0a'],
    ['add', '10'],
    ['sub', '11'],
    ['mul', '12'],
    ['div', '13'],
    ['rem', '14'],
    ['divu', '15'],
    ['remu', '16'],
    ['and', '17'],
    ['or', '18'],
    ['xor', '19'],
    ['shl', '1a'],
    ['shr', '1b'],
    ['sar', '1c'],
    ['neg', '1d'],
    ['not', '1e'],
    ['eq', '20'],
    ['ne', '21'],
    ['lt', '22'],
    ['le', '23'],
    ['ltu', '24'],
    ['leu', '25'],
    ['ldl -1', '30 ff'],
    ['stl 2', '31 02'],
    ['ldw', '32'],
    ['stw', '33'],
    ['ldb', '34'],
    ['stb', '35'],
    ['jmp 0x1010', '40 00 0d'],
    ['jz 0x1010', '41 00 0d'],
    ['jnz 0x1010', '42 00 0d'],
    ['call 0x1010', '43 00 0d'],
    ['jmpi', '44'],
    ['calli', '45'],
    ['ret', '46'],
    ['enter 3', '47 03'],
    ['leave', '48'],
    ['syscall', '50'],
    ['brk', '51'],
    ['ud', '52'],
  ];

  it('50 instructions (three of them push forms)', () => {
    expect(ALL.length).toBe(50);
    expect(new Set(ALL.map(([, h]) => h.slice(0, 2))).size).toBe(50);
    expect(isa.variants.length).toBe(50);
  });

  it.each(ALL)('%s -> %s', (text, bytes) => {
    expect(asm(text)).toBe(bytes);
  });

  it('mnemonics are case-insensitive', () => {
    expect(asm('PUSH 1\nDup\nSysCall\nJMP 0x1000')).toBe('01 01 04 50 40 ff f9');
  });

  it('one program, instructions back to back', () => {
    expect(asm('push 1\npush 2\nadd\nsetrv\nenter 0\nleave\nret')).toBe('01 01 01 02 10 09 47 00 48 46');
  });
});

describe('push: the shortest form holding the value (mod 2^32, as signed)', () => {
  const CASES: Array<[string, string]> = [
    ['0', '01 00'],
    ['127', '01 7f'],
    ['-128', '01 80'],
    ['128', '02 00 80'],
    ['-129', '02 ff 7f'],
    ['255', '02 00 ff'],
    ['32767', '02 7f ff'],
    ['-32768', '02 80 00'],
    ['32768', '03 00 00 80 00'],
    ['-32769', '03 ff ff 7f ff'],
    ['65535', '03 00 00 ff ff'],
    ['0x7fffffff', '03 7f ff ff ff'],
    ['-0x80000000', '03 80 00 00 00'],
    ['0x80000000', '03 80 00 00 00'],
    ['0xffffffff', '01 ff'],
    ['4294967295', '01 ff'],
    ['0xffffff80', '01 80'],
    ['0xffffff7f', '02 ff 7f'],
    ['0xffff8000', '02 80 00'],
    ['0xffff7fff', '03 ff ff 7f ff'],
    ["'A'", '01 41'],
    ['1 << 20', '03 00 10 00 00'],
    ['-(1 << 15)', '02 80 00'],
    ['~0', '01 ff'],
  ];
  it.each(CASES)('push %s -> %s', (v, bytes) => expect(asm(`push ${v}`)).toBe(bytes));

  it('any value in -2^31..2^32-1', () => {
    const value = fc.oneof(
      fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }),
      fc.integer({ min: -300, max: 300 }),
      fc.integer({ min: -40000, max: 40000 }),
      fc.constantFrom(-129, -128, 127, 128, -32769, -32768, 32767, 32768, 2 ** 32 - 129, 2 ** 32 - 128, 2 ** 32 - 32769, 2 ** 32 - 32768, -(2 ** 31), 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1),
    );
    fc.assert(
      fc.property(value, (v) => {
        const s = v | 0;
        const want = s >= -128 && s <= 127 ? [0x01, s & 0xff] : s >= -32768 && s <= 32767 ? [0x02, ...be16(s)] : [0x03, ...be32(s)];
        expect(asm(`push ${v}`), `push ${v}`).toBe(hex(want));
      }),
      { numRuns: 300 },
    );
  });

  it('a value outside -2^31..2^32-1 is an error', () => {
    expect(errorsOf('push 0x100000000')).toEqual(['prog.s:3:6: value 4294967296 out of range -2147483648..4294967295']);
    expect(errorsOf('push -0x80000001')).toEqual(['prog.s:3:6: value -2147483649 out of range -2147483648..4294967295']);
  });
});

describe('push of labels: sizes by fixed-point relaxation', () => {
  it('a label defined later starts in the shortest form and grows until it fits', () => {
    // 01 would put fwd at 0x100c: too big for a byte; 02 puts it at 0x100d
    expect(asm('push fwd\n.space 10\nfwd:').slice(0, 8)).toBe('02 10 0d');
  });

  it('a later label just inside and just outside 16 bits', () => {
    expect(asm('push fwd\n.space 0x6ffc\nfwd:').slice(0, 8)).toBe('02 7f ff');
    expect(asm('push fwd\n.space 0x6ffd\nfwd:').slice(0, 14)).toBe('03 00 00 80 02');
  });

  it('a label defined earlier', () => {
    expect(asm('b: .space 4\npush b')).toBe('00 00 00 00 02 10 00');
  });

  it('differences of labels around the push: 127 fits a byte, 128 grows it (and becomes 129)', () => {
    expect(asm('s: push e - s\n.space 125\ne:').slice(0, 5)).toBe('01 7f');
    expect(asm('s: push e - s\n.space 126\ne:').slice(0, 8)).toBe('02 00 81');
  });

  it('growing one push can make another grow (to the fixed point)', () => {
    // both start as 01: a - s = 127 fits, b - s = 137 does not; b's push grows, so a - s = 128 and a's push grows too
    expect(asm('s: push a - s\npush b - s\n.space 123\na: .space 10\nb:').slice(0, 17)).toBe('02 00 81 02 00 8b');
  });

  it('an instruction never shrinks once grown, even when its value would then fit', () => {
    // 01: 200 - 72 = 128 does not fit; 02: 200 - 73 = 127 would fit 01 again, but sizes only grow
    expect(asm('s: push 200 - (e - s)\n.space 70\ne:').slice(0, 8)).toBe('02 00 7f');
  });

  it('.equ constants and label arithmetic', () => {
    expect(asm('.equ K, 100\npush K\npush K * 1000\npush -K')).toBe('01 64 03 00 01 86 a0 01 9c');
    expect(asm('push end - start\nstart: .space 3\nend:')).toBe('01 03 00 00 00');
  });

  it('a label in .data', () => {
    expect(asm('push msg\n.data\nmsg: .word 1')).toBe('02 20 00');
  });
});

describe('jumps and calls: 16-bit displacements from the next instruction', () => {
  it('to itself, forward, backward', () => {
    expect(asm('self: jmp self')).toBe('40 ff fd');
    expect(asm('jmp t\nt:')).toBe('40 00 00');
    expect(asm('t: nop\njz t')).toBe('00 41 ff fc');
    expect(asm('jnz t\nnop\nnop\nt:')).toBe('42 00 02 00 00');
    expect(asm('call f\nbrk\nf: ret')).toBe('43 00 01 51 46');
  });

  it('the displacement reaches -32768..32767', () => {
    expect(asm('jmp far\n.space 0x7fff\nfar:').slice(0, 8)).toBe('40 7f ff');
    expect(asm('back: .space 0x7ffd\njmp back').slice(-8)).toBe('40 80 00');
  });

  it('a target out of reach is an error naming the distance', () => {
    expect(errorsOf('jmp far\n.space 0x8000\nfar:')).toEqual(['prog.s:3:5: jmp target out of reach (32768 bytes, -32768..32767)']);
    expect(errorsOf('back: .space 0x7ffe\njmp back')).toEqual(['prog.s:4:5: jmp target out of reach (-32769 bytes, -32768..32767)']);
    expect(errorsOf('jz far\n.space 0x8000\nfar:')).toEqual(['prog.s:3:4: jz target out of reach (32768 bytes, -32768..32767)']);
    expect(errorsOf('jnz far\n.space 0x8000\nfar:')).toEqual(['prog.s:3:5: jnz target out of reach (32768 bytes, -32768..32767)']);
    expect(errorsOf('call 0x12345678')).toEqual(['prog.s:3:6: call target out of reach (305415797 bytes, -32768..32767)']);
  });

  it('a jump that the growing of a push puts out of reach is an error', () => {
    // with push far as 01 the displacement is 0x7ffd; far = 0x9000 needs 03, two bytes more
    expect(asm('jmp far\npush 5\n.space 0x7ffb\nfar:').slice(0, 8)).toBe('40 7f fd');
    expect(errorsOf('jmp far\npush far\n.space 0x7ffb\nfar:')).toEqual(['prog.s:3:5: jmp target out of reach (32768 bytes, -32768..32767)']);
  });

  it('a target written as a number is an address', () => {
    expect(asm('jmp 0x1003')).toBe('40 00 00');
    expect(asm('jmp 0x9002')).toBe('40 7f ff');
  });
});

describe('operand ranges', () => {
  it('ldl and stl take -128..127, enter 0..255', () => {
    expect(asm('ldl -128\nldl 127\nstl -128\nstl 127\nenter 0\nenter 255\nenter 0x80')).toBe('30 80 30 7f 31 80 31 7f 47 00 47 ff 47 80');
    expect(errorsOf('ldl 128')).toEqual(["prog.s:3:5: value 128 does not fit 'ldl' ib (-128..127)"]);
    expect(errorsOf('stl -129')).toEqual(["prog.s:3:5: value -129 does not fit 'stl' ib (-128..127)"]);
    expect(errorsOf('enter 256')).toEqual(["prog.s:3:7: value 256 does not fit 'enter' ub (0..255)"]);
    expect(errorsOf('enter -1')).toEqual(["prog.s:3:7: value -1 does not fit 'enter' ub (0..255)"]);
  });

  it('operand count errors', () => {
    expect(errorsOf('dup 1')).toEqual(["prog.s:3:1: no form of 'dup' takes operands (immediate)"]);
    expect(errorsOf('push')).toEqual(["prog.s:3:1: no form of 'push' takes no operands"]);
    expect(errorsOf('bogus')).toEqual(["prog.s:3:1: unknown instruction 'bogus'"]);
  });
});

describe('big-endian data and files', () => {
  it('.word and .byte in stack32 sources are big-endian', () => {
    expect(asm('.word 0x12345678, -2\n.byte 1, 0xff\n.ascii "ab"')).toBe('12 34 56 78 ff ff ff fe 01 ff 61 62');
  });

  it('the ELF file is ELF32 big-endian (EI_DATA 2) with e_machine 0x5332', () => {
    const img = image('push 1\n.data\nx: .word 0x01020304');
    expect(img.endian).toBe('big');
    expect(img.machine).toBe(0x5332);
    const file = writeElf(img);
    expect(Array.from(file.subarray(0, 6))).toEqual([0x7f, 0x45, 0x4c, 0x46, 1, 2]);
    // e_type ET_EXEC and e_machine, big-endian
    expect(Array.from(file.subarray(16, 20))).toEqual([0x00, 0x02, 0x53, 0x32]);
    // e_entry
    expect(Array.from(file.subarray(24, 28))).toEqual([0x00, 0x00, 0x10, 0x00]);
    const back = readElf(file, 'x.elf');
    expect(back.endian).toBe('big');
    expect(back.machine).toBe(0x5332);
    expect(Array.from(back.segments.find((s) => s.name === '.data')!.data)).toEqual([1, 2, 3, 4]);
  });
});
