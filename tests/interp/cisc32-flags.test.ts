// cisc32 arithmetic and logic on the interpreter: the flag rules of manual §4
// (hand-computed cases at the carry and sign boundaries), every ALU op in all
// of its encodings with memory operands, not/neg/inc/dec/test.

import { describe, expect, it } from 'vitest';
import { F, cisc, dataWords, flags, hex, setFlags, sym, type Flags } from '../fixtures/guest.js';
import { ciscOp } from '../fixtures/models.js';

/** Preset flags: the opposite of what is expected (z and s are never both 1), c = the carry-in when given. */
function opposite(want: Flags, cin?: number): Flags {
  const f = { z: 1 - want.z, s: 1 - want.s, c: cin ?? 1 - want.c, o: 1 - want.o };
  if (f.z && f.s) f.s = 0;
  return f;
}

interface Case {
  op: string;
  a: number;
  b: number;
  cin?: number;
  r: number;
  f: string;
}

// Hand-computed from manual §4: R, then the flags that are 1.
const RULES: Case[] = [
  // add: c = unsigned carry out; o = same-sign operands, result sign differs
  { op: 'add', a: 1, b: 1, r: 2, f: '' },
  { op: 'add', a: 0, b: 0, r: 0, f: 'z' },
  { op: 'add', a: 0xffffffff, b: 1, r: 0, f: 'zc' },
  { op: 'add', a: 0x7fffffff, b: 1, r: 0x80000000, f: 'so' },
  { op: 'add', a: 0x40000000, b: 0x40000000, r: 0x80000000, f: 'so' },
  { op: 'add', a: 0x80000000, b: 0x80000000, r: 0, f: 'zco' },
  { op: 'add', a: 0x80000000, b: 0xffffffff, r: 0x7fffffff, f: 'co' },
  { op: 'add', a: 0xffffffff, b: 0xffffffff, r: 0xfffffffe, f: 'sc' },
  { op: 'add', a: 0x7fffffff, b: 0x80000000, r: 0xffffffff, f: 's' },
  { op: 'add', a: 0x80000001, b: 0x7fffffff, r: 0, f: 'zc' },
  // adc: carry-in 0 and 1
  { op: 'adc', a: 0xffffffff, b: 0, cin: 0, r: 0xffffffff, f: 's' },
  { op: 'adc', a: 0xffffffff, b: 0, cin: 1, r: 0, f: 'zc' },
  { op: 'adc', a: 0, b: 0xffffffff, cin: 1, r: 0, f: 'zc' },
  { op: 'adc', a: 0xffffffff, b: 0xffffffff, cin: 1, r: 0xffffffff, f: 'sc' },
  { op: 'adc', a: 0x7fffffff, b: 0, cin: 1, r: 0x80000000, f: 'so' },
  { op: 'adc', a: 0x7fffffff, b: 0x7fffffff, cin: 1, r: 0xffffffff, f: 'so' },
  { op: 'adc', a: 0x80000000, b: 0x80000000, cin: 1, r: 1, f: 'co' },
  { op: 'adc', a: 5, b: 6, cin: 1, r: 12, f: '' },
  { op: 'adc', a: 5, b: 6, cin: 0, r: 11, f: '' },
  // sub: c = borrow (a < b unsigned); o = different-sign operands, result sign differs from a
  { op: 'sub', a: 5, b: 3, r: 2, f: '' },
  { op: 'sub', a: 5, b: 5, r: 0, f: 'z' },
  { op: 'sub', a: 3, b: 5, r: 0xfffffffe, f: 'sc' },
  { op: 'sub', a: 0x80000000, b: 1, r: 0x7fffffff, f: 'o' },
  { op: 'sub', a: 0x7fffffff, b: 0xffffffff, r: 0x80000000, f: 'sco' },
  { op: 'sub', a: 0, b: 0x80000000, r: 0x80000000, f: 'sco' },
  { op: 'sub', a: 0x80000000, b: 0x80000000, r: 0, f: 'z' },
  { op: 'sub', a: 0xffffffff, b: 0x7fffffff, r: 0x80000000, f: 's' },
  { op: 'sub', a: 0x80000000, b: 0x7fffffff, r: 1, f: 'o' },
  // sbb: borrow-in
  { op: 'sbb', a: 5, b: 3, cin: 0, r: 2, f: '' },
  { op: 'sbb', a: 5, b: 3, cin: 1, r: 1, f: '' },
  { op: 'sbb', a: 7, b: 7, cin: 0, r: 0, f: 'z' },
  { op: 'sbb', a: 7, b: 7, cin: 1, r: 0xffffffff, f: 'sc' },
  { op: 'sbb', a: 0, b: 0xffffffff, cin: 1, r: 0, f: 'zc' },
  { op: 'sbb', a: 0xffffffff, b: 0xffffffff, cin: 1, r: 0xffffffff, f: 'sc' },
  { op: 'sbb', a: 0x80000000, b: 0, cin: 1, r: 0x7fffffff, f: 'o' },
  { op: 'sbb', a: 0, b: 0, cin: 1, r: 0xffffffff, f: 'sc' },
  { op: 'sbb', a: 8, b: 7, cin: 1, r: 0, f: 'z' },
  // cmp: as sub, writes nothing
  { op: 'cmp', a: 3, b: 5, r: 3, f: 'sc' },
  { op: 'cmp', a: 5, b: 5, r: 5, f: 'z' },
  { op: 'cmp', a: 0x80000000, b: 1, r: 0x80000000, f: 'o' },
  { op: 'cmp', a: 0x7fffffff, b: 0x80000000, r: 0x7fffffff, f: 'sco' },
  // logic: c = o = 0
  { op: 'and', a: 0xf0f0f0f0, b: 0x0f0f0f0f, r: 0, f: 'z' },
  { op: 'and', a: 0xf0f0f0f0, b: 0x8f0f0f0f, r: 0x80000000, f: 's' },
  { op: 'or', a: 0x80000000, b: 1, r: 0x80000001, f: 's' },
  { op: 'or', a: 0, b: 0, r: 0, f: 'z' },
  { op: 'or', a: 0x1200, b: 0x34, r: 0x1234, f: '' },
  { op: 'xor', a: 0xffffffff, b: 0xffffffff, r: 0, f: 'z' },
  { op: 'xor', a: 0x7fffffff, b: 0xffffffff, r: 0x80000000, f: 's' },
  { op: 'test', a: 0x80000000, b: 0x80000001, r: 0x80000000, f: 's' },
  { op: 'test', a: 0xff00, b: 0x00ff, r: 0xff00, f: 'z' },
];

