// risc32 on the interpreter, instruction by instruction, against the manual
// (/work/shared/isa/risc32.md): operate instructions in register and literal
// forms, the zero register, loads / stores and alignment, jumps and branches,
// li, faults and callsys.

import { describe, expect, it } from 'vitest';
import { exitStatusFor } from '../../src/interp/fault.js';
import { expectFault, hex, risc, riscRaw, runCli, segment, sym } from '../fixtures/guest.js';
import { RISC_BRANCHES, riscOp } from '../fixtures/models.js';

const VALUES = [0, 1, 5, 7, 31, 32, 33, 0xff, 0x180, 0xffff, 0x10000, 0x12345678, 0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0xfffffff9];
const LITS = [0, 1, 5, 7, 31, 32, 33, 128, 255];

const OPERATE = ['addl', 'subl', 's4addl', 'cmpeq', 'cmplt', 'cmple', 'cmpult', 'cmpule', 'and', 'bic', 'bis', 'ornot', 'xor', 'eqv', 'sll', 'srl', 'sra', 'mull', 'umulh', 'mulh', 'divl', 'divlu', 'reml', 'remlu'];
const CMOVS = ['cmoveq', 'cmovne', 'cmovlt', 'cmovge', 'cmovle', 'cmovgt', 'cmovlbs', 'cmovlbc'];
const OLD = 0x5555aaaa;

