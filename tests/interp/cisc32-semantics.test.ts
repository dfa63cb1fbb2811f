// cisc32 on the interpreter: moves, lea, the stack, calls and jumps, loop,
// the condition codes (jcc / setcc / cmovcc truth tables) and self-modifying
// code, each asserted against the manual (/work/shared/isa/cisc32.md §1, §3).

import { describe, expect, it } from 'vitest';
import { F, cisc, ciscRaw, dataWords, expectFault, flags, hex, setFlags, sym, type Flags } from '../fixtures/guest.js';
import { CISC_CONDS, ciscOp } from '../fixtures/models.js';
import { runAsm } from '../fixtures/run.js';

const bytesAt = (r: { memory: { load8(a: number): number } }, addr: number, n: number) => [...Array(n)].map((_, i) => r.memory.load8(addr + i));

describe('cisc32 mov', () => {
  it('mov r/m, reg and mov reg, r/m with every addressing form', async () => {
    const r = await cisc(
      `mov r3, buf + 0x10\nmov r0, 0x11223344\n${setFlags('zco')}\n` +
        `mov [r3], r0\nmov [r3 + 8], r0\nmov [r3 - 4], r0\nmov [r3 + 0x1000], r0\nmov [r3 + 1], r0\n` +
        `mov r1, [r3 + 0x20]\nmov r2, [r3 - 8]\nmov r6, [r3 + 0x1004]\nmov r7, r1\n` +
        dataWords({ 0x20: 0xcafebabe, [-8]: 0x01020304, 0x1004: 0x80000000 }),
    );
    const base = sym(r, 'buf') + 0x10;
    // [r3] then [r3 + 1]: the second store overwrites bytes 1..4
    expect(bytesAt(r, base, 5)).toEqual([0x44, 0x44, 0x33, 0x22, 0x11]);
    expect(hex(r.memory.load32(base + 8))).toBe(hex(0x11223344));
    expect(hex(r.memory.load32(base - 4))).toBe(hex(0x11223344));
    expect(hex(r.memory.load32(base + 0x1000))).toBe(hex(0x11223344));
    expect(hex(r.reg('r1'))).toBe(hex(0xcafebabe));
    expect(hex(r.reg('r2'))).toBe(hex(0x01020304));
    expect(hex(r.reg('r6'))).toBe(hex(0x80000000));
    expect(hex(r.reg('r7'))).toBe(hex(0xcafebabe));
    expect(flags(r)).toEqual(F('zco'));
  });

  it('displacements: disp8 is sign-extended, disp32 may be negative, [r4] and [r5] are plain bases (no SIB, no absolute)', async () => {
    const r = await cisc(
      `mov r3, buf + 0x1010\nmov r0, [r3 - 0x1000]\nmov r1, [r3 - 128]\n.byte 0x8B, 0x53, 0x80 ; mov r2, [r3 - 128]\nmov r6, [r3 + 127]\n` +
        `mov r5, buf + 0x10\nmov sp, buf + 0x14\n.byte 0x8B, 0x3C ; mov r7, [r4]\n.byte 0x8B, 0x2D ; mov r5, [r5]\n` +
        dataWords({ 0: 0x0a0a0a0a, 4: 0x0b0b0b0b, 0xf80: 0x0c0c0c0c, 0x107f: 0x0d0d0d0d }),
    );
    expect(hex(r.reg('r0'))).toBe(hex(0x0a0a0a0a));
    expect(hex(r.reg('r1'))).toBe(hex(0x0c0c0c0c));
    expect(hex(r.reg('r2'))).toBe(hex(0x0c0c0c0c));
    expect(hex(r.reg('r6'))).toBe(hex(0x0d0d0d0d));
    expect(hex(r.reg('r7'))).toBe(hex(0x0b0b0b0b));
    expect(hex(r.reg('r5'))).toBe(hex(0x0a0a0a0a));
  });

  it('byte forms with mod=3 use the low byte of r0..r7 (r4..r7 are not x86 high-byte registers)', async () => {
    const regs = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
    for (const [i, x] of regs.entries()) {
      const [A, B, S] = regs.filter((y) => y !== x);
      const r = await cisc(`mov ${x}, ${0x11223380 + i}\nmov ${A}, -1\nmov ${B}, 0\nmovzx ${A}, byte ${x}\nmovsx ${B}, byte ${x}\nmov ${S}, 0xCAFE12A5\nmov byte ${x}, ${S}`);
      expect([x, hex(r.reg(A)), hex(r.reg(B)), hex(r.reg(x)), hex(r.reg(S))]).toEqual([x, hex(0x80 + i), hex(0xffffff80 + i), hex(0x112233a5), hex(0xcafe12a5)]);
    }
  });

  it('mov reg, imm (B8+r) for every register and mov r/m, imm (C7)', async () => {
    const r = await cisc(
      `mov r0, 0\nmov r1, 0xFFFFFFFF\nmov r2, -2\nmov r3, buf + 0x10\nmov r4, 0x80000000\nmov r5, 0x7FFFFFFF\nmov r6, 'A'\nmov r7, 0x12345678\n` +
        `mov [r3], 0x89ABCDEF\nmov [r3 + 0x1000], -1\nc7: .byte 0xC7, 0xC6, 0x78, 0x56, 0x34, 0x12 ; mov r6, 0x12345678 through C7 /0 mod=3\n` +
        dataWords({ 0x1000: 0 }),
    );
    expect([0, 0xffffffff, 0xfffffffe, 0x80000000, 0x7fffffff, 0x12345678, 0x12345678].map(hex)).toEqual(
      ['r0', 'r1', 'r2', 'r4', 'r5', 'r6', 'r7'].map((x) => hex(r.reg(x))),
    );
    const base = sym(r, 'buf') + 0x10;
    expect(hex(r.memory.load32(base))).toBe(hex(0x89abcdef));
    expect(hex(r.memory.load32(base + 0x1000))).toBe(hex(0xffffffff));
  });

  it('movzx and movsx from memory', async () => {
    const r = await cisc(
      `mov r3, buf + 0x10\nmovzx r0, byte [r3]\nmovsx r1, byte [r3]\nmovzx r2, byte [r3 + 1]\nmovsx r6, byte [r3 + 1]\nmovsx r7, byte [r3 - 1]\nmovzx r5, byte [r3 + 0x1000]\n` +
        dataWords({ 0: 0x00007f80, [-4]: 0xff000000, 0x1000: 0xffffffff }),
    );
    expect(hex(r.reg('r0'))).toBe(hex(0x80));
    expect(hex(r.reg('r1'))).toBe(hex(0xffffff80));
    expect(hex(r.reg('r2'))).toBe(hex(0x7f));
    expect(hex(r.reg('r6'))).toBe(hex(0x7f));
    expect(hex(r.reg('r7'))).toBe(hex(0xffffffff));
    expect(hex(r.reg('r5'))).toBe(hex(0xff));
  });

  it('movzx and movsx with mod=3 take the low byte of the register', async () => {
    const r = await cisc(`mov r0, 0x123456F0\nmovzx r1, byte r0\nmovsx r2, byte r0\nmov r6, 0xFFFFFF7F\nmovsx r7, byte r6\nmovzx r6, byte r6`);
    expect(hex(r.reg('r1'))).toBe(hex(0xf0));
    expect(hex(r.reg('r2'))).toBe(hex(0xfffffff0));
    expect(hex(r.reg('r7'))).toBe(hex(0x7f));
    expect(hex(r.reg('r6'))).toBe(hex(0x7f));
    expect(hex(r.reg('r0'))).toBe(hex(0x123456f0));
  });

  it('mov byte to memory stores one byte; to a register replaces only its low byte', async () => {
    const r = await cisc(
      `mov r3, buf + 0x10\nmov r0, 0x11223344\n${setFlags('so')}\nmov byte [r3 + 1], r0\nmov byte [r3 + 0x1000], r0\nmov r1, 0xAABBCCDD\nmov byte r1, r0\nmov r2, 0x000000FF\nmov byte r2, r2\n` +
        dataWords({ 0: 0x88776655, 0x1000: 0xffffffff }),
    );
    const base = sym(r, 'buf') + 0x10;
    expect(bytesAt(r, base, 4)).toEqual([0x55, 0x44, 0x77, 0x88]);
    expect(bytesAt(r, base + 0x1000, 4)).toEqual([0x44, 0xff, 0xff, 0xff]);
    expect(hex(r.reg('r1'))).toBe(hex(0xaabbcc44));
    expect(hex(r.reg('r2'))).toBe(hex(0xff));
    expect(hex(r.reg('r0'))).toBe(hex(0x11223344));
    expect(flags(r)).toEqual(F('so'));
  });

  it('lea computes the address without accessing memory', async () => {
    const r = await cisc(
      `${setFlags('zc')}\nmov r3, 0\nlea r0, [r3]\nlea r1, [r3 + 0x10]\nmov r3, 0x500\nlea r2, [r3 - 4]\nlea r6, [r3 + 0x12345678]\nmov r3, 0xFFFFFFF0\nlea r7, [r3 + 0x20]\nlea r3, [r3 + 4]`,
    );
    expect(r.reg('r0')).toBe(0);
    expect(r.reg('r1')).toBe(0x10);
    expect(r.reg('r2')).toBe(0x4fc);
    expect(hex(r.reg('r6'))).toBe(hex(0x12345b78));
    expect(r.reg('r7')).toBe(0x10);
    expect(hex(r.reg('r3'))).toBe(hex(0xfffffff4));
    expect(flags(r)).toEqual(F('zc'));
  });

  it('lea with mod=3 is illegal', async () => {
    const r = await ciscRaw(`.text\n_start: nop\nat: .byte 0x8D, 0xC1\nbrk\n`);
    expectFault(r, 'illegal instruction', sym(r, 'at'));
  });
});