describe('cisc32 flag rules (manual §4), op r0, r1', () => {
  it.each(RULES.map((c) => [`${c.op} ${hex(c.a)}, ${hex(c.b)}${c.cin !== undefined ? ` c=${c.cin}` : ''} -> ${hex(c.r)} ${c.f || '-'}`, c]))(
    '%s',
    async (_, c) => {
      const want = F(c.f);
      // the reference model agrees with the hand-computed value
      const m = ciscOp(c.op, c.a, c.b, { z: 0, s: 0, c: c.cin ?? 0, o: 0 });
      expect(hex(m.writes ? m.r : c.a)).toBe(hex(c.r));
      expect(m.f).toEqual(want);
      const r = await cisc(`mov r0, ${c.a}\nmov r1, ${c.b}\n${setFlags(opposite(want, c.cin))}\n${c.op} r0, r1`);
      expect(hex(r.reg('r0'))).toBe(hex(c.r));
      expect(hex(r.reg('r1'))).toBe(hex(c.b));
      expect(flags(r)).toEqual(want);
    },
  );
});

describe('cisc32 neg, not, inc, dec', () => {
  const NEG: Array<[number, number, string]> = [
    [0, 0, 'z'],
    [1, 0xffffffff, 'sc'],
    [0xffffffff, 1, 'c'],
    [0x80000000, 0x80000000, 'sco'],
    [0x7fffffff, 0x80000001, 'sc'],
    [0x80000001, 0x7fffffff, 'c'],
  ];
  it.each(NEG)('neg %i', async (x, res, f) => {
    const want = F(f);
    const r = await cisc(`mov r2, ${x}\n${setFlags(opposite(want))}\nneg r2`);
    expect(hex(r.reg('r2'))).toBe(hex(res));
    expect(flags(r)).toEqual(want);
  });

  it('neg and not on memory operands', async () => {
    const r = await cisc(
      `mov r3, buf + 0x10\n${setFlags('zco')}\nneg [r3 - 4]\nmov r0, 0\nmov r1, 0\nnot [r3 + 8]\n` +
        dataWords({ [-4]: 5, 8: 0x0f0f1234 }),
    );
    const base = sym(r, 'buf') + 0x10;
    expect(hex(r.memory.load32(base - 4))).toBe(hex(0xfffffffb));
    expect(hex(r.memory.load32(base + 8))).toBe(hex(0xf0f0edcb));
    expect(flags(r)).toEqual(F('sc')); // from neg; not keeps them
  });

  it.each(['zco', 'sc', 'o', ''])('not changes no flag (preset %s)', async (f) => {
    const r = await cisc(`mov r6, 0x0000FFFF\n${setFlags(f)}\nnot r6`);
    expect(hex(r.reg('r6'))).toBe(hex(0xffff0000));
    expect(flags(r)).toEqual(F(f));
  });

  const INCDEC: Array<[string, number, number, number, string]> = [
    // op, value, carry before, result, flags after (c must equal carry before)
    ['inc', 0x7fffffff, 0, 0x80000000, 'so'],
    ['inc', 0x7fffffff, 1, 0x80000000, 'sco'],
    ['inc', 0xffffffff, 0, 0, 'z'],
    ['inc', 0xffffffff, 1, 0, 'zc'],
    ['inc', 5, 1, 6, 'c'],
    ['dec', 0x80000000, 0, 0x7fffffff, 'o'],
    ['dec', 0x80000000, 1, 0x7fffffff, 'co'],
    ['dec', 0, 0, 0xffffffff, 's'],
    ['dec', 0, 1, 0xffffffff, 'sc'],
    ['dec', 1, 0, 0, 'z'],
    ['dec', 1, 1, 0, 'zc'],
  ];
  it.each(INCDEC)('%s %i with c=%i', async (op, x, cin, res, f) => {
    const want = F(f);
    for (const reg of ['r0', 'r7']) {
      const tmp = reg === 'r0' ? 'r5' : 'r2';
      const r = await cisc(`mov ${reg}, ${x}\n${setFlags(opposite(want, cin), tmp)}\n${op} ${reg}`);
      expect(hex(r.reg(reg))).toBe(hex(res));
      expect(flags(r)).toEqual(want);
    }
  });
});