describe('risc32 operate instructions against the manual (register and literal forms)', () => {
  // A loop over a table of (a, b) pairs for the register form, and one loop per
  // literal over the a values for the literal form; results go to `out`.
  it.each([...OPERATE, ...CMOVS])('%s', async (op) => {
    const pairs: Array<[number, number]> = [];
    for (const a of VALUES) for (const b of VALUES) if (riscOp(op, a, b) !== 'fault') pairs.push([a, b]);
    const lits = LITS.filter((l) => riscOp(op, 1, l) !== 'fault');
    const loop = (label: string, insn: string, step: number) =>
      `${label}: ldw t0, 0(s0)\nldw t1, 4(s0)\nli t2, ${OLD}\n${insn}\nstw t2, 0(s2)\nlda s0, ${step}(s0)\nlda s2, 4(s2)\nsubl t5, 1, t5\nbne t5, ${label}`;
    const body = [`li s0, pairs\nli s2, out\nli t5, ${pairs.length}\n${loop('lr', `${op} t0, t1, t2`, 8)}`];
    lits.forEach((l, k) => body.push(`li s0, avals\nli t5, ${VALUES.length}\n${loop(`l${k}`, `${op} t0, ${l}, t2`, 4)}`));
    const data = `.data\npairs: .word ${pairs.flat().join(', ')}\navals: .word ${VALUES.join(', ')}, 0\nout: .space ${4 * (pairs.length + lits.length * VALUES.length)}\n`;
    const r = await risc(`${body.join('\n')}\n${data}`);
    const out = sym(r, 'out');
    const cases = [...pairs.map(([a, b]) => [a, b, false] as const), ...lits.flatMap((l) => VALUES.map((a) => [a, l, true] as const))];
    const show = ([a, b, lit]: readonly [number, number, boolean]) => `${op} ${hex(a)}, ${lit ? b : hex(b)}`;
    expect(cases.map((c, i) => `${show(c)}: ${hex(r.memory.load32(out + 4 * i))}`)).toEqual(cases.map((c) => `${show(c)}: ${hex(riscOp(op, c[0], c[1], OLD) as number)}`));
  });

  // Hand-computed values from the manual's table.
  const HAND: Array<[string, number, number, number]> = [
    ['addl', 0xffffffff, 1, 0],
    ['addl', 0x7fffffff, 1, 0x80000000],
    ['subl', 0, 1, 0xffffffff],
    ['subl', 0x80000000, 1, 0x7fffffff],
    ['s4addl', 3, 2, 14],
    ['s4addl', 0x40000001, 3, 7],
    ['s4addl', 0xffffffff, 4, 0],
    ['cmplt', 0xffffffff, 1, 1],
    ['cmpult', 0xffffffff, 1, 0],
    ['cmplt', 1, 0x80000000, 0],
    ['cmpult', 1, 0x80000000, 1],
    ['cmple', 0x80000000, 0x80000000, 1],
    ['cmpule', 0xffffffff, 0xfffffffe, 0],
    ['cmple', 0xffffffff, 0xfffffffe, 0],
    ['cmpeq', 0xffffffff, 0xffffffff, 1],
    ['bic', 0xff00ff00, 0x0ff00ff0, 0xf000f000],
    ['ornot', 0, 0xffff0000, 0x0000ffff],
    ['eqv', 0xff00ff00, 0x0ff00ff0, 0x0f0f0f0f],
    ['sll', 1, 33, 2],
    ['sll', 1, 32, 1],
    ['sll', 0x12345678, 0xffffffe4, 0x23456780],
    ['sll', 0x12345678, 0xfffffffc, 0x80000000],
    ['srl', 0x80000000, 63, 1],
    ['srl', 0x80000000, 32, 0x80000000],
    ['sra', 0x80000000, 32, 0x80000000],
    ['sra', 0x80000000, 31, 0xffffffff],
    ['sra', 0x80000000, 0xffffffe1, 0xc0000000],
    ['mull', 0xffffffff, 0xffffffff, 1],
    ['umulh', 0xffffffff, 0xffffffff, 0xfffffffe],
    ['mulh', 0xffffffff, 0xffffffff, 0],
    ['umulh', 0x80000000, 0x80000000, 0x40000000],
    ['mulh', 0x80000000, 0x80000000, 0x40000000],
    ['mulh', 0x80000000, 2, 0xffffffff],
    ['umulh', 0x80000000, 2, 1],
    ['mulh', 0x80000000, 0x7fffffff, 0xc0000000],
    ['mull', 0x10000, 0x10000, 0],
    ['umulh', 0x10000, 0x10000, 1],
    ['divl', 0x80000000, 0xffffffff, 0x80000000],
    ['reml', 0x80000000, 0xffffffff, 0],
    ['divl', -7, 2, -3 >>> 0],
    ['divl', 7, -2, -3 >>> 0],
    ['divl', -7, -2, 3],
    ['reml', -7, 2, -1 >>> 0],
    ['reml', 7, -2, 1],
    ['divlu', 0xffffffff, 2, 0x7fffffff],
    ['divlu', 0x80000000, 0xffffffff, 0],
    ['remlu', 0xffffffff, 10, 5],
    ['remlu', 0x80000000, 0xffffffff, 0x80000000],
  ];
  it('hand-computed cases', async () => {
    const body = HAND.map(([op, a, b], i) => `li t0, ${a >>> 0}\nli t1, ${b >>> 0}\n${op} t0, t1, t2\nstw t2, ${4 * i}(s0)`).join('\n');
    const r = await risc(`li s0, out\n${body}\n.data\nout: .space ${4 * HAND.length}\n`);
    const out = sym(r, 'out');
    expect(HAND.map(([op, a, b], i) => `${op} ${hex(a)} ${hex(b)} = ${hex(r.memory.load32(out + 4 * i))}`)).toEqual(
      HAND.map(([op, a, b, res]) => `${op} ${hex(a)} ${hex(b)} = ${hex(res)}`),
    );
    // the model agrees with the hand-computed values
    for (const [op, a, b, res] of HAND) expect([op, hex(riscOp(op, a, b) as number)]).toEqual([op, hex(res)]);
  });

  it('all eight cmovs with true and false conditions, register and literal b', async () => {
    // ra values: 0, 1, 2, -1, -2, 0x80000000, 0x7FFFFFFF
    const ras = [0, 1, 2, 0xffffffff, 0xfffffffe, 0x80000000, 0x7fffffff];
    const truth: Record<string, (a: number) => boolean> = {
      cmoveq: (a) => a === 0,
      cmovne: (a) => a !== 0,
      cmovlt: (a) => (a | 0) < 0,
      cmovge: (a) => (a | 0) >= 0,
      cmovle: (a) => (a | 0) <= 0,
      cmovgt: (a) => (a | 0) > 0,
      cmovlbs: (a) => (a & 1) === 1,
      cmovlbc: (a) => (a & 1) === 0,
    };
    const lines: string[] = ['li s0, out', 'li t3, 0xCAFEBABE'];
    let i = 0;
    for (const op of CMOVS) {
      for (const a of ras) {
        lines.push(`li t0, ${a}\nli t2, ${OLD}\n${op} t0, t3, t2\nstw t2, ${4 * i++}(s0)`);
        lines.push(`li t2, ${OLD}\n${op} t0, 200, t2\nstw t2, ${4 * i++}(s0)`);
      }
    }
    const r = await risc(`${lines.join('\n')}\n.data\nout: .space ${4 * i}\n`);
    const out = sym(r, 'out');
    let j = 0;
    const got: string[] = [];
    const want: string[] = [];
    for (const op of CMOVS) {
      for (const a of ras) {
        const t = truth[op](a);
        got.push(`${op} ${hex(a)}: ${hex(r.memory.load32(out + 4 * j++))} ${hex(r.memory.load32(out + 4 * j++))}`);
        want.push(`${op} ${hex(a)}: ${hex(t ? 0xcafebabe : OLD)} ${hex(t ? 200 : OLD)}`);
      }
    }
    expect(got).toEqual(want);
  });

  it('sextb of a register and of a literal', async () => {
    const r = await risc(`li t0, 0x12345680\nsextb t0, t1\nli t0, 0xFFFFFF7F\nsextb t0, t2\nsextb 255, t3\nsextb 0x7F, t4\nsextb 128, t5`);
    expect(['t1', 't2', 't3', 't4', 't5'].map((x) => hex(r.reg(x)))).toEqual([0xffffff80, 0x7f, 0xffffffff, 0x7f, 0xffffff80].map(hex));
  });

  it('the destination can be a source', async () => {
    const r = await risc(`li t0, 3\naddl t0, t0, t0\ns4addl t0, t0, t0\nli t1, 0x80000001\nmulh t1, t1, t1\nli t2, 7\ncmoveq r31, t2, t2`);
    expect(r.reg('t0')).toBe(30);
    expect(hex(r.reg('t1'))).toBe(hex(0x3fffffff));
    expect(r.reg('t2')).toBe(7);
  });
});