describe('cisc32 stack', () => {
  it('push and pop move sp by 4 and store little-endian words', async () => {
    const r = await cisc(`${setFlags('sco')}\nmov r6, sp\nmov r0, 0x11223344\npush r0\nmov r7, sp\npush 0x12345678\npush -1\npush 0x7F\npush 0x80\npop r1\npop r2\npop r3\npop r5\npop r0`);
    const sp0 = r.reg('r6');
    expect(r.reg('r7')).toBe(sp0 - 4);
    expect(bytesAt(r, sp0 - 4, 4)).toEqual([0x44, 0x33, 0x22, 0x11]);
    expect(hex(r.reg('r1'))).toBe(hex(0x80)); // 68 id (0x80 is not a sign-extended byte)
    expect(hex(r.reg('r2'))).toBe(hex(0x7f));
    expect(hex(r.reg('r3'))).toBe(hex(0xffffffff));
    expect(hex(r.reg('r5'))).toBe(hex(0x12345678));
    expect(hex(r.reg('r0'))).toBe(hex(0x11223344));
    expect(r.reg('sp')).toBe(sp0);
    expect(flags(r)).toEqual(F('sco'));
  });

  it('push imm8 is sign-extended (6A 80 pushes 0xFFFFFF80), push imm32 (68) is not', async () => {
    const r = await cisc(`p6a: .byte 0x6A, 0x80\npop r0\np68: push 0x80\npop r1\n.byte 0x6A, 0x7F\npop r2\n.byte 0x68, 0x80, 0, 0, 0\npop r6`);
    expect(r.memory.load8(sym(r, 'p68'))).toBe(0x68);
    expect(hex(r.reg('r0'))).toBe(hex(0xffffff80));
    expect(hex(r.reg('r1'))).toBe(hex(0x80));
    expect(hex(r.reg('r2'))).toBe(hex(0x7f));
    expect(hex(r.reg('r6'))).toBe(hex(0x80));
  });

  it('push and pop work with an unaligned sp', async () => {
    const r = await cisc(`mov r6, sp\nsub sp, 3\nmov r7, sp\npush 0x11223344\npop r0\npush r0\nmov r1, [r7 - 4]\npop r2`);
    expect(r.reg('sp')).toBe(r.reg('r6') - 3);
    expect(hex(r.reg('r0'))).toBe(hex(0x11223344));
    expect(hex(r.reg('r1'))).toBe(hex(0x11223344));
    expect(hex(r.reg('r2'))).toBe(hex(0x11223344));
  });

  it('push sp pushes the old sp', async () => {
    const r = await cisc(`mov r6, sp\npush sp\nmov r0, [sp]\nmov r7, sp`);
    expect(r.reg('r0')).toBe(r.reg('r6'));
    expect(r.reg('r7')).toBe(r.reg('r6') - 4);
  });

  it('pop sp leaves sp = the popped value', async () => {
    const r = await cisc(`mov r6, sp\nmov r0, sp\nsub r0, 100\npush r0\npop sp\nmov r7, sp`);
    expect(r.reg('r7')).toBe(r.reg('r6') - 100);
  });

  it('pop into each register, push of each register', async () => {
    const regs = ['r0', 'r1', 'r2', 'r3', 'r5', 'r6', 'r7'];
    const r = await cisc(regs.map((_, i) => `push ${0x1000 * (i + 1) + i}`).join('\n') + '\n' + [...regs].reverse().map((x) => `pop ${x}`).join('\n'));
    regs.forEach((x, i) => expect([x, hex(r.reg(x))]).toEqual([x, hex(0x1000 * (i + 1) + i)]));
    const r2 = await cisc(`mov r0, 10\nmov r1, 11\nmov r2, 12\nmov r3, 13\nmov fp, sp\nmov r6, 16\nmov r7, 17\npush r0\npush r1\npush r2\npush r3\npush r4\npush r5\npush r6\npush r7`);
    const sp = r2.reg('sp');
    const words = [...Array(8)].map((_, i) => r2.memory.load32(sp + 4 * i) >>> 0);
    // fp = the sp before the pushes; push r4 pushed the sp after 4 pushes
    expect(words).toEqual([17, 16, sp + 32, sp + 32 - 16, 13, 12, 11, 10]);
  });
});

