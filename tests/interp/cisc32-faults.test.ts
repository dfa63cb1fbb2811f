// cisc32 faults on the interpreter (manual §5): illegal encodings, breakpoint,
// memory faults on load / store / fetch with their exact pc and addr, precise
// faults (no effect), rep movsb / rep stosb including a fault part-way, and
// the step limit.

import { describe, expect, it } from 'vitest';
import { exitStatusFor } from '../../src/interp/fault.js';
import { F, cisc, ciscRaw, expectFault, flags, hex, runCli, segment, setFlags, sym } from '../fixtures/guest.js';

const bytesAt = (r: { memory: { load8(a: number): number } }, addr: number, n: number) => [...Array(n)].map((_, i) => r.memory.load8(addr + i));
const str = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe('cisc32 rep movsb / rep stosb', () => {
  it('rep movsb copies r1 bytes forward and leaves r1 = 0, r6/r7 past the end', async () => {
    const r = await cisc(
      `mov r6, src\nmov r7, dst\nmov r1, 10\nmov r0, 0x77\n${setFlags('zco')}\nrep movsb\n.data\nsrc: .ascii "0123456789XYZ"\ndst: .byte ${Array(12).fill('0xEE').join(', ')}\n`,
    );
    const src = sym(r, 'src');
    const dst = sym(r, 'dst');
    expect(bytesAt(r, dst, 12)).toEqual([...str('0123456789'), 0xee, 0xee]);
    expect(r.reg('r1')).toBe(0);
    expect(r.reg('r6')).toBe(src + 10);
    expect(r.reg('r7')).toBe(dst + 10);
    expect(r.reg('r0')).toBe(0x77);
    expect(flags(r)).toEqual(F('zco'));
  });

  it('rep stosb stores the low byte of r0 r1 times', async () => {
    const r = await cisc(`mov r7, dst + 1\nmov r1, 7\nmov r0, 0x1234AB\nmov r6, 0x66\n${setFlags('so')}\nrep stosb\n.data\ndst: .space 10\n`);
    const dst = sym(r, 'dst');
    expect(bytesAt(r, dst, 10)).toEqual([0, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0xab, 0, 0]);
    expect(r.reg('r1')).toBe(0);
    expect(r.reg('r7')).toBe(dst + 8);
    expect(r.reg('r6')).toBe(0x66);
    expect(hex(r.reg('r0'))).toBe(hex(0x1234ab));
    expect(flags(r)).toEqual(F('so'));
  });

  it('r1 = 0 does nothing (even with r6/r7 unmapped)', async () => {
    const r = await cisc(`mov r6, 0x10\nmov r7, 0x20\nmov r1, 0\nmov r0, 0x55\n${setFlags('c')}\nrep movsb\nrep stosb`);
    expect(r.reg('r6')).toBe(0x10);
    expect(r.reg('r7')).toBe(0x20);
    expect(r.reg('r1')).toBe(0);
    expect(flags(r)).toEqual(F('c'));
  });

  it('rep movsb runs byte by byte: an overlapping copy forward replicates the first byte', async () => {
    const r = await cisc(`mov r6, s\nmov r7, s + 1\nmov r1, 5\nrep movsb\n.data\ns: .ascii "ABCDEFG"\n`);
    expect(bytesAt(r, sym(r, 's'), 7)).toEqual(str('AAAAAAG'));
  });

  it('a rep movsb whose destination runs off the end of .data faults part-way', async () => {
    // .data is 14 bytes: dst + 4 is the first unmapped byte
    const r = await ciscRaw(`.text\n_start: mov r6, src\nmov r7, dst\nmov r1, 10\nat: rep movsb\nbrk\n.data\nsrc: .ascii "ABCDEFGHIJ"\ndst: .space 4\n`);
    const src = sym(r, 'src');
    const dst = sym(r, 'dst');
    expect(segment(r, '.data').size).toBe(14);
    expectFault(r, 'segmentation fault', sym(r, 'at'), dst + 4);
    expect(r.fault!.access).toBe('write');
    expect(r.reg('r1')).toBe(6);
    expect(r.reg('r6')).toBe(src + 4);
    expect(r.reg('r7')).toBe(dst + 4);
    expect(bytesAt(r, dst, 4)).toEqual(str('ABCD'));
  });

  it('a rep movsb whose destination runs into a read-only section faults there', async () => {
    // .rw is exactly one page, so .ro follows it immediately
    const r = await ciscRaw(
      `.text\n_start: mov r6, src\nmov r7, tail\nmov r1, 6\nat: rep movsb\nbrk\n.section .rw, "rw"\nsrc: .ascii "abcdef"\n.space 4096 - 6 - 3\ntail: .space 3\n.section .ro, "r"\nro: .byte 1, 2, 3, 4\n`,
    );
    const ro = sym(r, 'ro');
    expect(ro).toBe(sym(r, 'tail') + 3);
    expectFault(r, 'segmentation fault', sym(r, 'at'), ro);
    expect(r.reg('r1')).toBe(3);
    expect(r.reg('r6')).toBe(sym(r, 'src') + 3);
    expect(r.reg('r7')).toBe(ro);
    expect(bytesAt(r, sym(r, 'tail'), 3)).toEqual(str('abc'));
    expect(bytesAt(r, ro, 4)).toEqual([1, 2, 3, 4]);
  });

  it('a rep movsb into read-only .text faults on the first byte with nothing changed', async () => {
    const r = await ciscRaw(`.text\n_start: mov r6, src\nmov r7, _start\nmov r1, 5\nat: rep movsb\nbrk\n.data\nsrc: .ascii "abcde"\n`);
    expectFault(r, 'segmentation fault', sym(r, 'at'), 0x1000);
    expect(r.reg('r1')).toBe(5);
    expect(r.reg('r6')).toBe(sym(r, 'src'));
    expect(r.reg('r7')).toBe(0x1000);
    expect(r.memory.load8(0x1000)).toBe(0xbe); // mov r6, imm
  });

  it('a rep movsb whose source runs off the end of .data faults part-way', async () => {
    const r = await ciscRaw(`.text\n_start: mov r6, last2\nmov r7, dst\nmov r1, 5\nat: rep movsb\nbrk\n.data\ndst: .space 8\nlast2: .byte 0x61, 0x62\n`);
    expectFault(r, 'segmentation fault', sym(r, 'at'), sym(r, 'last2') + 2);
    expect(r.fault!.access).toBe('read');
    expect(r.reg('r1')).toBe(3);
    expect(r.reg('r6')).toBe(sym(r, 'last2') + 2);
    expect(r.reg('r7')).toBe(sym(r, 'dst') + 2);
    expect(bytesAt(r, sym(r, 'dst'), 3)).toEqual([0x61, 0x62, 0]);
  });

  it('a rep stosb faults part-way at the end of .data', async () => {
    const r = await ciscRaw(`.text\n_start: mov r7, d\nmov r0, 0x5A\nmov r1, 100\nat: rep stosb\nbrk\n.data\nd: .space 6\n`);
    expectFault(r, 'segmentation fault', sym(r, 'at'), sym(r, 'd') + 6);
    expect(r.reg('r1')).toBe(94);
    expect(r.reg('r7')).toBe(sym(r, 'd') + 6);
    expect(bytesAt(r, sym(r, 'd'), 6)).toEqual(Array(6).fill(0x5a));
  });
});