// ---- every ALU op in every form -----------------------------------------------------

const OPS = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];

interface Form {
  name: string;
  /** The instruction; r3 = buf + 0x10 */
  insn: (op: string) => string;
  /** opcode byte expected at the instruction (checks the assembler picked this form) */
  opcode: (k: number) => number;
  /** where the destination lives */
  dst: { mem: number } | { reg: string };
  a: number;
  /** source: memory word, register, or immediate (value as the instruction sees it) */
  src: { mem: number; b: number } | { reg: string; b: number } | { imm: number };
  cin: number;
}

const FORMS: Form[] = [
  { name: 'r/m, reg with [r3]', insn: (op) => `${op} [r3], r0`, opcode: (k) => 8 * k + 1, dst: { mem: 0 }, a: 0x80000001, src: { reg: 'r0', b: 0xffffffff }, cin: 1 },
  { name: 'reg, r/m with [r3 + 8]', insn: (op) => `${op} r0, [r3 + 8]`, opcode: (k) => 8 * k + 3, dst: { reg: 'r0' }, a: 0x7ffffff0, src: { mem: 8, b: 0x10 }, cin: 0 },
  { name: 'r/m, imm8 with [r3 - 4]', insn: (op) => `${op} [r3 - 4], -3`, opcode: () => 0x83, dst: { mem: -4 }, a: 2, src: { imm: 0xfffffffd }, cin: 1 },
  { name: 'r/m, imm32 with [r3 + 0x1000]', insn: (op) => `${op} [r3 + 0x1000], 0x12345678`, opcode: () => 0x81, dst: { mem: 0x1000 }, a: 0xedcba988, src: { imm: 0x12345678 }, cin: 0 },
  { name: 'r/m, imm32 with a register', insn: (op) => `${op} r2, 0x87654321`, opcode: () => 0x81, dst: { reg: 'r2' }, a: 0x87654321, src: { imm: 0x87654321 }, cin: 1 },
  { name: 'r/m, imm8 with a register', insn: (op) => `${op} r2, 100`, opcode: () => 0x83, dst: { reg: 'r2' }, a: 0xffffff9c, src: { imm: 100 }, cin: 0 },
  { name: 'r/m, imm8 with a register and a negative imm8', insn: (op) => `${op} r7, -128`, opcode: () => 0x83, dst: { reg: 'r7' }, a: 0x7fffff80, src: { imm: 0xffffff80 }, cin: 1 },
  { name: 'r/m, reg with two registers', insn: (op) => `${op} r1, r0`, opcode: (k) => 8 * k + 1, dst: { reg: 'r1' }, a: 5, src: { reg: 'r0', b: 0x80000000 }, cin: 0 },
  { name: 'reg, r/m with mod=3 (hand-encoded)', insn: (op) => `.byte ${8 * OPS.indexOf(op) + 3}, 0xC1 ; ${op} r0, r1`, opcode: (k) => 8 * k + 3, dst: { reg: 'r0' }, a: 0x12345678, src: { reg: 'r1', b: 0x0f0f0f0f }, cin: 1 },
  { name: 'reg, r/m with [r3 + 0x1000]', insn: (op) => `${op} r6, [r3 + 0x1000]`, opcode: (k) => 8 * k + 3, dst: { reg: 'r6' }, a: 0x00000001, src: { mem: 0x1000, b: 0xffffffff }, cin: 1 },
  { name: 'r/m, reg with [r3 - 4]', insn: (op) => `${op} [r3 - 4], r7`, opcode: (k) => 8 * k + 1, dst: { mem: -4 }, a: 0x80000000, src: { reg: 'r7', b: 0x80000000 }, cin: 0 },
];