describe('cisc32 calls and jumps', () => {
  it('call pushes the next pc and ret pops it', async () => {
    const r = await cisc(`mov r6, sp\ncall f\nafter: mov r1, 7\njmp __end\nf: mov r0, [sp]\nmov r2, sp\nret`);
    expect(r.reg('r0')).toBe(sym(r, 'after'));
    expect(r.reg('r2')).toBe(r.reg('r6') - 4);
    expect(r.reg('sp')).toBe(r.reg('r6'));
    expect(r.reg('r1')).toBe(7);
  });

  it('call r/m reads the target before pushing (call [sp])', async () => {
    const r = await cisc(`mov r6, sp\nmov r0, target\npush r0\ncall [sp]\nafter: mov r1, 0xBAD\njmp __end\ntarget: mov r2, [sp]\nmov r7, [sp + 4]\nmov r5, sp`);
    expect(r.reg('r1')).toBe(0);
    expect(r.reg('r2')).toBe(sym(r, 'after'));
    expect(r.reg('r7')).toBe(sym(r, 'target'));
    expect(r.reg('r5')).toBe(r.reg('r6') - 8);
  });

  it('call reg, call [r3 + disp] and call sp-relative', async () => {
    const r = await cisc(`mov r0, f\ncall r0\na1: mov r3, tab - 4\ncall [r3 + 4]\na2: mov r3, f\ncall r3\njmp __end\nf: add r1, 1\nret\n.data\ntab: .word f\n`);
    expect(r.reg('r1')).toBe(3);
  });

  it('jmp [r3 + table] through a jump table, jmp reg', async () => {
    const r = await cisc(
      `mov r3, 8\njmp [r3 + table]\nl0: mov r0, 10\njmp __end\nl1: mov r0, 11\njmp __end\nl2: mov r0, 12\nmov r1, l3\njmp r1\nl3: add r0, 100\njmp __end\n.data\n.space 300\ntable: .word l0, l1, l2, l3\n`,
    );
    expect(r.reg('r0')).toBe(112);
  });

  it('jmp and jcc with rel8 and rel32, backwards and forwards', async () => {
    const r = await cisc(`mov r0, 0\njmp fwd\nback: add r0, 1\njmp near\n.space 200\nfwd: add r0, 10\njmp back\nnear: cmp r0, 11\nje far\nmov r0, 0xBAD\nfar2: jmp __end\n.space 300\nfar: add r0, 100\njne far2\njmp far2\n`);
    expect(r.reg('r0')).toBe(111);
  });

  it('loop decrements r1 without touching flags and jumps while r1 != 0', async () => {
    const r = await cisc(`mov r1, 5\nmov r0, 0\n${setFlags('zco')}\nl: inc r0\nloop l`);
    expect(r.reg('r0')).toBe(5);
    expect(r.reg('r1')).toBe(0);
    expect(flags(r)).toEqual(F('c')); // from inc (c kept); loop changes none
    const q = await cisc(`mov r1, 1\n${setFlags('zco')}\nloop l\nmov r0, 1\njmp __end\nl: mov r0, 2`);
    expect(q.reg('r0')).toBe(1);
    expect(q.reg('r1')).toBe(0);
    expect(flags(q)).toEqual(F('zco'));
    const w = await cisc(`mov r1, 0\n${setFlags('so')}\nloop l\nmov r0, 1\njmp __end\nl: mov r0, 2`);
    expect(w.reg('r0')).toBe(2);
    expect(hex(w.reg('r1'))).toBe(hex(0xffffffff));
    expect(flags(w)).toEqual(F('so'));
  });

  it('ret to an address pushed by hand; control instructions keep every flag', async () => {
    const r = await cisc(`${setFlags('sc')}\npush t\nret\nmov r0, 0xBAD\nt: mov r1, 1\ncall f\njmp __end\nf: ret`);
    expect(r.reg('r0')).toBe(0);
    expect(r.reg('r1')).toBe(1);
    expect(flags(r)).toEqual(F('sc'));
  });
});