describe('risc32 r31', () => {
  it('reads 0 and discards writes', async () => {
    const r = await risc(
      `addl r1, 5, r31\nbis r31, 7, r1\naddl r31, r31, r2\nli r31, 0x1234\nbis r31, r31, r3\nlda r31, 100(r31)\nlda r4, 100(r31)\nli s0, d\nldw r31, 0(s0)\nldbu r31, 0(s0)\naddl r31, 0, r5\nbr r31, n1\nn1: bsr r31, n2\nn2: li t12, n3\njsr r31, (t12)\nn3: stw r31, 4(s0)\nmov r31, r6\nnot r31, r7\n.data\nd: .word 0x77, 0x99\n`,
    );
    expect(r.reg('r31')).toBe(0);
    expect(r.reg('r1')).toBe(7);
    expect(r.reg('r2')).toBe(0);
    expect(r.reg('r3')).toBe(0);
    expect(r.reg('r4')).toBe(100);
    expect(r.reg('r5')).toBe(0);
    expect(r.reg('r6')).toBe(0);
    expect(hex(r.reg('r7'))).toBe(hex(0xffffffff));
    expect(r.memory.load32(sym(r, 'd') + 4)).toBe(0);
  });
});

describe('risc32 memory format', () => {
  it('lda and ldah, with negative displacements', async () => {
    const r = await risc(
      `li t1, 0x1000\nlda t0, -4(t1)\nlda t2, 32767(t1)\nlda t3, -32768(t1)\nldah t4, -1(r31)\nldah t5, 0x7FFF(r31)\nldah t6, -32768(t1)\nldah t7, 1(t1)\nlda t8, -1(r31)\nli t9, 0xFFFFFFF0\nlda t10, 0x20(t9)`,
    );
    expect(['t0', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't10'].map((x) => hex(r.reg(x)))).toEqual(
      [0xffc, 0x8fff, 0xffff9000, 0xffff0000, 0x7fff0000, 0x80001000, 0x11000, 0xffffffff, 0x10].map(hex),
    );
  });

  it('ldbu zero-extends, stb stores only the low byte', async () => {
    const r = await risc(`li s0, d\nldbu t0, 0(s0)\nldbu t1, 1(s0)\nldbu t2, 7(s0)\nli t3, 0x11223344\nstb t3, 2(s0)\nstb t3, 5(s0)\nlda s1, 8(s0)\nldbu t4, -1(s1)\n.data\nd: .byte 0x80, 0x7F, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF\n`);
    expect([r.reg('t0'), r.reg('t1'), r.reg('t2'), r.reg('t4')]).toEqual([0x80, 0x7f, 0xff, 0xff]);
    const d = sym(r, 'd');
    expect([...Array(8)].map((_, i) => r.memory.load8(d + i))).toEqual([0x80, 0x7f, 0x44, 0xbb, 0xcc, 0x44, 0xee, 0xff]);
  });

  it('ldw / stw at aligned addresses; ldwu / stwu at any address', async () => {
    const r = await risc(
      `li s0, d\nldw t0, 4(s0)\nli t1, 0x11223344\nstw t1, 8(s0)\nstwu t1, 1(s0)\nldwu t2, 1(s0)\nldwu t3, 6(s0)\nstwu t1, 15(s0)\nlda s1, 12(s0)\nldw t4, -4(s1)\n.data\nd: .word 0, 0xA1B2C3D4, 0, 0, 0, 0\n`,
    );
    const d = sym(r, 'd');
    expect(hex(r.reg('t0'))).toBe(hex(0xa1b2c3d4));
    expect(hex(r.reg('t2'))).toBe(hex(0x11223344));
    expect(hex(r.reg('t3'))).toBe(hex(0x3344a1b2)); // bytes d+6..d+9: B2 A1 44 33
    expect([...Array(20)].map((_, i) => r.memory.load8(d + i))).toEqual([0, 0x44, 0x33, 0x22, 0x11, 0xc3, 0xb2, 0xa1, 0x44, 0x33, 0x22, 0x11, 0, 0, 0, 0x44, 0x33, 0x22, 0x11, 0]);
    expect(hex(r.reg('t4'))).toBe(hex(0x11223344));
  });

  it.each([
    ['ldw t0, 2(s0)', 2],
    ['ldw t0, 1(s0)', 1],
    ['ldw t0, 3(s0)', 3],
    ['stw t1, 2(s0)', 2],
    ['stw t1, -1(s0)', -1],
  ])('%s is an alignment fault with no effect; xlat exits 135', async (insn, off) => {
    const r = await riscRaw(`.text\n_start: li s0, d\nli t0, 0x77\nli t1, 0x99\nat: ${insn}\nbpt\n.data\nd: .word 0x11223344, 0\n`);
    expectFault(r, 'alignment fault', sym(r, 'at'));
    expect(r.fault!.addr).toBeUndefined();
    expect(r.reg('t0')).toBe(0x77);
    expect(hex(r.memory.load32(sym(r, 'd')))).toBe(hex(0x11223344));
    expect(r.fault!.line()).toBe(`xlat: fault: alignment fault at pc=${hex(sym(r, 'at'))}`);
    expect(exitStatusFor(r.fault!.kind)).toBe(135);
    expect(off).not.toBe(0);
  });

  it('alignment is checked before the memory check: unaligned AND unmapped is an alignment fault', async () => {
    for (const insn of ['ldw t0, 2(t1)', 'stw t0, 1(t1)', 'ldw t0, 0(t2)', 'stw t0, -1(t2)']) {
      const r = await riscRaw(`.text\n_start: li t1, 0x500\nli t2, 0xFFFFFFFF\nat: ${insn}\n`);
      expectFault(r, 'alignment fault', sym(r, 'at'));
    }
    const out = await runCli('risc32', `.text\n_start: li t1, 0x502\nldw t0, 0(t1)\n`);
    expect(out.status).toBe(135);
    expect(out.log).toEqual(['xlat: fault: alignment fault at pc=0x00001004']);
  });

  it('aligned accesses to unmapped or read-only memory are segmentation faults at the first byte', async () => {
    const cases: Array<[string, (r: Awaited<ReturnType<typeof riscRaw>>) => number, string]> = [
      ['ldw t0, 0(t1)', () => 0x500, 'read'],
      ['stw t0, 4(t1)', () => 0x504, 'write'],
      ['ldbu t0, 0(t1)', () => 0x500, 'read'],
      ['stb t0, 0(t1)', () => 0x500, 'write'],
      ['stw t0, 0(t3)', () => 0x1000, 'write'],
      ['stb t0, 3(t3)', () => 0x1003, 'write'],
      ['ldwu t0, 2(s0)', (r) => sym(r, 'd') + 2, 'read'],
      ['stwu t0, 3(s0)', (r) => sym(r, 'd') + 3, 'write'],
      ['ldw t0, 4(s0)', (r) => sym(r, 'd') + 4, 'read'],
    ];
    for (const [insn, addr, access] of cases) {
      // .data is 4 bytes: a 4-byte access at d + 2 has its first 2 bytes mapped
      const r = await riscRaw(`.text\n_start: li t1, 0x500\nli t3, _start\nli s0, d\nli t0, 0x77\nat: ${insn}\nbpt\n.data\nd: .word 0x11223344\n`);
      expectFault(r, 'segmentation fault', sym(r, 'at'), addr(r));
      expect(r.fault!.access).toBe(access);
      expect(r.reg('t0')).toBe(0x77);
      expect(hex(r.memory.load32(sym(r, 'd')))).toBe(hex(0x11223344));
    }
    expect(segment(await riscRaw(`.text\n_start: bpt\n.data\nd: .word 1\n`), '.data').size).toBe(4);
  });
});