describe('cisc32 ALU ops in all four forms', () => {
  const cases = OPS.flatMap((op) => FORMS.map((form) => [`${op}: ${form.name}`, op, form] as const));
  it.each(cases)('%s', async (_, op, form) => {
    const k = OPS.indexOf(op);
    const words: Record<number, number> = {};
    let setup = 'mov r3, buf + 0x10\n';
    if ('mem' in form.dst) words[form.dst.mem] = form.a;
    else setup += `mov ${form.dst.reg}, ${form.a}\n`;
    let b: number;
    if ('imm' in form.src) b = form.src.imm;
    else if ('mem' in form.src) {
      words[form.src.mem] = form.src.b;
      b = form.src.b;
    } else {
      setup += `mov ${form.src.reg}, ${form.src.b}\n`;
      b = form.src.b;
    }
    const before = { z: 0, s: 1, c: form.cin, o: 1 };
    const m = ciscOp(op, form.a, b, before);
    const r = await cisc(`${setup}${setFlags(before)}\ninsn: ${form.insn(op)}\n${dataWords(words)}`);
    expect(r.memory.load8(sym(r, 'insn'))).toBe(form.opcode(k));
    const base = sym(r, 'buf') + 0x10;
    const dst = 'mem' in form.dst ? r.memory.load32(base + form.dst.mem) >>> 0 : r.reg(form.dst.reg);
    expect(hex(dst)).toBe(hex(m.writes ? m.r : form.a));
    expect(flags(r)).toEqual(m.f);
    // the source is unchanged
    if ('reg' in form.src) expect(hex(r.reg(form.src.reg))).toBe(hex(form.src.b));
    if ('mem' in form.src) expect(hex(r.memory.load32(base + form.src.mem))).toBe(hex(form.src.b));
    expect(r.reg('r3')).toBe(base);
  });

  it('a memory destination is written as 4 little-endian bytes, neighbours untouched', async () => {
    const r = await cisc(`mov r3, buf + 0x10\nmov r0, 0x01010101\nadd [r3 + 1], r0\n${dataWords({ 0: 0x44332211, 4: 0x88776655 })}`);
    const base = sym(r, 'buf') + 0x10;
    const bytes = [...Array(8)].map((_, i) => r.memory.load8(base + i));
    // word at base+1 = 0x55443322 + 0x01010101 = 0x56453423
    expect(bytes).toEqual([0x11, 0x23, 0x34, 0x45, 0x56, 0x66, 0x77, 0x88]);
  });

  it('cmp with a memory operand writes neither memory nor register', async () => {
    const r = await cisc(`mov r3, buf + 0x10\nmov r0, 9\ncmp [r3], r0\nmov r1, r0\ncmp r0, [r3 + 8]\ncmp [r3 - 4], 1\ncmp [r3 + 0x1000], 0x7FFFFFFF\n${dataWords({ 0: 3, 8: 4, [-4]: 0, 0x1000: 0x80000000 })}`);
    const base = sym(r, 'buf') + 0x10;
    expect(r.memory.load32(base)).toBe(3);
    expect(r.memory.load32(base + 8)).toBe(4);
    expect(r.memory.load32(base - 4)).toBe(0);
    expect(hex(r.memory.load32(base + 0x1000))).toBe(hex(0x80000000));
    expect(r.reg('r0')).toBe(9);
    expect(flags(r)).toEqual(F('o')); // 0x80000000 - 0x7FFFFFFF
  });

});