describe('cisc32 illegal instructions and breakpoints', () => {
  it('ud is an illegal instruction at its own pc; xlat exits 132', async () => {
    const r = await ciscRaw(`.text\n_start: mov r0, 3\nat: ud\nmov r0, 4\n`);
    expectFault(r, 'illegal instruction', sym(r, 'at'));
    expect(r.reg('r0')).toBe(3);
    expect(r.fault!.line()).toBe(`xlat: fault: illegal instruction at pc=${hex(sym(r, 'at'))}`);
    expect(exitStatusFor(r.fault!.kind)).toBe(132);
  });

  it.each([
    ['setcc with mod=0', '0x0F, 0x90, 0x00'],
    ['jcc with cc=10', '0x7A, 0x00'],
    ['opcode 00 (not an 8k+1 / 8k+3 form)', '0x00, 0xC0'],
    ['opcode 02', '0x02, 0xC0'],
    ['opcode 3A', '0x3A, 0xC0'],
    ['opcode 80', '0x80, 0xC0, 0x01'],
    ['opcode 84', '0x84, 0xC0'],
    ['opcode 8A', '0x8A, 0xC0'],
    ['opcode 9C', '0x9C'],
    ['opcode C2', '0xC2, 0, 0'],
    ['F3 not followed by A4 / AA', '0xF3, 0x90'],
    ['F3 A5', '0xF3, 0xA5'],
    ['shift group /2', '0xC1, 0xD0, 0x01'],
    ['shift group /3', '0xD3, 0xD8'],
    ['shift group /6', '0xD3, 0xF0'],
    ['F7 /1', '0xF7, 0xC8, 0, 0, 0, 0'],
    ['F7 /4', '0xF7, 0xE0'],
    ['FF /0', '0xFF, 0xC0'],
    ['FF /3', '0xFF, 0xD8'],
    ['FF /6', '0xFF, 0xF0'],
    ['C7 /1', '0xC7, 0xC8, 0, 0, 0, 0'],
    ['81 is fine but 82 is not', '0x82, 0xC0, 0x01'],
    ['0F 0F', '0x0F, 0x0F'],
    ['0F B7', '0x0F, 0xB7, 0xC0'],
    ['0F F4', '0x0F, 0xF4, 0xC0'],
    ['0F 06', '0x0F, 0x06'],
    ['lea with mod=3', '0x8D, 0xC0'],
  ])('%s', async (_, bytes) => {
    const r = await ciscRaw(`.text\n_start: nop\nat: .byte ${bytes}\n.byte 0xCC, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC\n`);
    expectFault(r, 'illegal instruction', sym(r, 'at'));
  });

  it('brk is a breakpoint at its pc that changes nothing; xlat exits 133', async () => {
    const r = await ciscRaw(`.text\n_start: mov r0, 1\n${setFlags('zco')}\nat: brk\nmov r0, 2\n`);
    expectFault(r, 'breakpoint', sym(r, 'at'));
    expect(r.reg('r0')).toBe(1);
    expect(flags(r)).toEqual(F('zco'));
    const out = await runCli('cisc32', `.text\n_start: nop\nnop\nbrk\n`);
    expect(out.status).toBe(133);
    expect(out.log).toEqual(['xlat: fault: breakpoint at pc=0x00001002']);
  });
});