describe('risc32 loads into r31 still access memory', () => {
  it.each([
    ['ldw r31, 2(s0)', 'alignment fault'],
    ['ldw r31, 0(t1)', 'segmentation fault'],
    ['ldbu r31, 0(t1)', 'segmentation fault'],
    ['ldwu r31, 1(t1)', 'segmentation fault'],
    ['stw r31, 0(t3)', 'segmentation fault'],
  ])('%s faults (%s)', async (insn, kind) => {
    const r = await riscRaw(`.text\n_start: li t1, 0x500\nli t3, _start\nli s0, d\nat: ${insn}\nbpt\n.data\nd: .word 1, 2\n`);
    expectFault(r, kind, sym(r, 'at'));
  });
});

describe('risc32 jumps and branches', () => {
  it('jmp / jsr / ret set ra = next pc and ignore the low 2 bits of the target', async () => {
    const r = await risc(
      `li t0, f + 3\njsr ra, (t0)\nr1: li t0, g + 1\njmp t1, (t0)\nr2: nop\ng: li t0, h + 2\nret t2, (t0)\nr3: nop\nh: br __end\nf: mov ra, s0\nret r31, (ra)`,
    );
    expect(r.reg('s0')).toBe(sym(r, 'r1'));
    expect(r.reg('ra')).toBe(sym(r, 'r1'));
    expect(r.reg('t1')).toBe(sym(r, 'r2'));
    expect(r.reg('t2')).toBe(sym(r, 'r3'));
  });

  it('jmp / jsr / ret ignore displacement bits 13:0 (hand-encoded hint bits)', async () => {
    // jsr ra, (t0) with hint 0x2ABC: op 1A, ra 26, rb 1, bits 15:14 = 1
    const word = ((0x1a << 26) | (26 << 21) | (1 << 16) | (1 << 14) | 0x2abc) >>> 0;
    const r = await risc(`li t0, f\n.word ${word}\nback: br __end\nf: mov ra, s0\nret`);
    expect(r.reg('s0')).toBe(sym(r, 'back'));
  });

  it('jsr t0, (t0) jumps to the old t0 and then sets t0 = next pc', async () => {
    const r = await risc(`li t0, f\njsr t0, (t0)\nback: br __end\nf: mov t0, s0\nbr __end`);
    expect(r.reg('s0')).toBe(sym(r, 'back'));
  });

  it('br and bsr write ra = next pc; call / ret pseudos', async () => {
    const r = await risc(`br t0, a\nn0: nop\na: bsr t1, b\nn1: nop\nb: call f\nn2: br __end\nf: mov ra, t2\nret`);
    expect(r.reg('t0')).toBe(sym(r, 'n0'));
    expect(r.reg('t1')).toBe(sym(r, 'n1'));
    expect(r.reg('t2')).toBe(sym(r, 'n2'));
    expect(r.reg('ra')).toBe(sym(r, 'n2'));
  });

  it('a backward branch loop and long displacements', async () => {
    const r = await risc(`li t0, 10\nclr t1\nl: addl t1, t0, t1\nsubl t0, 1, t0\nbne t0, l\nbr far\n.space 0x10000\nfar: beq t0, back\nbr __end\nback: lda t1, 1000(t1)\nbr __end`);
    expect(r.reg('t1')).toBe(1055);
  });

  it('all conditional branches, taken and not taken', async () => {
    const vals = [0, 1, 2, 3, 0xffffffff, 0xfffffffe, 0x80000000, 0x7fffffff];
    // for branch k and value i: t3 = 1 if not taken; stored to out + 4 * (k * 8 + i)
    const lines = ['li s0, out'];
    RISC_BRANCHES.forEach(([b], k) =>
      vals.forEach((v, i) => {
        const n = k * vals.length + i;
        lines.push(`li t0, ${v}\nclr t3\n${b} t0, t_${n}\nli t3, 1\nt_${n}: stw t3, ${4 * n}(s0)`);
      }),
    );
    const r = await risc(`${lines.join('\n')}\n.data\nout: .space ${4 * RISC_BRANCHES.length * vals.length}\n`);
    const out = sym(r, 'out');
    const got = RISC_BRANCHES.map(([b], k) => `${b}: ${vals.map((_, i) => (r.memory.load32(out + 4 * (k * vals.length + i)) ? '-' : 'T')).join('')}`);
    const want = RISC_BRANCHES.map(([b, taken]) => `${b}: ${vals.map((v) => (taken(v) ? 'T' : '-')).join('')}`);
    expect(got).toEqual(want);
    // the table (from the manual) spelled out
    expect(want).toEqual(['blbc: T-T--TT-', 'beq: T-------', 'blt: ----TTT-', 'ble: T---TTT-', 'blbs: -T-TT--T', 'bne: -TTTTTTT', 'bge: TTTT---T', 'bgt: -TTT---T']);
  });

  it('branches do not write their register', async () => {
    const r = await risc(`li t0, 5\nbne t0, a\na: bgt t0, b\nb: blbs t0, c\nc: beq t0, d\nd: nop`);
    expect(r.reg('t0')).toBe(5);
  });
});

