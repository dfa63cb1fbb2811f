// cisc32 shifts and rotates (count masked to 5 bits, count 0 changes nothing,
// c = last bit out, o = 0; rol/ror only c), imul (c = o = signed overflow) and
// the four divisions (truncation, remainder sign, divide faults).

import { describe, expect, it } from 'vitest';
import { exitStatusFor } from '../../src/interp/fault.js';
import { F, cisc, ciscRaw, dataWords, expectFault, flags, hex, runCli, setFlags, sym, type Flags } from '../fixtures/guest.js';
import { ciscOp } from '../fixtures/models.js';

// op, value, count, result, c after (null: count & 31 = 0, nothing changes)
const SHIFTS: Array<[string, number, number, number, number | null]> = [
  ['shl', 0x80000001, 1, 0x00000002, 1],
  ['shl', 0x00000001, 31, 0x80000000, 0],
  ['shl', 0xc0000000, 2, 0x00000000, 1],
  ['shl', 0x40000000, 1, 0x80000000, 0],
  ['shl', 0x12345678, 4, 0x23456780, 1],
  ['shl', 0x12345679, 255, 0x80000000, 0],
  ['shl', 0x12345678, 32, 0x12345678, null],
  ['shl', 0x80000001, 33, 0x00000002, 1],
  ['shl', 0x12345678, 0, 0x12345678, null],
  ['shl', 0x12345678, 64, 0x12345678, null],
  ['shr', 0x80000001, 1, 0x40000000, 1],
  ['shr', 0x80000000, 31, 0x00000001, 0],
  ['shr', 0x00000002, 2, 0x00000000, 1],
  ['shr', 0xffffffff, 31, 0x00000001, 1],
  ['shr', 0xffffffff, 255, 0x00000001, 1],
  ['shr', 0x80000000, 32, 0x80000000, null],
  ['shr', 0x80000000, 33, 0x40000000, 0],
  ['shr', 0xffffffff, 0, 0xffffffff, null],
  ['sar', 0x80000000, 31, 0xffffffff, 0],
  ['sar', 0x80000001, 1, 0xc0000000, 1],
  ['sar', 0xffffffff, 31, 0xffffffff, 1],
  ['sar', 0x40000000, 31, 0x00000000, 1],
  ['sar', 0x7fffffff, 30, 0x00000001, 1],
  ['sar', 0x80000003, 33, 0xc0000001, 1],
  ['sar', 0x80000000, 32, 0x80000000, null],
  ['sar', 0x80000000, 0, 0x80000000, null],
  ['rol', 0x80000001, 1, 0x00000003, 1],
  ['rol', 0x40000000, 1, 0x80000000, 0],
  ['rol', 0x12345678, 8, 0x34567812, 0],
  ['rol', 0x12345678, 4, 0x23456781, 1],
  ['rol', 0x80000000, 33, 0x00000001, 1],
  ['rol', 0x80000000, 31, 0x40000000, 0],
  ['rol', 0x80000000, 32, 0x80000000, null],
  ['rol', 0x00000001, 0, 0x00000001, null],
  ['ror', 0x00000001, 1, 0x80000000, 1],
  ['ror', 0x00000002, 1, 0x00000001, 0],
  ['ror', 0x12345678, 4, 0x81234567, 1],
  ['ror', 0x12345678, 8, 0x78123456, 0],
  ['ror', 0x00000001, 33, 0x80000000, 1],
  ['ror', 0x00000001, 31, 0x00000002, 0],
  ['ror', 0x00000001, 32, 0x00000001, null],
  ['ror', 0x80000000, 0, 0x80000000, null],
];

/** Flags to preset so that every flag the shift writes flips, and the expected flags after. */
function shiftFlags(op: string, res: number, c: number | null, variant: number): { pre: Flags; post: Flags } {
  const sres = res >>> 31;
  const zres = res === 0 ? 1 : 0;
  if (c === null) {
    const pre = variant === 0 ? F('zco') : F('so');
    return { pre, post: pre };
  }
  if (op === 'rol' || op === 'ror') {
    // z and s stay whatever they were, even when they disagree with the result
    const pre = zres ? { z: 0, s: 1, c: 1 - c, o: 1 } : { z: 1, s: 0, c: 1 - c, o: 1 };
    return { pre, post: { ...pre, c } };
  }
  const pre = { z: 1 - zres, s: zres ? 0 : 1 - sres, c: 1 - c, o: 1 };
  if (pre.z && pre.s) pre.s = 0;
  return { pre, post: { z: zres, s: sres, c, o: 0 } };
}