describe('cisc32 memory faults', () => {
  it('a load from an unmapped address faults with addr = that address; xlat exits 139', async () => {
    const r = await ciscRaw(`.text\n_start: mov r3, 0x500\nmov r0, 7\nat: mov r0, [r3 + 4]\nbrk\n`);
    expectFault(r, 'segmentation fault', sym(r, 'at'), 0x504);
    expect(r.fault!.access).toBe('read');
    expect(r.reg('r0')).toBe(7);
    expect(r.fault!.line()).toBe(`xlat: fault: segmentation fault at pc=${hex(sym(r, 'at'))} addr=0x00000504`);
    const out = await runCli('cisc32', `.text\n_start: mov r3, 0x12345\nmov [r3], r0\n`);
    expect(out.status).toBe(139);
    expect(out.log).toEqual(['xlat: fault: segmentation fault at pc=0x00001005 addr=0x00012345']);
  });

  it('a 4-byte load at the last 2 bytes of .data faults at the FIRST byte of the access', async () => {
    // .data is 6 bytes: d+4 and d+5 are mapped, d+6 is not
    const src = (insn: string) => `.text\n_start: mov r3, d\nmov r0, 0x99\n${setFlags('sc')}\nat: ${insn}\nbrk\n.data\nd: .word 0x11223344\n.byte 0x55, 0x66\n`;
    const insns = ['mov r0, [r3 + 4]', 'add r0, [r3 + 4]', 'mov [r3 + 4], r0', 'add [r3 + 4], r0', 'cmp [r3 + 5], 1', 'mov [r3 + 3], 0x12345678'];
    insns.push('imul r0, [r3 + 4]', 'cmove r0, [r3 + 4]', 'divu r0, [r3 + 4]', 'jmp [r3 + 4]', 'call [r3 + 4]', 'not [r3 + 4]', 'shl [r3 + 4], 1');
    for (const insn of insns) {
      const r = await ciscRaw(src(insn));
      const d = sym(r, 'd');
      const disp = Number(/\+ (\d)/.exec(insn)![1]);
      expectFault(r, 'segmentation fault', sym(r, 'at'), d + disp);
      expect(r.reg('r0')).toBe(0x99);
      expect(flags(r)).toEqual(F('sc'));
      expect(bytesAt(r, d, 6)).toEqual([0x44, 0x33, 0x22, 0x11, 0x55, 0x66]);
    }
    // byte accesses to the last byte work, the byte after faults
    const ok = await cisc(`mov r3, d\nmovzx r0, byte [r3 + 5]\nmov byte [r3 + 5], r3\nmovzx r1, byte [r3 + 5]\n.data\nd: .word 0x11223344\n.byte 0x55, 0x66\n`);
    expect(ok.reg('r0')).toBe(0x66);
    expect(ok.reg('r1')).toBe(sym(ok, 'd') & 0xff);
    const bad = await ciscRaw(src('movzx r0, byte [r3 + 6]'));
    expectFault(bad, 'segmentation fault', sym(bad, 'at'), sym(bad, 'd') + 6);
  });

  it('a store to read-only .text faults with no effect', async () => {
    const r = await ciscRaw(`.text\n_start: mov r3, _start\nmov r0, 0xAABBCCDD\n${setFlags('o')}\nat: mov [r3], r0\nbrk\n`);
    expectFault(r, 'segmentation fault', sym(r, 'at'), 0x1000);
    expect(r.fault!.access).toBe('write');
    expect(bytesAt(r, 0x1000, 5)).toEqual([0xbb, 0x00, 0x10, 0x00, 0x00]); // mov r3, 0x1000
    for (const insn of ['add [r3 + 1], 1', 'mov byte [r3], r0', 'neg [r3]', 'not [r3]', 'shl [r3], 1', 'mov [r3 + 2], 5', 'sub [r3], r0', 'adc [r3 - 0 + 1], 0x12345']) {
      const q = await ciscRaw(`.text\n_start: mov r3, _start\nmov r0, 0xAABBCCDD\n${setFlags('o')}\nat: ${insn}\nbrk\n`);
      expectFault(q, 'segmentation fault', sym(q, 'at'));
      expect(q.fault!.access).toBe('write');
      expect(bytesAt(q, 0x1000, 5)).toEqual([0xbb, 0x00, 0x10, 0x00, 0x00]);
      expect(flags(q)).toEqual(F('o'));
    }
  });

  it('push, call and pop with sp at the edges of the stack fault at the first byte, sp unchanged', async () => {
    // the stack is [0x00F00000, 0x01000000)
    for (const [sp, insn, addr] of [
      [0x00f00002, 'push r0', 0x00effffe],
      [0x00f00002, 'push 5', 0x00effffe],
      [0x00f00002, 'call f', 0x00effffe],
      [0x00f00002, 'call r3', 0x00effffe],
      [0x00fffffe, 'pop r0', 0x00fffffe],
      [0x00fffffe, 'ret', 0x00fffffe],
      [0x01000000, 'pop r0', 0x01000000],
      [0x00f00000, 'push sp', 0x00effffc],
    ] as const) {
      const r = await ciscRaw(`.text\n_start: mov r3, f\nmov sp, ${sp}\nat: ${insn}\nf: brk\n`);
      expectFault(r, 'segmentation fault', sym(r, 'at'), addr);
      expect(r.reg('sp')).toBe(sp);
      expect(r.reg('r0')).toBe(0);
    }
  });

  it('lea of an unmapped address does not fault', async () => {
    const r = await cisc(`mov r3, 0\nlea r0, [r3 + 0x500]\nmov r3, 0xFFFFFFFC\nlea r1, [r3]`);
    expect(r.reg('r0')).toBe(0x500);
    expect(hex(r.reg('r1'))).toBe(hex(0xfffffffc));
  });

  it('a load at the top of the address space faults', async () => {
    const r = await ciscRaw(`.text\n_start: mov r3, 0xFFFFFFFE\nat: mov r0, [r3]\n`);
    expectFault(r, 'segmentation fault', sym(r, 'at'), 0xfffffffe);
  });
});