describe('risc32 li', () => {
  const LI: Array<[string, number, number]> = [
    ['5', 5, 1],
    ['-5', 0xfffffffb, 1],
    ['0', 0, 1],
    ['32767', 0x7fff, 1],
    ['-32768', 0xffff8000, 1],
    ['0xFFFFFFFF', 0xffffffff, 1],
    ['0xFFFF8000', 0xffff8000, 1],
    ['32768', 0x8000, 2],
    ['0x12345678', 0x12345678, 2],
    ['0x00018000', 0x00018000, 2],
    ['0x7FFF8000', 0x7fff8000, 2],
    ['0x80000000', 0x80000000, 2],
    ['0xFFFF7FFF', 0xffff7fff, 2],
    ['0x10000', 0x10000, 2],
    ['-65536', 0xffff0000, 2],
    ['0x7FFFFFFF', 0x7fffffff, 2],
  ];
  it('li of constants gives the value with the manual’s instruction count', async () => {
    const body = LI.map(([e], i) => `l${i}: li t${i % 8}, ${e}\nstw t${i % 8}, ${4 * i}(s0)`).join('\n');
    const r = await risc(`li s0, out\n${body}\nlend:\n.data\nout: .space ${4 * LI.length}\n`);
    const out = sym(r, 'out');
    LI.forEach(([e, v, n], i) => {
      expect([e, hex(r.memory.load32(out + 4 * i))]).toEqual([e, hex(v)]);
      const next = i + 1 < LI.length ? sym(r, `l${i + 1}`) : sym(r, 'lend');
      expect([e, (next - sym(r, `l${i}`)) / 4 - 1]).toEqual([e, n]);
    });
  });

  it('li with a label (always two instructions), small or not', async () => {
    const r = await risc(`a: li t0, d\nb: li t1, d + 0x8000\nc: li t2, _start\nd2:\n.data\nd: .word 1\n`);
    expect(r.reg('t0')).toBe(sym(r, 'd'));
    expect(r.reg('t1')).toBe(sym(r, 'd') + 0x8000);
    expect(r.reg('t2')).toBe(0x1000);
    expect(sym(r, 'b') - sym(r, 'a')).toBe(8);
    expect(sym(r, 'd2') - sym(r, 'c')).toBe(8);
  });
});