describe('cisc32 shifts and rotates', () => {
  it.each(SHIFTS)('%s %i by %i (immediate and r1)', async (op, a, n, res, c) => {
    const m = ciscOp(op, a, n, F(''));
    expect(hex(m.r)).toBe(hex(res)); // model and table agree
    for (const variant of [0, 1]) {
      const { pre, post } = shiftFlags(op, res, c, variant);
      const insn = variant === 0 ? `${op} r0, ${n}` : `${op} r0, r1`;
      // r1 holds the count with garbage above bit 4 (only count & 31 counts)
      const r1 = variant === 0 ? 0x5555 : (n | 0xabcdef00) >>> 0;
      const r = await cisc(`mov r0, ${a}\nmov r1, ${r1}\n${setFlags(pre)}\ninsn: ${insn}`);
      expect(r.memory.load8(sym(r, 'insn'))).toBe(variant === 0 ? 0xc1 : 0xd3);
      expect(hex(r.reg('r0'))).toBe(hex(res));
      expect(hex(r.reg('r1'))).toBe(hex(r1));
      expect(flags(r)).toEqual(post);
    }
  });

  it('shifts and rotates on memory operands', async () => {
    const r = await cisc(
      `mov r3, buf + 0x10\nmov r1, 36\n${setFlags('so')}\n` +
        `shl [r3 + 8], 4\nsar [r3], r1\nrol [r3 - 4], 1\nror [r3 + 0x1000], r1\nshr [r3 + 12], 0\n` +
        dataWords({ 8: 0x12345678, 0: 0x80000010, [-4]: 0x80000000, 0x1000: 0x0000000f, 12: 0xdeadbeef }),
    );
    const base = sym(r, 'buf') + 0x10;
    expect(hex(r.memory.load32(base + 8))).toBe(hex(0x23456780));
    expect(hex(r.memory.load32(base))).toBe(hex(0xf8000001)); // sar by 4
    expect(hex(r.memory.load32(base - 4))).toBe(hex(0x00000001));
    expect(hex(r.memory.load32(base + 0x1000))).toBe(hex(0xf0000000)); // ror by 4
    expect(hex(r.memory.load32(base + 12))).toBe(hex(0xdeadbeef));
    // last flag writer: ror (c = bit 31 = 1), z s o from sar: 0xF8000001 -> s, o = 0
    expect(flags(r)).toEqual(F('sc'));
  });

  it('a count of 0 still reads the destination (unmapped: a fault) but never writes it (read-only: no fault)', async () => {
    for (const form of ['shl [r3 + 4], 0', 'sar [r3 + 4], r1', 'rol [r3 + 4], 32', 'ror [r3 + 4], r1', 'shr [r3 + 4], 0']) {
      const r = await ciscRaw(`.text\n_start: mov r3, 0x500\nmov r1, 64\nat: ${form}\nbrk\n`);
      expectFault(r, 'segmentation fault', sym(r, 'at'), 0x504);
    }
    // .text is readable and not writable: with a count of 0 nothing is written, so nothing faults.
    const q = await ciscRaw(`.text\n_start: mov r3, _start\nmov r1, 0\n${setFlags('zc', 'r0')}\nshl [r3], r1\nrol [r3 + 1], 0\nbrk\n`);
    expect(q.fault?.kind).toBe('breakpoint');
    expect(flags(q)).toEqual(F('zc'));
  });

  it('shl r1, r1 shifts r1 by its own old value', async () => {
    const r = await cisc(`mov r1, 0x21\nshl r1, r1\nmov r6, r1\nmov r2, 0x80000023\nmov r1, 3\nrol r2, r1`);
    expect(hex(r.reg('r6'))).toBe(hex(0x42));
    expect(hex(r.reg('r2'))).toBe(hex(0x11c)); // 0x80000023 rol 3
    expect(r.reg('c')).toBe(0);
  });
});

describe('cisc32 imul', () => {
  // a, b, low 32 bits, c = o
  const IMUL: Array<[number, number, number, number]> = [
    [3, 4, 12, 0],
    [0x10000, 0x10000, 0, 1],
    [0xffffffff, 0x80000000, 0x80000000, 1],
    [46341, 46341, 0x80001219, 1],
    [46340, 46340, 0x7ffea810, 0],
    [-46341, 46341, 0x7fffede7, 1],
    [-46340, 46340, 0x800157f0, 0],
    [-65536, 32768, 0x80000000, 0],
    [65536, 32768, 0x80000000, 1],
    [0, 0x80000000, 0, 0],
    [0xffffffff, 0xffffffff, 1, 0],
    [0x80000000, 1, 0x80000000, 0],
    [0x80000000, 0x80000000, 0, 1],
    [0x7fffffff, 2, 0xfffffffe, 1],
    [0x7fffffff, -1, 0x80000001, 0],
  ];
  it.each(IMUL)('imul %i * %i', async (a, b, lo, ov) => {
    const m = ciscOp('imul', a, b, F(''));
    expect([hex(m.r), m.f.c]).toEqual([hex(lo), ov]);
    const want = { z: lo === 0 ? 1 : 0, s: lo >>> 31, c: ov, o: ov };
    const pre = { z: 1 - want.z, s: want.z ? 0 : 1 - want.s, c: 1 - ov, o: 1 - ov };
    if (pre.z && pre.s) pre.s = 0;
    // register source, and a memory source with disp32
    const r = await cisc(`mov r0, ${a}\nmov r2, ${b}\n${setFlags(pre)}\nimul r0, r2\nmov r3, buf + 0x10\nmov r6, ${a}\nimul r6, [r3 + 0x1000]\n${dataWords({ 0x1000: b })}`);
    expect(hex(r.reg('r0'))).toBe(hex(lo));
    expect(hex(r.reg('r6'))).toBe(hex(lo));
    expect(hex(r.reg('r2'))).toBe(hex(b));
    expect(flags(r)).toEqual(want);
  });

  it('imul r0, r0 squares', async () => {
    const r = await cisc(`mov r0, 46341\nimul r0, r0`);
    expect(hex(r.reg('r0'))).toBe(hex(0x80001219));
    expect(flags(r)).toEqual(F('sco'));
  });
});

