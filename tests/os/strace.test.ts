// --strace lines (src/os/strace.ts), as syscall() reports them: the call by
// name, buffers quoted as strace quotes them, errors by errno name.

import { describe, expect, it } from 'vitest';
import { MemoryIo, createProcess, syscall, type Process } from '../../src/os/index.js';
import { NR, SLOT, fakeIsa, image, seg } from './fake-isa.js';

const DATA = 0x3000; // 0x100 bytes read-write, ends mid-page

function traced(stdin = ''): { p: Process; lines: string[] } {
  const img = image([seg('.text', 0x1000, 4, 'rx'), seg('.data', DATA, 0x100, 'rw')]);
  const p = createProcess(img, fakeIsa(), ['prog'], { io: new MemoryIo(stdin) });
  const lines: string[] = [];
  p.strace = (l) => lines.push(l);
  return { p, lines };
}

function call(p: Process, nr: number, a0 = 0, a1 = 0, a2 = 0): void {
  p.regs[SLOT.nr] = nr;
  p.regs[SLOT.a0] = a0;
  p.regs[SLOT.a1] = a1;
  p.regs[SLOT.a2] = a2;
  syscall(p, p.regs);
}

describe('strace lines', () => {
  it('quotes a buffer with escapes, cut at 32 bytes', () => {
    const { p, lines } = traced();
    p.memory.writeBytes(DATA, new Uint8Array([0x41, 0x22, 0x5c, 0x0a, 0x09, 0x00, 0x7f, 0xff]));
    call(p, NR.write, 1, DATA, 8);
    p.memory.writeBytes(DATA + 16, new TextEncoder().encode('0123456789abcdefghijklmnopqrstuvwxyz'));
    call(p, NR.write, 2, DATA + 16, 36);
    expect(lines).toEqual(['write(1, "A\\"\\\\\\n\\t\\x00\\x7f\\xff", 8) = 8', 'write(2, "0123456789abcdefghijklmnopqrstuv"..., 36) = 36']);
  });

  it('shows an address where the bytes cannot be read, and errors by name', () => {
    const { p, lines } = traced();
    call(p, NR.write, 1, DATA + 0xf0, 0x20); // runs off the mapped end
    call(p, NR.write, 5, DATA, 1);
    call(p, NR.read, 0, 0x10, 4);
    expect(lines).toEqual(['write(1, 0x30f0, 32) = -14 EFAULT', 'write(5, "\\x00", 1) = -9 EBADF', 'read(0, 0x10, 4) = -14 EFAULT']);
  });

  it('read shows the bytes read, or the address when none were', () => {
    const { p, lines } = traced('hey');
    call(p, NR.read, 0, DATA, 16);
    call(p, NR.read, 0, DATA, 16);
    expect(lines).toEqual(['read(0, "hey", 16) = 3', 'read(0, 0x3000, 16) = 0']);
  });

  it('brk in hex, an unknown number or call with its raw arguments, exit without a result', () => {
    const { p, lines } = traced();
    call(p, NR.brk, 0);
    call(p, 123, 1, -1, 3);
    call(p, NR.bogus, 4);
    call(p, NR.exit, 300);
    expect(lines).toEqual([
      `brk(0x0) = 0x${p.initialBreak.toString(16)}`,
      'syscall_123(0x1, 0xffffffff, 0x3) = -38 ENOSYS',
      'frobnicate(0x4, 0x0, 0x0) = -38 ENOSYS',
      'exit(300) = ?',
    ]);
    expect(p.exitStatus).toBe(300 & 0xff);
  });
});
