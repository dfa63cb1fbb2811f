// cisc32 system calls through the interpreter (manual §6): exit, read, write,
// brk, errors, and that syscall preserves every register but r0 and every flag.

import { describe, expect, it } from 'vitest';
import { F, cisc, ciscRaw, expectFault, flags, hex, runCli, setFlags, sym } from '../fixtures/guest.js';

const call = (nr: number, a: string | number = 0, b: string | number = 0, c: string | number = 0) => `mov r0, ${nr}\nmov r3, ${a}\nmov r1, ${b}\nmov r2, ${c}\nsyscall`;

describe('cisc32 write', () => {
  it('writes to fd 1 and fd 2 and returns the count', async () => {
    const r = await cisc(`${call(4, 1, 'msg', 6)}\nmov r6, r0\n${call(4, 2, 'msg + 6', 4)}\nmov r7, r0\n${call(4, 1, 'msg', 0)}\n.data\nmsg: .ascii "hello\\nerr\\n"\n`);
    expect(r.stdout).toBe('hello\n');
    expect(r.stderr).toBe('err\n');
    expect(r.reg('r6')).toBe(6);
    expect(r.reg('r7')).toBe(4);
    expect(r.reg('r0')).toBe(0);
  });

  it('returns -9 (EBADF) for fd 0, 3 and -1, before looking at the buffer', async () => {
    for (const fd of [0, 3, -1, 0x80000001]) {
      const r = await cisc(`${call(4, fd, 'msg', 2)}\n.data\nmsg: .ascii "hi"\n`);
      expect(hex(r.reg('r0'))).toBe(hex(0xfffffff7));
      expect(r.stdout + r.stderr).toBe('');
    }
    const bad = await cisc(call(4, 3, 0x500, 2));
    expect(hex(bad.reg('r0'))).toBe(hex(0xfffffff7));
  });

  it('returns -14 (EFAULT) for a buffer not wholly mapped, writing nothing', async () => {
    for (const [buf, n] of [
      ['0x500', 1],
      ['msg', 3], // .data is 2 bytes
      ['msg + 2', 1],
      ['0xFFFFFFFF', 2],
      ['msg', 0x80000000],
      ['msg', 0xffffffff],
    ] as const) {
      const r = await cisc(`${call(4, 1, buf, n)}\n.data\nmsg: .ascii "hi"\n`);
      expect(hex(r.reg('r0'))).toBe(hex(0xfffffff2));
      expect(r.stdout).toBe('');
    }
  });

  it('writes from read-only .text', async () => {
    const r = await cisc(`${call(4, 1, 'txt', 3)}\njmp __end\ntxt: .ascii "abc"\n`);
    expect(r.reg('r0')).toBe(3);
    expect(r.stdout).toBe('abc');
  });
});

describe('cisc32 read', () => {
  it('reads stdin into memory, then 0 at end of input', async () => {
    const r = await cisc(`${call(3, 0, 'buf', 10)}\nmov r6, r0\n${call(3, 0, 'buf + 3', 9)}\nmov r7, r0\n.data\nbuf: .byte ${Array(12).fill('0xEE').join(', ')}\n`, { stdin: 'abc' });
    expect(r.reg('r6')).toBe(3);
    expect(r.reg('r7')).toBe(0);
    const b = sym(r, 'buf');
    expect([...Array(5)].map((_, i) => r.memory.load8(b + i))).toEqual([0x61, 0x62, 0x63, 0xee, 0xee]);
  });

  it('reads at most count bytes', async () => {
    const r = await cisc(`${call(3, 0, 'buf', 2)}\nmov r6, r0\n${call(3, 0, 'buf + 2', 8)}\nmov r7, r0\n.data\nbuf: .space 12\n`, { stdin: 'hello' });
    expect(r.reg('r6')).toBe(2);
    expect(r.reg('r7')).toBe(3);
    const b = sym(r, 'buf');
    expect(String.fromCharCode(...[...Array(6)].map((_, i) => r.memory.load8(b + i)))).toBe('hello\0');
  });

  it('read errors: fd 1 -> -9, buffer in .text or unmapped -> -14 with nothing consumed', async () => {
    const r = await cisc(
      `${call(3, 1, 'buf', 2)}\nmov r5, r0\n${call(3, 0, '_start', 2)}\nmov r6, r0\n${call(3, 0, 'buf + 2', 4)}\nmov r7, r0\n${call(3, 0, 'buf', 4)}\n.data\nbuf: .space 4\n`,
      { stdin: 'xyz' },
    );
    expect(hex(r.reg('r5'))).toBe(hex(0xfffffff7));
    expect(hex(r.reg('r6'))).toBe(hex(0xfffffff2));
    expect(hex(r.reg('r7'))).toBe(hex(0xfffffff2));
    expect(r.reg('r0')).toBe(3);
    expect(r.memory.load8(0x1000)).toBe(0xb8); // .text untouched
  });
});