describe('cisc32 fetch faults', () => {
  it('a jump into .data (not executable) faults at the target', async () => {
    const r = await ciscRaw(`.text\n_start: mov r0, d\njmp r0\n.data\nd: .byte 0x90, 0x90\n`);
    expectFault(r, 'segmentation fault', sym(r, 'd'), sym(r, 'd'));
    expect(r.fault!.access).toBe('fetch');
  });

  it('a call into .data pushes the return address, then faults at the target', async () => {
    const r = await ciscRaw(`.text\n_start: mov r6, sp\ncall d\nret_here: brk\n.data\nd: .byte 0xC3\n`);
    expectFault(r, 'segmentation fault', sym(r, 'd'), sym(r, 'd'));
    expect(r.reg('sp')).toBe(r.reg('r6') - 4);
    expect(r.memory.load32(r.reg('sp'))).toBe(sym(r, 'ret_here'));
  });

  it('jumps to the stack and to unmapped memory fault at the target', async () => {
    const s = await ciscRaw(`.text\n_start: push 0x90909090\njmp sp\n`);
    expectFault(s, 'segmentation fault', s.reg('sp'), s.reg('sp'));
    const u = await ciscRaw(`.text\n_start: mov r0, 0x500\ncall r0\n`);
    expectFault(u, 'segmentation fault', 0x500, 0x500);
  });

  it('an instruction running off the end of .text faults at the instruction, addr = its first byte (the first byte of the access, §5)', async () => {
    for (const tail of ['0xB8', '0xB8, 0x01, 0x02', '0x0F', '0x81, 0xC0, 1, 2, 3', '0xE8, 0, 0, 0']) {
      const r = await ciscRaw(`.text\n_start: nop\nat: .byte ${tail}\n`);
      const end = 0x1001 + tail.split(',').length;
      expect(segment(r, '.text')).toEqual({ start: 0x1000, size: end - 0x1000 });
      expectFault(r, 'segmentation fault', 0x1001, 0x1001);
      expect(r.fault!.access).toBe('fetch');
    }
  });

  it('a 10-byte instruction that ends exactly at the end of .text runs; the next fetch faults', async () => {
    const r = await ciscRaw(`.text\n_start: mov r3, buf\nlast: add [r3 + 0x1000], 0x12345678\n.data\nbuf: .space 0x1004\n`);
    const last = sym(r, 'last');
    expect(segment(r, '.text').size + 0x1000 - last).toBe(10);
    expectFault(r, 'segmentation fault', last + 10, last + 10);
    expect(hex(r.memory.load32(sym(r, 'buf') + 0x1000))).toBe(hex(0x12345678));
  });

  it('falling off the end of .text after a whole instruction faults at the end', async () => {
    const r = await ciscRaw(`.text\n_start: nop\nnop\n`);
    expectFault(r, 'segmentation fault', 0x1002, 0x1002);
  });

  it('a jump into the middle of an instruction runs the bytes found there', async () => {
    // mov r0, 0x0000C340 is B8 40 C3 00 00: from x + 1 it reads inc r0; ret
    const r = await cisc(`push back\njmp x + 1\nback: jmp __end\nx: mov r0, 0x0000C340`);
    expect(r.reg('r0')).toBe(1);
  });
});

describe('cisc32 step limit', () => {
  it('maxSteps stops an infinite loop with stop max-steps at the next instruction', async () => {
    const r = await ciscRaw(`.text\n_start: mov r0, 1\nl: inc r0\njmp l\n`, { maxSteps: 11 });
    expect(r.stop).toBe('max-steps');
    expect(r.steps).toBe(11);
    expect(r.reg('r0')).toBe(6);
    expect(r.pc).toBe(sym(r, 'l'));
    const q = await ciscRaw(`.text\n_start: l: jmp l\n`, { maxSteps: 1000 });
    expect([q.stop, q.steps, q.pc]).toEqual(['max-steps', 1000, 0x1000]);
  });
});
