// The ISA back end's contract with the front end (types.ts), on both bundled
// ISAs and on a small made-up spec that reaches the paths they do not:
// big-endian tokens, shifted and offset values, a multi-token encoding.

import { describe, expect, it } from 'vitest';
import { XlatError } from '../../src/spec/diagnostic.js';
import type { IsaBackend } from '../../src/asm/backend.js';
import { backend, encodeSlots, evaluator, hex, parse, planLine } from './backend-helpers.js';

async function toy(): Promise<IsaBackend> {
  return (await backend('toy')).be;
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(XlatError);
    return (e as Error).message;
  }
  throw new Error('expected an XlatError');
}

describe('isaAssembler: what the front end reads', () => {
  it('names the ISA, its byte order and ELF machine', async () => {
    const { be: c } = await backend('cisc32');
    const { be: r } = await backend('risc32');
    expect([c.name, c.endian, c.elfMachine]).toEqual(['cisc32', 'little', 0x4332]);
    expect([r.name, r.endian, r.elfMachine]).toEqual(['risc32', 'little', 0x5232]);
  });

  it('offers the spec operand prefixes and two-word mnemonic prefixes', async () => {
    const { be: c } = await backend('cisc32');
    const { be: r } = await backend('risc32');
    expect(c.operandPrefixes).toEqual(['byte']);
    expect(c.mnemonicPrefixes).toEqual(['rep']);
    expect(r.operandPrefixes).toEqual([]);
    expect(r.mnemonicPrefixes).toEqual([]);
  });

  it('knows register names and aliases, but not flags', async () => {
    const { be: c } = await backend('cisc32');
    const { be: r } = await backend('risc32');
    for (const n of ['r0', 'r7', 'sp', 'fp']) expect(c.isRegister(n)).toBe(true);
    for (const n of ['r8', 'z', 's', 'c', 'o', 'eax', 'byte']) expect(c.isRegister(n)).toBe(false);
    for (const n of ['r0', 'r31', 'zero', 'ra', 'sp', 'gp', 'at', 't12', 'pv', 'a5']) expect(r.isRegister(n)).toBe(true);
    for (const n of ['r32', 'a6', 't13']) expect(r.isRegister(n)).toBe(false);
  });

  it('plans a flag name as an ordinary symbol operand', async () => {
    const { be } = await backend('cisc32');
    expect(encodeSlots(planLine(be, 'jmp c', { labels: { c: 0x1000 } }), { labels: { c: 0x1000 } })).toBe('eb fe');
  });
});

describe('plan errors', () => {
  it('names an unknown instruction', async () => {
    const { be } = await backend('cisc32');
    expect(errorOf(() => planLine(be, 'foo r0, 1', {}, 3))).toBe("prog.s:3:1: unknown instruction 'foo'");
    expect(errorOf(() => planLine(be, 'rep lodsb'))).toBe("prog.s:1:1: unknown instruction 'rep lodsb'");
  });

  it('names the operand shapes no form takes', async () => {
    const { be } = await backend('cisc32');
    expect(errorOf(() => planLine(be, 'add r0, 5, [r3]'))).toBe(
      "prog.s:1:1: no form of 'add' takes operands (register, immediate, memory)",
    );
    expect(errorOf(() => planLine(be, 'ret r0'))).toBe("prog.s:1:1: no form of 'ret' takes operands (register)");
    expect(errorOf(() => planLine(be, 'push'))).toBe("prog.s:1:1: no form of 'push' takes no operands");
    expect(errorOf(() => planLine(be, 'movzx r0, [r3]'))).toBe("prog.s:1:1: no form of 'movzx' takes operands (register, memory)");
    expect(errorOf(() => planLine(be, 'mov byte r0, 5'))).toBe("prog.s:1:1: no form of 'mov' takes operands (byte register, immediate)");
  });

  it('rejects a paren memory operand on cisc32 and a bracket one on risc32', async () => {
    const { be: c } = await backend('cisc32');
    const { be: r } = await backend('risc32');
    expect(errorOf(() => planLine(c, 'mov r0, 4(r3)'))).toMatch(/no form of 'mov'/);
    expect(errorOf(() => planLine(r, 'ldw r1, [r2]'))).toMatch(/no form of 'ldw'/);
  });
});

