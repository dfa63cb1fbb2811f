// cisc32 encodings, byte for byte, from the manual (§2, §3) and its rules
// for choosing among encodings (§7). Expected bytes are built here from the
// manual's tables: opcode, ModRM (mod 7:6, reg 5:3, rm 2:0), disp, imm.

import { beforeAll, describe, expect, it } from 'vitest';
import { XlatError } from '../../src/spec/diagnostic.js';
import type { IsaBackend } from '../../src/asm/backend.js';
import { backend, encodeSlots, hex, planLine, type Symbols } from './backend-helpers.js';

let be: IsaBackend;
beforeAll(async () => {
  be = (await backend('cisc32')).be;
});

/** Bytes of one line assembled at 0x1000 (labels known from the start). */
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

const modrm = (mod: number, reg: number, rm: number): number => (mod << 6) | (reg << 3) | rm;
const le32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

describe('addressing modes (§2)', () => {
  const cases: Array<[string, number[]]> = [
    ['mov r0, r3', [0x89, modrm(3, 3, 0)]],
    ['mov r0, [r3]', [0x8b, modrm(0, 0, 3)]],
    ['mov r0, [r4]', [0x8b, modrm(0, 0, 4)]],
    ['mov r0, [sp]', [0x8b, modrm(0, 0, 4)]],
    ['mov r0, [r5]', [0x8b, modrm(0, 0, 5)]],
    ['mov r0, [r5 + 0]', [0x8b, modrm(0, 0, 5)]],
    ['mov r0, [fp - 0]', [0x8b, modrm(0, 0, 5)]],
    ['mov r1, [r3 + 8]', [0x8b, modrm(1, 1, 3), 8]],
    ['mov r1, [r3 - 8]', [0x8b, modrm(1, 1, 3), 0xf8]],
    ['mov r1, [r3 - 4 + 8]', [0x8b, modrm(1, 1, 3), 4]],
    ['mov r1, [r3 + 127]', [0x8b, modrm(1, 1, 3), 0x7f]],
    ['mov r1, [r3 - 128]', [0x8b, modrm(1, 1, 3), 0x80]],
    ['mov r1, [r3 + 128]', [0x8b, modrm(2, 1, 3), ...le32(128)]],
    ['mov r1, [r3 - 129]', [0x8b, modrm(2, 1, 3), ...le32(-129)]],
    ['mov r1, [r3 + 0xFFFFFFFF]', [0x8b, modrm(1, 1, 3), 0xff]],
    ['mov r1, [r3 + 0x12345678]', [0x8b, modrm(2, 1, 3), ...le32(0x12345678)]],
    ['mov r1, [r7 + (2 + 3) * 4]', [0x8b, modrm(1, 1, 7), 20]],
    ['mov [r4 + 4], r2', [0x89, modrm(1, 2, 4), 4]],
  ];
  for (const [line, bytes] of cases) it(line, () => expect(asm(line)).toBe(hex(bytes)));

  it('takes a label as displacement at its size', () => {
    expect(asm('jmp [r3 + table]', { labels: { table: 0x2000 } })).toBe(hex([0xff, modrm(2, 4, 3), ...le32(0x2000)]));
    expect(asm('jmp [r3 + table]', { labels: { table: 0x40 } })).toBe(hex([0xff, modrm(1, 4, 3), 0x40]));
    expect(asm('mov r0, [r3 + Z]', { equs: { Z: 0 } })).toBe(hex([0x8b, modrm(0, 0, 3)]));
  });
});