// ---- condition codes ------------------------------------------------------------

/** Reachable flag states: all with z and s not both set. */
const STATES: Flags[] = [];
for (let i = 0; i < 16; i++) {
  const f = { z: i & 1, s: (i >> 1) & 1, c: (i >> 2) & 1, o: (i >> 3) & 1 };
  if (!(f.z && f.s)) STATES.push(f);
}
const fname = (f: Flags) => (['z', 's', 'c', 'o'] as const).filter((k) => f[k]).join('') || '-';

/**
 * For each condition: setcc into r0 (preset to garbage), cmovcc from a register
 * and from memory, jcc rel8 and jcc rel32; the results go to memory at
 * buf + 32*i (4 words).
 */
function condProgram(prefix: string): string {
  const lines = [`mov r3, out\nmov r6, src\n${prefix}`];
  CISC_CONDS.forEach(([cc], i) => {
    const o = 32 * i;
    lines.push(`mov r0, 0xFFFFFF55\nset${cc} r0\nmov [r3 + ${o}], r0`);
    lines.push(`mov r0, 0x11\nmov r1, 0x22\ncmov${cc} r0, r1\nmov [r3 + ${o + 4}], r0`);
    lines.push(`mov r0, 0x33\ncmov${cc} r0, [r6]\nmov [r3 + ${o + 8}], r0`);
    lines.push(`mov r0, 0\nj${cc} t8_${i}\nmov r0, 1\nt8_${i}: mov [r3 + ${o + 12}], r0`);
    lines.push(`mov r0, 0\nj${cc} t32_${i}\nmov r0, 1\njmp t32_${i}\n.space 140\nt32_${i}: mov [r3 + ${o + 16}], r0`);
  });
  lines.push(`.data\nsrc: .word 0x44\nout: .space ${32 * CISC_CONDS.length}\n`);
  return lines.join('\n');
}