describe('cisc32 divs, divu, rems, remu', () => {
  // op, a, b, result
  const DIV: Array<[string, number, number, number]> = [
    ['divs', 7, 2, 3],
    ['divs', -7, 2, -3],
    ['divs', 7, -2, -3],
    ['divs', -7, -2, 3],
    ['divs', 0x80000000, 1, 0x80000000],
    ['divs', 0x80000000, 2, 0xc0000000],
    ['divs', 0x80000001, -1, 0x7fffffff],
    ['divs', 5, 7, 0],
    ['divs', -5, 7, 0],
    ['rems', 7, 2, 1],
    ['rems', -7, 2, -1],
    ['rems', 7, -2, 1],
    ['rems', -7, -2, -1],
    ['rems', 0x80000000, 3, -2],
    ['rems', 0x80000000, 1, 0],
    ['rems', 0x80000001, -1, 0],
    ['divu', 0xffffffff, 2, 0x7fffffff],
    ['divu', 0x80000000, 0xffffffff, 0],
    ['divu', 0xffffffff, 0xffffffff, 1],
    ['divu', 100, 7, 14],
    ['divu', 0xfffffff9, 2, 0x7ffffffc],
    ['remu', 0xffffffff, 10, 5],
    ['remu', 0x80000000, 0xffffffff, 0x80000000],
    ['remu', 100, 7, 2],
    ['remu', 0xfffffff9, 2, 1],
  ];
  it.each(DIV)('%s %i, %i', async (op, a, b, res) => {
    const m = ciscOp(op, a, b, F(''));
    expect(hex(m.r)).toBe(hex(res));
    const r = await cisc(
      `mov r0, ${a}\nmov r1, ${b}\n${setFlags('zco')}\n${op} r0, r1\nmov r3, buf + 0x10\nmov r7, ${a}\n${op} r7, [r3 - 4]\n${dataWords({ [-4]: b })}`,
    );
    expect(hex(r.reg('r0'))).toBe(hex(res));
    expect(hex(r.reg('r7'))).toBe(hex(res));
    expect(hex(r.reg('r1'))).toBe(hex(b));
    expect(flags(r)).toEqual(F('zco')); // no flag changes
  });

  const FAULTS: Array<[string, number, number]> = [
    ['divs', 5, 0],
    ['divu', 5, 0],
    ['rems', 5, 0],
    ['remu', 5, 0],
    ['divs', 0, 0],
    ['divs', 0x80000000, 0xffffffff],
    ['rems', 0x80000000, 0xffffffff],
  ];
  it.each(FAULTS)('%s %i, %i is a divide error with no effect', async (op, a, b) => {
    for (const src of ['r1', '[r3]']) {
      const r = await ciscRaw(
        `.text\n_start: mov r0, ${a}\nmov r1, ${b}\nmov r3, d\n${setFlags('so')}\nat: ${op} r0, ${src}\nbrk\n.data\nd: .word ${b}\n`,
      );
      expectFault(r, 'divide error', sym(r, 'at'));
      expect(r.fault!.line()).toBe(`xlat: fault: divide error at pc=${hex(sym(r, 'at'))}`);
      expect(exitStatusFor(r.fault!.kind)).toBe(136);
      expect(hex(r.reg('r0'))).toBe(hex(a)); // destination unchanged
      expect(flags(r)).toEqual(F('so'));
    }
  });

  it('divu and remu of 0x80000000 by 0xFFFFFFFF do not fault', async () => {
    const r = await cisc(`mov r0, 0x80000000\nmov r1, -1\nmov r2, r0\ndivu r0, r1\nremu r2, r1`);
    expect(r.reg('r0')).toBe(0);
    expect(hex(r.reg('r2'))).toBe(hex(0x80000000));
  });

  it('xlat run ends a divide fault with status 136 and the fault line', async () => {
    const out = await runCli('cisc32', `.text\n_start: mov r0, 1\nmov r1, 0\nnop\ndivs r0, r1\n`);
    expect(out.status).toBe(136);
    // mov r0 (5) + mov r1 (5) + nop (1)
    expect(out.log).toEqual(['xlat: fault: divide error at pc=0x0000100b']);
  });
});