describe('arithmetic and logic, every op in its four forms (§3)', () => {
  const ops: Array<[string, number]> = [['add', 0], ['or', 1], ['adc', 2], ['sbb', 3], ['and', 4], ['sub', 5], ['xor', 6], ['cmp', 7]];
  for (const [op, k] of ops) {
    it(op, () => {
      // r/m, reg — also the register-to-register choice, destination in rm
      expect(asm(`${op} r1, r2`)).toBe(hex([8 * k + 1, modrm(3, 2, 1)]));
      expect(asm(`${op} [r3 + 4], r2`)).toBe(hex([8 * k + 1, modrm(1, 2, 3), 4]));
      // reg, r/m
      expect(asm(`${op} r2, [r3]`)).toBe(hex([8 * k + 3, modrm(0, 2, 3)]));
      expect(asm(`${op} r2, [r3 + 0x1000]`)).toBe(hex([8 * k + 3, modrm(2, 2, 3), ...le32(0x1000)]));
      // r/m, imm8 and r/m, imm32
      expect(asm(`${op} r1, 5`)).toBe(hex([0x83, modrm(3, k, 1), 5]));
      expect(asm(`${op} [r6], -3`)).toBe(hex([0x83, modrm(0, k, 6), 0xfd]));
      expect(asm(`${op} r1, 1000`)).toBe(hex([0x81, modrm(3, k, 1), ...le32(1000)]));
      expect(asm(`${op} [r6 + 8], 1000`)).toBe(hex([0x81, modrm(1, k, 6), 8, ...le32(1000)]));
      expect(asm(`${op} [r6 + 1000], 1000`)).toBe(hex([0x81, modrm(2, k, 6), ...le32(1000), ...le32(1000)]));
      expect(asm(`${op} [r6 + 1000], 1`)).toBe(hex([0x83, modrm(2, k, 6), ...le32(1000), 1]));
    });
  }

  it('add r0, r1 is 01 C8', () => expect(asm('add r0, r1')).toBe('01 c8'));

  describe('83 over 81 exactly when the value is the sign extension of its low byte', () => {
    const cases: Array<[string, number[]]> = [
      ['127', [0x83, 0xc0, 0x7f]],
      ['128', [0x81, 0xc0, ...le32(128)]],
      ['-128', [0x83, 0xc0, 0x80]],
      ['-129', [0x81, 0xc0, ...le32(-129)]],
      ['0xFFFFFF80', [0x83, 0xc0, 0x80]],
      ['0xFFFFFF7F', [0x81, 0xc0, ...le32(0xffffff7f)]],
      ['0xFFFFFFFF', [0x83, 0xc0, 0xff]],
      ['0x80000000', [0x81, 0xc0, ...le32(0x80000000)]],
      ['-0x80000000', [0x81, 0xc0, ...le32(0x80000000)]],
      ['255', [0x81, 0xc0, ...le32(255)]],
      ['0', [0x83, 0xc0, 0]],
    ];
    for (const [v, bytes] of cases) it(`add r0, ${v}`, () => expect(asm(`add r0, ${v}`)).toBe(hex(bytes)));
    it('rejects values outside -2^31..2^32-1', () => {
      expect(errorOf('add r0, 0x100000000')).toBe('prog.s:1:9: value 4294967296 out of range -2147483648..4294967295');
      expect(errorOf('add r0, -0x80000001')).toMatch(/^prog\.s:1:9: value -2147483649 out of range/);
    });
  });

  it('test, not, neg, inc, dec', () => {
    expect(asm('test r0, r1')).toBe(hex([0x85, modrm(3, 1, 0)]));
    expect(asm('test [r3], r1')).toBe(hex([0x85, modrm(0, 1, 3)]));
    expect(asm('test r2, 5')).toBe(hex([0xf7, modrm(3, 0, 2), ...le32(5)]));
    expect(asm('not r2')).toBe(hex([0xf7, modrm(3, 2, 2)]));
    expect(asm('neg [r3 + 4]')).toBe(hex([0xf7, modrm(1, 3, 3), 4]));
    expect(asm('inc r3')).toBe('43');
    expect(asm('dec r0')).toBe('48');
    expect(asm('dec sp')).toBe('4c');
  });
});

describe('moves (§3)', () => {
  it('mov reg, imm is B8+r, never C7', () => {
    expect(asm('mov r0, 5')).toBe(hex([0xb8, ...le32(5)]));
    expect(asm('mov r7, -1')).toBe(hex([0xbf, ...le32(-1)]));
    expect(asm('mov r3, 0xFFFFFFFF')).toBe(hex([0xbb, ...le32(-1)]));
  });
  it('mov r/m, imm is C7 for memory', () => {
    expect(asm('mov [r3], 5')).toBe(hex([0xc7, modrm(0, 0, 3), ...le32(5)]));
    expect(asm('mov [r3 + 8], 5')).toBe(hex([0xc7, modrm(1, 0, 3), 8, ...le32(5)]));
  });
  it('register to register uses 89 with the destination in rm', () => {
    expect(asm('mov r0, r1')).toBe(hex([0x89, modrm(3, 1, 0)]));
    expect(asm('mov [r3], r1')).toBe(hex([0x89, modrm(0, 1, 3)]));
    expect(asm('mov r1, [r3]')).toBe(hex([0x8b, modrm(0, 1, 3)]));
  });
  it('lea takes memory only', () => {
    expect(asm('lea r0, [r1 + 4]')).toBe(hex([0x8d, modrm(1, 0, 1), 4]));
    expect(asm('lea r2, [r4]')).toBe(hex([0x8d, modrm(0, 2, 4)]));
    expect(asm('lea r2, [r4 + 0x100]')).toBe(hex([0x8d, modrm(2, 2, 4), ...le32(0x100)]));
    expect(errorOf('lea r0, r1')).toBe("prog.s:1:1: no form of 'lea' takes operands (register, register)");
  });
  it('movzx, movsx and mov byte', () => {
    expect(asm('movzx r0, byte [r3]')).toBe(hex([0x0f, 0xb6, modrm(0, 0, 3)]));
    expect(asm('movzx r1, byte r2')).toBe(hex([0x0f, 0xb6, modrm(3, 1, 2)]));
    expect(asm('movzx r1, BYTE [r2 + 200]')).toBe(hex([0x0f, 0xb6, modrm(2, 1, 2), ...le32(200)]));
    expect(asm('movsx r2, byte [r4 + 1]')).toBe(hex([0x0f, 0xbe, modrm(1, 2, 4), 1]));
    expect(asm('mov byte [r3], r0')).toBe(hex([0x88, modrm(0, 0, 3)]));
    expect(asm('mov byte r1, r0')).toBe(hex([0x88, modrm(3, 0, 1)]));
    expect(errorOf('movzx r0, [r3]')).toMatch(/no form of 'movzx' takes operands \(register, memory\)/);
  });
});