function checkConds(r: Awaited<ReturnType<typeof cisc>>, f: Flags) {
  const out = sym(r, 'out');
  const got = CISC_CONDS.map(([cc], i) => `${cc}: ${[0, 4, 8, 12, 16].map((o) => hex(r.memory.load32(out + 32 * i + o))).join(' ')}`);
  const want = CISC_CONDS.map(([cc, , holds]) => {
    const t = holds(f);
    return `${cc}: ${[t ? 1 : 0, t ? 0x22 : 0x11, t ? 0x44 : 0x33, t ? 0 : 1, t ? 0 : 1].map(hex).join(' ')}`;
  });
  expect(got).toEqual(want);
  expect(flags(r)).toEqual(f);
}

describe('cisc32 jcc, setcc, cmovcc: all 14 conditions', () => {
  it.each(STATES.map((f) => [fname(f), f] as const))('flags %s', async (_, f) => {
    const r = await cisc(condProgram(setFlags(f)));
    checkConds(r, f);
  });

  // cmp of chosen values: the flags cmp gives, and the signed/unsigned meaning
  const CMPS: Array<[number, number]> = [
    [5, 5],
    [5, 3],
    [3, 5],
    [0x80000000, 1],
    [1, 0x80000000],
    [0xffffffff, 1],
    [1, 0xffffffff],
    [0x7fffffff, 0xffffffff],
    [0x7fffffff, 0x80000000],
    [0x80000000, 0x80000001],
    [0xfffffffe, 0xffffffff],
  ];
  it.each(CMPS)('after cmp %i, %i', async (a, b) => {
    const f = ciscOp('cmp', a, b, F('')).f;
    const r = await cisc(condProgram(`mov r2, ${a}\ncmp r2, ${b}`));
    checkConds(r, f);
    // the signed and unsigned orders the conditions name
    const sa = a | 0;
    const sb = b | 0;
    const truth: Record<string, boolean> = { e: a === b, ne: a !== b, b: a < b, ae: a >= b, be: a <= b, a: a > b, l: sa < sb, ge: sa >= sb, le: sa <= sb, g: sa > sb };
    const out = sym(r, 'out');
    CISC_CONDS.forEach(([cc], i) => {
      if (cc in truth) expect([cc, r.memory.load32(out + 32 * i)]).toEqual([cc, truth[cc] ? 1 : 0]);
    });
  });

  it('condition aliases mean the same as the canonical names', async () => {
    const aliases: Array<[string, string]> = [
      ['c', 'b'],
      ['nae', 'b'],
      ['nc', 'ae'],
      ['nb', 'ae'],
      ['z', 'e'],
      ['nz', 'ne'],
      ['na', 'be'],
      ['nbe', 'a'],
      ['nge', 'l'],
      ['nl', 'ge'],
      ['ng', 'le'],
      ['nle', 'g'],
    ];
    for (const f of [F('c'), F('zo'), F('s')]) {
      const body = aliases.map(([al], i) => `mov r0, 7\nset${al} r0\nmov [r3 + ${4 * i}], r0`).join('\n');
      const r = await cisc(`mov r3, out\n${setFlags(f)}\n${body}\n.data\nout: .space 64\n`);
      aliases.forEach(([, canon], i) => {
        const holds = CISC_CONDS.find(([n]) => n === canon)![2](f);
        expect([canon, r.memory.load32(sym(r, 'out') + 4 * i)]).toEqual([canon, holds ? 1 : 0]);
      });
    }
  });

  it('setcc writes every register', async () => {
    const regs = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
    const r = await cisc(`${setFlags('c', 'r0')}\n${regs.map((x) => `mov ${x}, -1\nsetb ${x}`).join('\n')}`);
    for (const x of regs) expect([x, r.reg(x)]).toEqual([x, 1]);
  });

  it('cmov with a memory source faults even when the condition is false', async () => {
    const r = await ciscRaw(`.text\n_start: mov r3, 0x500\nmov r0, 9\ncmp r0, r0\nat: cmovne r0, [r3 + 4]\nbrk\n`);
    expectFault(r, 'segmentation fault', sym(r, 'at'), 0x504);
    expect(r.reg('r0')).toBe(9);
    const q = await ciscRaw(`.text\n_start: mov r3, 0x500\nmov r0, 9\ncmp r0, r0\nat: cmove r0, [r3]\nbrk\n`);
    expectFault(q, 'segmentation fault', sym(q, 'at'), 0x500);
    expect(q.reg('r0')).toBe(9);
  });

  it('cmov with a false condition leaves the destination untouched (all 32 bits)', async () => {
    const r = await cisc(`mov r0, 0x89ABCDEF\nmov r1, 0\n${setFlags('')}\ncmove r0, r1\ncmovs r0, [sp]`);
    expect(hex(r.reg('r0'))).toBe(hex(0x89abcdef));
  });

  it.each([
    ['jcc cc=10 rel8', '0x7A, 0x00'],
    ['jcc cc=11 rel8', '0x7B, 0x00'],
    ['jcc cc=10 rel32', '0x0F, 0x8A, 0, 0, 0, 0'],
    ['setcc cc=11', '0x0F, 0x9B, 0xC0'],
    ['cmovcc cc=10', '0x0F, 0x4A, 0xC1'],
    ['setcc with mod != 3', '0x0F, 0x90, 0x00'],
    ['setcc with reg != 0', '0x0F, 0x94, 0xC8'],
  ])('%s is illegal', async (_, bytes) => {
    const r = await ciscRaw(`.text\n_start: nop\nat: .byte ${bytes}\nbrk\n`);
    expectFault(r, 'illegal instruction', sym(r, 'at'));
  });
});