describe('risc32 faults', () => {
  it.each(['divl', 'divlu', 'reml', 'remlu'])('%s by zero is an arithmetic fault with no effect', async (op) => {
    for (const b of ['t1', '0', 'r31']) {
      const r = await riscRaw(`.text\n_start: li t0, 7\nclr t1\nli t2, 0x99\nat: ${op} t0, ${b}, t2\nbpt\n`);
      expectFault(r, 'arithmetic fault', sym(r, 'at'));
      expect(r.reg('t2')).toBe(0x99);
      expect(r.fault!.line()).toBe(`xlat: fault: arithmetic fault at pc=${hex(sym(r, 'at'))}`);
      expect(exitStatusFor(r.fault!.kind)).toBe(136);
    }
  });

  it('xlat run: arithmetic fault exits 136 with the fault line', async () => {
    const out = await runCli('risc32', `.text\n_start: li t0, 1\ndivl t0, r31, t1\n`);
    expect(out.status).toBe(136);
    expect(out.log).toEqual(['xlat: fault: arithmetic fault at pc=0x00001004']);
  });

  it('bpt is a breakpoint; xlat exits 133', async () => {
    const r = await riscRaw(`.text\n_start: li t0, 1\nat: bpt\nli t0, 2\n`);
    expectFault(r, 'breakpoint', sym(r, 'at'));
    expect(r.reg('t0')).toBe(1);
    const out = await runCli('risc32', `.text\n_start: nop\nbpt\n`);
    expect(out.status).toBe(133);
    expect(out.log).toEqual(['xlat: fault: breakpoint at pc=0x00001004']);
  });

  const op = (o: number, rest: number) => (((o << 26) | rest) >>> 0).toString();
  it.each([
    ['the zero word', '0'],
    ['system func 0x81', op(0, 0x81)],
    ['system func 0x84', op(0, 0x84)],
    ['system func 0x80 | 1 << 25', op(0, 0x2000080)],
    ['operate with bit 13 set and bit 12 clear (addl)', op(0x10, (1 << 21) | (2 << 16) | (1 << 13) | 3)],
    ['operate with bit 15 set and bit 12 clear (bis)', op(0x11, (1 << 21) | (2 << 16) | (1 << 15) | (0x20 << 5) | 3)],
    ['unknown func in op 10', op(0x10, 0x01 << 5)],
    ['unknown func in op 11', op(0x11, 0x01 << 5)],
    ['unknown func in op 12', op(0x12, 0x00 << 5)],
    ['unknown func in op 13', op(0x13, 0x01 << 5)],
    ['unknown func in op 14', op(0x14, 0x04 << 5)],
    ['sextb with ra != r31', op(0x1c, (1 << 21) | (31 << 16) | 2)],
    ['sextb func != 0', op(0x1c, (31 << 21) | (1 << 12) | (1 << 5) | 2)],
    ['jmp kind 3', op(0x1a, (31 << 21) | (26 << 16) | (3 << 14))],
    ['opcode 0x01', op(0x01, 0)],
    ['opcode 0x15', op(0x15, 0)],
    ['opcode 0x29 (an Alpha load)', op(0x29, 0)],
    ['opcode 0x31', op(0x31, 0)],
  ])('%s is illegal', async (_, word) => {
    const r = await riscRaw(`.text\n_start: nop\nat: .word ${word}\nbpt\n`);
    expectFault(r, 'illegal instruction', sym(r, 'at'));
  });

  it('fetch faults: a jump into .data, to unmapped memory, and falling off the end of .text', async () => {
    const d = await riscRaw(`.text\n_start: li t0, d\njmp r31, (t0)\n.data\nd: .word 0\n`);
    expectFault(d, 'segmentation fault', sym(d, 'd'), sym(d, 'd'));
    expect(d.fault!.access).toBe('fetch');
    const u = await riscRaw(`.text\n_start: li t0, 0x500\njsr ra, (t0)\nback: nop\n`);
    expectFault(u, 'segmentation fault', 0x500, 0x500);
    expect(u.reg('ra')).toBe(sym(u, 'back'));
    const e = await riscRaw(`.text\n_start: nop\nnop\n`);
    expectFault(e, 'segmentation fault', 0x1008, 0x1008);
    // a partial word at the end of .text: pc and addr are the instruction's (the first byte of the access)
    const p = await riscRaw(`.text\n_start: nop\n.byte 0x1F, 0x04\n`);
    expectFault(p, 'segmentation fault', 0x1004, 0x1004);
  });

  it('maxSteps stops an infinite loop', async () => {
    const r = await riscRaw(`.text\n_start: clr t0\nl: addl t0, 1, t0\nbr l\n`, { maxSteps: 9 });
    expect([r.stop, r.steps, r.reg('t0'), r.pc]).toEqual(['max-steps', 9, 4, sym(r, 'l')]);
  });
});