describe('stack (§3)', () => {
  it('push and pop registers', () => {
    expect(asm('push r3')).toBe('53');
    expect(asm('push sp')).toBe('54');
    expect(asm('pop r7')).toBe('5f');
  });
  it('6A over 68 when the value is the sign extension of its low byte', () => {
    expect(asm('push 5')).toBe('6a 05');
    expect(asm('push 127')).toBe('6a 7f');
    expect(asm('push 128')).toBe(hex([0x68, ...le32(128)]));
    expect(asm('push -128')).toBe('6a 80');
    expect(asm('push -129')).toBe(hex([0x68, ...le32(-129)]));
    expect(asm('push 0xFFFFFFFF')).toBe('6a ff');
    expect(asm('push msg', { labels: { msg: 0x2000 } })).toBe(hex([0x68, ...le32(0x2000)]));
  });
});

describe('shifts and rotates (§3)', () => {
  const ops: Array<[string, number]> = [['rol', 0], ['ror', 1], ['shl', 4], ['shr', 5], ['sar', 7]];
  for (const [op, k] of ops) {
    it(op, () => {
      expect(asm(`${op} r0, 3`)).toBe(hex([0xc1, modrm(3, k, 0), 3]));
      expect(asm(`${op} [r3 + 4], 255`)).toBe(hex([0xc1, modrm(1, k, 3), 4, 0xff]));
      expect(asm(`${op} r2, r1`)).toBe(hex([0xd3, modrm(3, k, 2)]));
      expect(asm(`${op} [r6], r1`)).toBe(hex([0xd3, modrm(0, k, 6)]));
    });
  }
  it('a count outside 0..255 is an error, not wrapped', () => {
    expect(errorOf('shl r0, 256', {}, 4)).toBe("prog.s:4:9: value 256 does not fit 'shl' ib (0..255)");
    expect(errorOf('shr r0, -1')).toBe("prog.s:1:9: value -1 does not fit 'shr' ib (0..255)");
    expect(errorOf('sar r0, 0xFFFFFFFF')).toMatch(/value 4294967295 does not fit 'sar' ib/);
  });
  it('the count register must be r1', () => {
    expect(errorOf('shl r0, r2')).toBe("prog.s:1:1: no form of 'shl' takes operands (register, register)");
  });
});

describe('multiply and divide (§3)', () => {
  const ops: Array<[string, number]> = [['imul', 0xaf], ['divs', 0xf0], ['divu', 0xf1], ['rems', 0xf2], ['remu', 0xf3]];
  for (const [op, b] of ops) {
    it(op, () => {
      expect(asm(`${op} r0, r1`)).toBe(hex([0x0f, b, modrm(3, 0, 1)]));
      expect(asm(`${op} r2, [r3 + 4]`)).toBe(hex([0x0f, b, modrm(1, 2, 3), 4]));
    });
  }
});