describe('cisc32 self-modifying code', () => {
  it('a store patching the imm32 of a later mov in the same straight run is seen', async () => {
    const r = await ciscRaw(`.section .code, "rwx"\n_start: mov r3, patch + 1\nmov [r3], 0x12345678\nnop\npatch: mov r0, 0x11111111\nbrk\n`);
    expect(r.fault?.kind).toBe('breakpoint');
    expect(hex(r.reg('r0'))).toBe(hex(0x12345678));
  });

  it('a store patching the very next instruction is seen', async () => {
    const r = await ciscRaw(`.section .code, "rwx"\n_start: mov r3, next\nmov r0, 0x90909090\nmov [r3], r0\nnext: brk\nbrk\nbrk\nbrk\nmov r1, 5\nud\n`);
    // the four brk bytes became nops
    expect(r.fault?.kind).toBe('illegal instruction');
    expect(r.reg('r1')).toBe(5);
  });

  it('code that has already run is re-decoded after it is patched', async () => {
    // add r0, 1 is 83 C0 01: each pass patches its imm8 to 100
    const r = await ciscRaw(`.section .code, "rwx"\n_start: mov r1, 3\nmov r3, patch + 2\nmov r2, 100\nl:\npatch: add r0, 1\nmov byte [r3], r2\nloop l\nbrk\n`);
    expect(r.fault?.kind).toBe('breakpoint');
    expect(r.memory.load8(sym(r, 'patch'))).toBe(0x83);
    expect(r.reg('r0')).toBe(201); // 1 + 100 + 100
  });

  it('a patch to the part of an instruction that lies on the next page is seen', async () => {
    // mov r0, imm32 at page end - 2: its imm32 straddles the page boundary
    const r = await ciscRaw(
      `.section .code, "rwx"\n_start: mov r1, 2\nmov r3, insn + 4\nmov r2, 0x77\njmp insn\n.space 4096 - 20 - 2\ninsn: mov r0, 0x11111111\nadd r6, r0\nmov byte [r3], r2\nloop insn\nbrk\n`,
    );
    expect(r.fault?.kind).toBe('breakpoint');
    expect((sym(r, "insn") + 2) % 4096).toBe(0);
    expect(hex(r.reg('r6'))).toBe(hex(0x11111111 + 0x77111111));
  });

  it('code written by a read() system call is seen by the fetch', async () => {
    // read 5 bytes from stdin over "mov r0, 1" (B8 01 00 00 00): B8 2A 00 00 00 is mov r0, 42
    const r = await ciscRaw(`.section .code, "rwx"\n_start: mov r3, 0\nmov r1, p\nmov r2, 5\nmov r0, 3\nsyscall\np: mov r0, 1\nbrk\n`, {
      stdin: new Uint8Array([0xb8, 0x2a, 0, 0, 0]),
    });
    expect(r.fault?.kind).toBe('breakpoint');
    expect(r.reg('r0')).toBe(42);
  });

  it('a patched opcode changes the instruction', async () => {
    const r = await ciscRaw(`.section .code, "rwx"\n_start: mov r0, 5\nmov r3, p\nmov r1, 0x48 ; dec r0\nmov byte [r3], r1\np: inc r0\nbrk\n`);
    expect(r.fault?.kind).toBe('breakpoint');
    expect(r.reg('r0')).toBe(4);
  });
});