describe('risc32 callsys', () => {
  const set = Array.from({ length: 31 }, (_, i) => i)
    .filter((i) => i !== 0)
    .map((i) => `li r${i}, ${0x01010101 * (i % 7) + i * 0x100}`);
  const val = (i: number) => (0x01010101 * (i % 7) + i * 0x100) >>> 0;

  it('write, bad fd, bad buffer, unknown number, brk, read: results in v0, every other register preserved', async () => {
    // a0..a2 are set per call; check all registers but v0 after each
    const calls: Array<[number, string, string, string, number, string?]> = [
      [4, '1', 'm', '3', 3],
      [4, '2', 'm', '2', 2],
      [4, '7', 'm', '3', 0xfffffff7],
      [4, '1', '0x500', '3', 0xfffffff2],
      [99, '0', '0', '0', 0xffffffda],
      [45, '0', '0', '0', 0xffffffda], // cisc32's brk number is not risc32's
      [17, '0', '0', '0', 0x3000],
      [3, '0', 'm', '3', 2],
      [3, '0', 'm', '3', 0],
      [3, '0', 'm', '4', 0xfffffff2],
    ];
    for (const [nr, a0, a1, a2, res] of calls) {
      const src = `${set.join('\n')}\nli a0, ${a0}\nli a1, ${a1}\nli a2, ${a2}\nli v0, ${nr}\ncallsys\n.data\nm: .ascii "abc"\n`;
      const pre = nr === 3 && res === 0 ? `li v0, 3\nclr a0\nli a1, m\nli a2, 3\ncallsys\n` : '';
      const r = await risc(pre + src, { stdin: 'in' });
      expect([nr, hex(r.reg('v0'))]).toEqual([nr, hex(res)]);
      const m = sym(r, 'm');
      const want = (i: number) => (i === 16 ? Number(a0) : i === 17 ? (a1 === 'm' ? m : Number(a1)) : i === 18 ? Number(a2) : val(i));
      const regs = Array.from({ length: 30 }, (_, k) => k + 1);
      expect(regs.map((i) => `r${i}=${hex(r.reg(`r${i}`))}`)).toEqual(regs.map((i) => `r${i}=${hex(want(i))}`));
      if (nr === 4 && res === 3) expect(r.stdout).toBe('abc');
      if (nr === 4 && res === 2) expect(r.stderr).toBe('ab');
    }
  });

  it('exit: status modulo 256, every register preserved', async () => {
    for (const [st, want] of [
      [256, 0],
      [-1, 255],
      [300, 44],
      [42, 42],
    ]) {
      const r = await riscRaw(`.text\n_start: ${set.join('\n')}\nli a0, ${st}\nli v0, 1\ncallsys\nbpt\n`);
      expect(r.stop).toBe('exit');
      expect(r.exitStatus).toBe(want);
      expect(r.reg('v0')).toBe(1);
      expect(r.reg('t0')).toBe(val(1));
      expect(r.reg('sp')).toBe(val(30));
    }
  });

  it('process start: every register but sp is 0, sp 16-aligned at argc', async () => {
    const r = await riscRaw(`.text\n_start: bpt\n`, { args: ['x'] });
    for (let i = 0; i < 32; i++) if (i !== 30) expect([i, r.reg(`r${i}`)]).toEqual([i, 0]);
    expect(r.reg('sp') % 16).toBe(0);
    expect(r.memory.load32(r.reg('sp'))).toBe(2);
  });
});