describe('cisc32 brk', () => {
  it('brk(0) returns the initial break: the first 4 KiB boundary after the highest segment', async () => {
    const r = await cisc(`${call(45, 0)}\n.data\n.space 0x1234\n`);
    // .text at 0x1000, .data at 0x2000 (0x1234 bytes) -> 0x4000
    expect(hex(r.reg('r0'))).toBe(hex(0x4000));
    const t = await cisc(call(45, 0));
    expect(hex(t.reg('r0'))).toBe(hex(0x2000));
    const b = await cisc(`${call(45, 0)}\n.data\n.word 1\n.bss\n.space 0x800\n`);
    expect(hex(b.reg('r0'))).toBe(hex(0x4000));
  });

  it('growing the break maps zeroed writable memory up to the next 4 KiB boundary', async () => {
    const r = await cisc(`${call(45, 0x2000 + 0x1064)}\nmov r6, r0\nmov r3, 0x2000\nmov r7, [r3]\nmov [r3], 0x12345678\nmov r1, [r3]\nmov r2, [r3 + 0xFFC]\nmov [r3 + 0x1FFC], r1\nmov r5, [r3 + 0x1FFC]`);
    expect(hex(r.reg('r6'))).toBe(hex(0x3064));
    expect(r.reg('r7')).toBe(0);
    expect(hex(r.reg('r1'))).toBe(hex(0x12345678));
    expect(r.reg('r2')).toBe(0);
    expect(hex(r.reg('r5'))).toBe(hex(0x12345678));
    // past the rounded-up break: unmapped
    const f = await ciscRaw(`.text\n_start: ${call(45, 0x3064)}\nmov r3, 0x4000\nat: mov r0, [r3]\n`);
    expectFault(f, 'segmentation fault', sym(f, 'at'), 0x4000);
    // before any brk, the heap is unmapped
    const g = await ciscRaw(`.text\n_start: mov r3, 0x2000\nat: mov r0, [r3]\n`);
    expectFault(g, 'segmentation fault', sym(g, 'at'), 0x2000);
  });

  it('memory unmapped by a shrink reads as zero when mapped again', async () => {
    const r = await cisc(
      `${call(45, 0x4000)}\nmov r3, 0x3000\nmov [r3], 0x55\n${call(45, 0x2000)}\nmov r6, r0\n${call(45, 0x4000)}\nmov r3, 0x3000\nmov r7, [r3]`,
    );
    expect(hex(r.reg('r6'))).toBe(hex(0x2000));
    expect(r.reg('r7')).toBe(0);
  });

  it('an invalid address leaves the break alone and returns it', async () => {
    for (const addr of [0x1000, 0x1fff, 0x00f00001, 0xffffffff]) {
      const r = await cisc(`${call(45, 0x2800)}\n${call(45, addr)}`);
      expect([hex(addr), hex(r.reg('r0'))]).toEqual([hex(addr), hex(0x2800)]);
    }
    const top = await cisc(call(45, 0x00f00000));
    expect(hex(top.reg('r0'))).toBe(hex(0x00f00000));
  });
});

describe('cisc32 other calls and exit', () => {
  it('an unknown number returns -38 (ENOSYS)', async () => {
    for (const nr of [0, 2, 5, 17, 44, 46, 1000, -1]) {
      const r = await cisc(call(nr, 1, 2, 3));
      expect([nr, hex(r.reg('r0'))]).toEqual([nr, hex(0xffffffda)]);
    }
  });

  it('exit status is taken modulo 256', async () => {
    for (const [status, want] of [
      [0, 0],
      [7, 7],
      [255, 255],
      [256, 0],
      [300, 44],
      [-1, 255],
      [-256, 0],
      [0x7fffffff, 255],
    ]) {
      const r = await ciscRaw(`.text\n_start: ${call(1, status)}\nbrk\n`);
      expect(r.stop).toBe('exit');
      expect([status, r.exitStatus]).toEqual([status, want]);
    }
    const out = await runCli('cisc32', `.text\n_start: ${call(1, 258)}\n`);
    expect(out.status).toBe(2);
    expect(out.log).toEqual([]);
  });

  it('exit flushes output and leaves every register and flag as they were', async () => {
    const r = await ciscRaw(
      `.text\n_start: ${call(4, 1, 'm', 2)}\nmov r1, 0x11111111\nmov r2, 0x22222222\nmov r5, 0x55555555\nmov r6, 0x66666666\nmov r7, 0x77777777\nmov r4, 0x44444444\n${setFlags('zco', 'r0')}\nmov r0, 1\nmov r3, 9\nsyscall\n.data\nm: .ascii "ok"\n`,
    );
    expect(r.stop).toBe('exit');
    expect(r.exitStatus).toBe(9);
    expect(r.stdout).toBe('ok');
    expect(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'].map((x) => hex(r.reg(x)))).toEqual(
      [1, 0x11111111, 0x22222222, 9, 0x44444444, 0x55555555, 0x66666666, 0x77777777].map(hex),
    );
    expect(flags(r)).toEqual(F('zco'));
  });

  it.each(['zco', 'sc', 'so', 'z', ''])('write / brk / unknown preserve every register but r0 and every flag (%s)', async (f) => {
    const set = `mov r1, 0x11111111\nmov r2, 0x22222222\nmov r5, 0x55555555\nmov r6, 0x66666666\nmov r7, 0x77777777\nmov r4, 0x00F01000`;
    for (const [nr, r3, r1, r2] of [
      [4, 1, 'm', 2],
      [4, 5, 'm', 2],
      [3, 0, 'm', 2],
      [45, 0, 0, 0],
      [99, 0, 0, 0],
    ] as const) {
      const r = await cisc(`${set}\nmov r3, ${r3}\nmov r1, ${r1}\nmov r2, ${r2}\n${setFlags(f, 'r0')}\nmov r0, ${nr}\nsyscall\n.data\nm: .ascii "ok"\n`, { stdin: 'in' });
      const m = sym(r, 'm');
      expect(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'].map((x) => hex(r.reg(x)))).toEqual(
        [typeof r1 === 'string' ? m : r1, r2, r3, 0x00f01000, 0x55555555, 0x66666666, 0x77777777].map(hex),
      );
      expect(flags(r)).toEqual(F(f));
    }
  });
});