describe('cisc32 process start', () => {
  it('every register but sp and every flag is 0; sp is 16-aligned and points at argc', async () => {
    const r = await ciscRaw(`.text\n_start: brk\n`, { args: ['a', 'bc'] });
    for (const x of ['r0', 'r1', 'r2', 'r3', 'r5', 'r6', 'r7', 'z', 's', 'c', 'o']) expect([x, r.reg(x)]).toEqual([x, 0]);
    const sp = r.reg('sp');
    expect(sp % 16).toBe(0);
    expect(r.memory.load32(sp)).toBe(3);
    expect(r.memory.load32(sp + 16)).toBe(0);
    expect(r.memory.load32(sp + 20)).toBe(0);
    const str = (a: number) => {
      let s = '';
      for (let c = r.memory.load8(a); c !== 0; c = r.memory.load8(++a)) s += String.fromCharCode(c);
      return s;
    };
    expect([1, 2, 3].map((i) => str(r.memory.load32(sp + 4 * i)))).toEqual(['test', 'a', 'bc']);
  });
});

describe('fixtures', () => {
  it('the cached runner (fixtures/guest.ts) and the shared runAsm (fixtures/run.ts) agree', async () => {
    const src = `.text\n_start: mov r0, 4\nmov r3, 1\nmov r1, m\nmov r2, 3\nsyscall\nmov r6, 0x7FFFFFFF\nadd r6, 1\npush r6\nmov r0, 1\nmov r3, 5\nsyscall\n.data\nm: .ascii "abc"\n`;
    const a = await runAsm('cisc32', src);
    const b = await ciscRaw(src);
    const view = (r: typeof a) => ({ stop: r.stop, status: r.exitStatus, pc: r.pc, steps: r.steps, out: r.stdout, regs: ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'z', 's', 'c', 'o'].map((x) => r.reg(x)) });
    expect(view(b)).toEqual(view(a));
    expect(view(a)).toMatchObject({ stop: 'exit', status: 5, out: 'abc' });
  });
});