// Each operand is read once, before the destination is written: an op whose
// source is the destination register (or whose memory source is addressed by
// the destination register) computes its flags from the values before.
describe('cisc32 ALU ops whose source aliases the destination', () => {
  const SAME: Array<[string, number, number, number, string]> = [
    // op, value, carry-in, result, flags
    ['add', 0x40000000, 0, 0x80000000, 'so'],
    ['add', 0x80000000, 0, 0, 'zco'],
    ['add', 0xc0000000, 0, 0x80000000, 'sc'],
    ['adc', 0x40000000, 0, 0x80000000, 'so'],
    ['adc', 0x80000000, 1, 1, 'co'],
    ['sub', 0x80000000, 0, 0, 'z'],
    ['sub', 0x12345678, 0, 0, 'z'],
    ['sbb', 0x12345678, 1, 0xffffffff, 'sc'],
    ['sbb', 0x80000000, 1, 0xffffffff, 'sc'],
    ['and', 0x80000000, 0, 0x80000000, 's'],
    ['or', 0, 0, 0, 'z'],
    ['xor', 0x80000000, 0, 0, 'z'],
    ['cmp', 0x80000000, 0, 0x80000000, 'z'],
  ];
  it.each(SAME)('%s r2, r2 with r2 = %i (c=%i)', async (op, x, cin, res, f) => {
    const want = F(f);
    const m = ciscOp(op, x, x, { z: 0, s: 0, c: cin, o: 0 });
    expect([hex(m.writes ? m.r : x), m.f]).toEqual([hex(res), want]);
    const r = await cisc(`mov r2, ${x}\n${setFlags(opposite(want, cin))}\n${op} r2, r2`);
    expect(hex(r.reg('r2'))).toBe(hex(res));
    expect(flags(r)).toEqual(want);
  });

  it.each(['add', 'adc', 'sub', 'sbb', 'cmp'])('%s r3, [r3] computes its flags from the word loaded before r3 changed', async (op) => {
    // [r3] holds 0x00100000: r3 + that is unmapped, so a second read of [r3] after the write would fault
    const before = { z: 0, s: 0, c: 0, o: 0 };
    const r = await cisc(`mov r3, buf + 0x10\nmov r6, r3\n${setFlags(before)}\n${op} r3, [r3]\n${dataWords({ 0: 0x00100000 })}`);
    const a = r.reg('r6');
    const m = ciscOp(op, a, 0x00100000, before);
    expect(hex(r.reg('r3'))).toBe(hex(m.writes ? m.r : a));
    expect(flags(r)).toEqual(m.f);
  });
});

describe('cisc32 test', () => {
  it.each([
    ['test [r3], r0', 0x85, 0x00ff00ff, 0xff00ff00, 'z'],
    ['test r1, r0', 0x85, 0x80000001, 0x80000000, 's'],
    ['test [r3 + 8], 0x80000000', 0xf7, 0x80000001, 0, 's'],
    ['test r1, 1', 0xf7, 0x80000002, 0, 'z'],
  ])('%s', async (insn, opc, a, b, f) => {
    const r = await cisc(`mov r3, buf + 0x10\nmov r0, ${b}\nmov r1, ${a}\n${setFlags('sco')}\ninsn: ${insn}\n${dataWords({ 0: a, 8: a })}`);
    expect(r.memory.load8(sym(r, 'insn'))).toBe(opc);
    expect(flags(r)).toEqual(F(f));
    expect(hex(r.reg('r1'))).toBe(hex(a));
    expect(hex(r.reg('r0'))).toBe(hex(b));
    const base = sym(r, 'buf') + 0x10;
    expect(hex(r.memory.load32(base))).toBe(hex(a));
    expect(hex(r.memory.load32(base + 8))).toBe(hex(a));
  });
});