describe('control (§3, §7)', () => {
  /** A jump at 0x1000 to `t`. */
  const jump = (line: string, t: number): string => asm(line, { labels: { t } });

  it('jmp uses rel8 within reach, else rel32', () => {
    expect(jump('jmp t', 0x1000)).toBe('eb fe');
    expect(jump('jmp t', 0x1002 + 127)).toBe('eb 7f');
    expect(jump('jmp t', 0x1002 - 128)).toBe('eb 80');
    expect(jump('jmp t', 0x1002 + 128)).toBe(hex([0xe9, ...le32(0x1002 + 128 - 0x1005)]));
    expect(jump('jmp t', 0x1002 - 129)).toBe(hex([0xe9, ...le32(0x1002 - 129 - 0x1005)]));
    expect(jump('jmp t', 0x2000)).toBe(hex([0xe9, ...le32(0x2000 - 0x1005)]));
  });

  it('jcc with every condition name and alias', () => {
    const cc: Array<[string[], number]> = [
      [['jo'], 0], [['jno'], 1], [['jb', 'jc', 'jnae'], 2], [['jae', 'jnc', 'jnb'], 3],
      [['je', 'jz'], 4], [['jne', 'jnz'], 5], [['jbe', 'jna'], 6], [['ja', 'jnbe'], 7],
      [['js'], 8], [['jns'], 9], [['jl', 'jnge'], 12], [['jge', 'jnl'], 13], [['jle', 'jng'], 14], [['jg', 'jnle'], 15],
    ];
    for (const [names, c] of cc) {
      for (const n of names) {
        expect(jump(`${n} t`, 0x1010), n).toBe(hex([0x70 + c, 0x0e]));
        expect(jump(`${n} t`, 0x1000 - 0x100), n).toBe(hex([0x0f, 0x80 + c, ...le32(0x1000 - 0x100 - 0x1006)]));
      }
    }
  });

  it('jz = je = 74 at the rel8 boundaries', () => {
    expect(jump('jz t', 0x1002 + 127)).toBe('74 7f');
    expect(jump('je t', 0x1002 + 128)).toBe(hex([0x0f, 0x84, ...le32(0x1002 + 128 - 0x1006)]));
    expect(jump('jz t', 0x1002 - 128)).toBe('74 80');
    expect(jump('jz t', 0x1002 - 129)).toBe(hex([0x0f, 0x84, ...le32(0x1002 - 129 - 0x1006)]));
  });

  it('a jump to a numeric address', () => {
    expect(asm('jmp 0x1010')).toBe('eb 0e');
  });

  it('call, call r/m, jmp r/m, ret', () => {
    expect(jump('call t', 0x1000)).toBe(hex([0xe8, ...le32(-5)]));
    expect(jump('call t', 0x3000)).toBe(hex([0xe8, ...le32(0x3000 - 0x1005)]));
    expect(asm('call r3')).toBe(hex([0xff, modrm(3, 2, 3)]));
    expect(asm('call [r3]')).toBe(hex([0xff, modrm(0, 2, 3)]));
    expect(asm('jmp r0')).toBe(hex([0xff, modrm(3, 4, 0)]));
    expect(asm('jmp [r3 + 8]')).toBe(hex([0xff, modrm(1, 4, 3), 8]));
    expect(asm('ret')).toBe('c3');
  });

  it('loop has only rel8: out of reach is an error', () => {
    expect(jump('loop t', 0x1000)).toBe('e2 fe');
    expect(jump('loop t', 0x1002 + 127)).toBe('e2 7f');
    expect(planLine(be, 'loop t', { labels: { t: 0 } })[0].forms).toHaveLength(1);
    expect(errorOf('loop t', { labels: { t: 0x1002 - 200 } }, 9)).toBe(
      'prog.s:9:6: loop target out of reach (-200 bytes, -128..127)',
    );
    expect(errorOf('loop t', { labels: { t: 0x1002 + 128 } })).toMatch(/loop target out of reach \(128 bytes, -128\.\.127\)/);
  });

  it('setcc takes a register only', () => {
    expect(asm('sete r0')).toBe(hex([0x0f, 0x94, 0xc0]));
    expect(asm('setz r1')).toBe(hex([0x0f, 0x94, 0xc1]));
    expect(asm('setnae r3')).toBe(hex([0x0f, 0x92, 0xc3]));
    expect(asm('setg r7')).toBe(hex([0x0f, 0x9f, 0xc7]));
    expect(asm('setle r2')).toBe(hex([0x0f, 0x9e, 0xc2]));
    expect(errorOf('sete [r3]')).toBe("prog.s:1:1: no form of 'sete' takes operands (memory)");
  });

  it('cmovcc takes reg, r/m', () => {
    expect(asm('cmovne r1, r2')).toBe(hex([0x0f, 0x45, modrm(3, 1, 2)]));
    expect(asm('cmovnz r1, r2')).toBe(hex([0x0f, 0x45, modrm(3, 1, 2)]));
    expect(asm('cmovl r0, [r5 + 8]')).toBe(hex([0x0f, 0x4c, modrm(1, 0, 5), 8]));
    expect(asm('cmovae r6, [r7]')).toBe(hex([0x0f, 0x43, modrm(0, 6, 7)]));
    expect(errorOf('cmove [r1], r2')).toMatch(/no form of 'cmove'/);
  });
});

describe('string and system (§3)', () => {
  it('rep movsb, rep stosb', () => {
    expect(asm('rep movsb')).toBe('f3 a4');
    expect(asm('rep stosb')).toBe('f3 aa');
  });
  it('nop, syscall, brk, ud', () => {
    expect(asm('nop')).toBe('90');
    expect(asm('syscall')).toBe('0f 05');
    expect(asm('brk')).toBe('cc');
    expect(asm('ud')).toBe('0f 0b');
  });
});