describe('forms', () => {
  it('lists every matching variant, shortest first, ties in spec order', async () => {
    const { be } = await backend('cisc32');
    const lengths = (line: string, syms = {}): number[] => planLine(be, line, syms)[0].forms.map((f) => f.length);
    expect(lengths('add r0, 5')).toEqual([3, 6]);
    expect(lengths('add r0, r1')).toEqual([2, 2]);
    expect(lengths('mov r0, 5')).toEqual([5, 6]);
    expect(lengths('jmp x', { labels: { x: 0 } })).toEqual([2, 5]);
    expect(lengths('mov r0, [r3 + x]', { labels: { x: 0 } })).toEqual([2, 3, 6]);
    expect(lengths('mov r0, [r3 + 8]')).toEqual([3, 6]);
    expect(lengths('mov r0, [r3 + 0]')).toEqual([2, 3, 6]);
    expect(lengths('add [r3 + 8], 5')).toEqual([4, 7, 7, 10]);
  });

  it('fits() says why a form does not fit, and null when it does', async () => {
    const { be } = await backend('cisc32');
    const [slot] = planLine(be, 'add r0, n', { equs: { n: 300 } });
    const ev = evaluator({ equs: { n: 300 } });
    expect(slot.forms[0].fits(ev, 0x1000)).toBe("value 300 does not fit 'add' sb (-128..127)");
    expect(slot.forms[1].fits(ev, 0x1000)).toBeNull();
  });

  it('counts an unknown value as fitting', async () => {
    const { be } = await backend('cisc32');
    const [slot] = planLine(be, 'jmp far', { labels: { far: 0x9000 } });
    expect(slot.forms[0].fits(evaluator({}, false), 0x1000)).toBeNull();
    expect(slot.forms[0].fits(evaluator({ labels: { far: 0x9000 } }), 0x1000)).toMatch(/out of reach/);
  });

  it('a displacement that comes to 0 only once labels are known takes the form without one', async () => {
    const { be } = await backend('cisc32');
    const syms = { labels: { a: 0x2000, b: 0x2000 } };
    const slots = planLine(be, 'mov r0, [r3 + b - a]', syms);
    expect(slots[0].forms[0].fits(evaluator(syms), 0x1000)).toBeNull();
    expect(encodeSlots(slots, syms)).toBe('8b 03');
    const moved = { labels: { a: 0x2000, b: 0x2004 } };
    expect(slots[0].forms[0].fits(evaluator(moved), 0x1000)).toBe('displacement 4 is not 0');
    expect(encodeSlots(slots, moved)).toBe('8b 43 04');
  });

  it('reports a value that fits no form at encode, at the operand', async () => {
    const { be } = await backend('cisc32');
    expect(errorOf(() => encodeSlots(planLine(be, 'add r0, 0x100000000', {}, 7)))).toBe(
      'prog.s:7:9: value 4294967296 out of range -2147483648..4294967295',
    );
    expect(errorOf(() => encodeSlots(planLine(be, 'add r0, -0x80000001')))).toMatch(/value -2147483649 out of range/);
  });

  it('joins a two-word mnemonic handed over as mnemonic and symbol', async () => {
    const { be } = await backend('cisc32');
    const p = parse(be, 'rep movsb', 1, false);
    expect(p.mnemonic).toBe('rep');
    expect(p.operands).toHaveLength(1);
    const slots = be.plan(p.mnemonic, p.operands, p.loc, evaluator());
    expect(encodeSlots(slots)).toBe('f3 a4');
  });

  it('takes mnemonics in any case', async () => {
    const { be } = await backend('cisc32');
    expect(encodeSlots(planLine(be, 'ADD r0, r1'))).toBe('01 c8');
    expect(encodeSlots(planLine(be, 'Rep StosB'))).toBe('f3 aa');
  });
});

describe('a made-up big-endian ISA', () => {
  it('encodes big-endian tokens', async () => {
    const be = await toy();
    expect(be.endian).toBe('big');
    // op 1, ra 3, imm -1: 0001 011 111111111
    expect(encodeSlots(planLine(be, 'ldi q3, -1'))).toBe('17 ff');
    expect(encodeSlots(planLine(be, 'lx q1, 0xBEEF'))).toBe('52 00 be ef');
  });

  it('runs a shift backwards: low bits must be 0', async () => {
    const be = await toy();
    expect(encodeSlots(planLine(be, 'ldp q0, 0x1230'))).toBe(hex([0x21, 0x23]));
    expect(errorOf(() => encodeSlots(planLine(be, 'ldp q0, 0x1231')))).toBe(
      "prog.s:1:9: value 4657 of 'ldp' page is not a multiple of 16",
    );
    expect(errorOf(() => encodeSlots(planLine(be, 'ldp q0, 0x2000')))).toBe(
      "prog.s:1:9: value 8192 does not fit 'ldp' page (0..8176)",
    );
  });

  it('runs an offset backwards on an unsigned field without wrapping', async () => {
    const be = await toy();
    expect(encodeSlots(planLine(be, 'ldo q0, -100'))).toBe('30 00');
    expect(encodeSlots(planLine(be, 'ldo q0, 155'))).toBe('30 ff');
    expect(encodeSlots(planLine(be, 'ldo q0, 411'))).toBe('31 ff');
    expect(errorOf(() => encodeSlots(planLine(be, 'ldo q0, 412')))).toBe(
      "prog.s:1:9: value 412 does not fit 'ldo' off (-100..411)",
    );
    expect(errorOf(() => encodeSlots(planLine(be, 'ldo q0, -101')))).toMatch(/value -101 does not fit 'ldo' off/);
    expect(errorOf(() => encodeSlots(planLine(be, 'ldo q0, 0xFFFFFF9C')))).toMatch(/does not fit 'ldo' off/);
  });

  it('scales a pc-relative target, and says when it is not a multiple', async () => {
    const be = await toy();
    const at = (t: number, addr = 0x1000): string => encodeSlots(planLine(be, 'b t', { labels: { t } }), { labels: { t } }, addr);
    expect(at(0x1002)).toBe('40 00');
    expect(at(0x1000)).toBe('41 ff');
    expect(at(0x1002 + 255 * 2)).toBe('40 ff');
    expect(errorOf(() => at(0x1002 + 256 * 2))).toBe('prog.s:1:3: b target out of reach (512 bytes, -512..510)');
    expect(errorOf(() => at(0x1005))).toBe('prog.s:1:3: b target is 3 bytes from the next instruction, not a multiple of 2');
  });

  it('expands pseudo-instructions with computed values', async () => {
    const be = await toy();
    expect(encodeSlots(planLine(be, 'zero q5'))).toBe('1a 00');
    // e = 0x3FF: ldi q1, 0x3FF >>s 9 = 1; ldo q1, (0xFF) - 100 = 155 -> uimm 255
    expect(encodeSlots(planLine(be, 'ld2 q1, 0x3FF'))).toBe('12 01 32 ff');
  });
});
