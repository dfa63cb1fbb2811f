import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BRK_LIMIT, MemoryIo, createProcess, syscall, type Process } from '../../src/os/index.js';
import { MemFault } from '../../src/interp/fault.js';
import { PERM_R, PERM_W } from '../../src/interp/memory.js';
import { NR, SLOT, fakeIsa, image, seg } from './fake-isa.js';

const TEXT = 0x1000;
const RODATA = 0x2000; // "hello\n", read-only
const DATA = 0x3000; // 0x100 bytes read-write, ends mid-page
const BREAK0 = 0x4000;

function proc(stdin = '', readChunk = Infinity): { p: Process; io: MemoryIo } {
  const io = new MemoryIo(stdin, readChunk);
  const img = image([
    seg('.text', TEXT, 4, 'rx'),
    seg('.rodata', RODATA, 6, 'r', [...new TextEncoder().encode('hello\n')]),
    seg('.data', DATA, 0x100, 'rw'),
  ]);
  return { p: createProcess(img, fakeIsa(), ['prog'], { io }), io };
}

/** Runs one call; returns its result, checking that no other slot changed. */
function call(p: Process, nr: number, a0 = 0, a1 = 0, a2 = 0): number {
  const r = p.regs;
  r.forEach((_, i) => (r[i] = 0x5a000000 + i));
  r[SLOT.nr] = nr;
  r[SLOT.a0] = a0;
  r[SLOT.a1] = a1;
  r[SLOT.a2] = a2;
  const before = r.slice();
  expect(syscall(p, r)).toBe(false);
  r.forEach((v, i) => i !== SLOT.result && expect(v).toBe(before[i]));
  return r[SLOT.result];
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('exit', () => {
  it('ends the process with the status modulo 256 and flushes', () => {
    for (const [status, want] of [
      [0, 0],
      [300, 44],
      [-1, 255],
      [256, 0],
    ]) {
      const { p, io } = proc();
      p.regs[SLOT.nr] = NR.exit;
      p.regs[SLOT.a0] = status;
      p.regs[SLOT.result] = 1234;
      expect(syscall(p)).toBe(true);
      expect(p.exited).toBe(true);
      expect(p.exitStatus).toBe(want);
      expect(p.regs[SLOT.result]).toBe(1234);
      expect(io.flushes).toBe(1);
    }
  });
});

describe('write', () => {
  it('writes to stdout and stderr in order', () => {
    const { p, io } = proc();
    expect(call(p, NR.write, 1, RODATA, 6)).toBe(6);
    expect(call(p, NR.write, 2, RODATA, 2)).toBe(2);
    expect(call(p, NR.write, 1, RODATA + 5, 1)).toBe(1);
    expect(io.stdoutText()).toBe('hello\n\n');
    expect(io.stderrText()).toBe('he');
    expect(io.log.map((w) => w.fd)).toEqual([1, 2, 1]);
  });

  it('returns -EBADF for other fds, checked before the buffer', () => {
    const { p, io } = proc();
    expect(call(p, NR.write, 0, RODATA, 1)).toBe(-9);
    expect(call(p, NR.write, 3, RODATA, 1)).toBe(-9);
    expect(call(p, NR.write, -1, RODATA, 1)).toBe(-9);
    expect(call(p, NR.write, 3, 0, 100)).toBe(-9);
    expect(io.log).toEqual([]);
  });

  it('returns -EFAULT unless the whole buffer is readable, writing nothing', () => {
    const { p, io } = proc();
    expect(call(p, NR.write, 1, RODATA, 7)).toBe(-14); // one past the end
    expect(call(p, NR.write, 1, 0x0, 1)).toBe(-14);
    expect(call(p, NR.write, 1, DATA + 0xff, 2)).toBe(-14);
    expect(call(p, NR.write, 1, RODATA, -1)).toBe(-14); // count is unsigned
    expect(io.log).toEqual([]);
    expect(call(p, NR.write, 1, DATA + 0xff, 1)).toBe(1);
    expect(call(p, NR.write, 1, 0, 0)).toBe(0);
  });
});

describe('read', () => {
  it('reads what is there, then 0 at end of input', () => {
    const { p } = proc('abcde');
    expect(call(p, NR.read, 0, DATA, 3)).toBe(3);
    expect(text(p.memory.readBytes(DATA, 3))).toBe('abc');
    expect(call(p, NR.read, 0, DATA + 0x10, 10)).toBe(2);
    expect(text(p.memory.readBytes(DATA + 0x10, 3))).toBe('de\0');
    expect(call(p, NR.read, 0, DATA, 10)).toBe(0);
    expect(call(p, NR.read, 0, DATA, 10)).toBe(0);
  });

  it('returns short reads as the input delivers them', () => {
    const { p } = proc('abcdef', 4);
    expect(call(p, NR.read, 0, DATA, 100)).toBe(4);
    expect(call(p, NR.read, 0, DATA, 100)).toBe(2);
  });

  it('returns -EBADF for other fds, checked before the buffer', () => {
    const { p } = proc('x');
    expect(call(p, NR.read, 1, DATA, 1)).toBe(-9);
    expect(call(p, NR.read, 2, DATA, 1)).toBe(-9);
    expect(call(p, NR.read, 5, 0, 1)).toBe(-9);
    expect(call(p, NR.read, 0, DATA, 1)).toBe(1); // nothing was consumed
  });

  it('returns -EFAULT unless the whole buffer is writable, consuming nothing', () => {
    const { p } = proc('xyz');
    expect(call(p, NR.read, 0, RODATA, 1)).toBe(-14);
    expect(call(p, NR.read, 0, DATA + 0xfe, 3)).toBe(-14);
    expect(call(p, NR.read, 0, 0x10, 1)).toBe(-14);
    expect(p.memory.load8(DATA + 0xfe)).toBe(0);
    expect(call(p, NR.read, 0, DATA + 0xfd, 3)).toBe(3);
    expect(text(p.memory.readBytes(DATA + 0xfd, 3))).toBe('xyz');
    expect(call(p, NR.read, 0, DATA, 0)).toBe(0);
  });
});

describe('brk', () => {
  it('returns the current break for 0 and for invalid addresses', () => {
    const { p } = proc();
    expect(p.initialBreak).toBe(BREAK0);
    expect(call(p, NR.brk, 0)).toBe(BREAK0);
    expect(call(p, NR.brk, BREAK0 - 1)).toBe(BREAK0);
    expect(call(p, NR.brk, BRK_LIMIT + 1)).toBe(BREAK0);
    expect(call(p, NR.brk, -1)).toBe(BREAK0);
    expect(p.memory.permAt(BREAK0)).toBe(0);
  });

  it('grows the heap to the break rounded up to a page', () => {
    const { p } = proc();
    expect(call(p, NR.brk, BREAK0 + 0x10)).toBe(BREAK0 + 0x10);
    expect(p.memory.isMapped(BREAK0, 0x1000, PERM_R | PERM_W)).toBe(true);
    expect(p.memory.permAt(BREAK0 + 0x1000)).toBe(0);
    expect(call(p, NR.brk, 0)).toBe(BREAK0 + 0x10);
    expect(call(p, NR.brk, BREAK0 + 0x2001)).toBe(BREAK0 + 0x2001);
    expect(p.memory.isMapped(BREAK0, 0x3000, PERM_R | PERM_W)).toBe(true);
    expect(p.memory.permAt(BREAK0 + 0x3000)).toBe(0);
    expect(call(p, NR.brk, BREAK0 - 1)).toBe(BREAK0 + 0x2001);
  });

  it('shrinks, and memory mapped again reads zero', () => {
    const { p } = proc();
    call(p, NR.brk, BREAK0 + 0x3000);
    p.memory.store32(BREAK0 + 0x2ffc, -1);
    p.memory.store32(BREAK0, 7);
    expect(call(p, NR.brk, BREAK0 + 4)).toBe(BREAK0 + 4);
    expect(() => p.memory.load32(BREAK0 + 0x1000)).toThrow(MemFault);
    expect(p.memory.load32(BREAK0)).toBe(7); // still mapped
    expect(call(p, NR.brk, BREAK0)).toBe(BREAK0);
    expect(p.memory.permAt(BREAK0)).toBe(0);
    expect(call(p, NR.brk, BREAK0 + 0x3000)).toBe(BREAK0 + 0x3000);
    expect(p.memory.load32(BREAK0 + 0x2ffc)).toBe(0);
    expect(p.memory.load32(BREAK0)).toBe(0);
  });

  it('may reach the stack base but not pass it', () => {
    const { p } = proc();
    expect(call(p, NR.brk, BRK_LIMIT)).toBe(BRK_LIMIT);
    expect(p.memory.isMapped(BREAK0, BRK_LIMIT - BREAK0, PERM_R | PERM_W)).toBe(true);
    expect(call(p, NR.brk, BRK_LIMIT + 1)).toBe(BRK_LIMIT);
  });

  it('keeps the mapping equal to [initial, pageUp(break)) whatever the sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: BREAK0 - 0x1000, max: BREAK0 + 0x5000 }), { maxLength: 12 }), (addrs) => {
        const { p } = proc();
        let brk = BREAK0;
        for (const a of addrs) {
          if (a >= BREAK0) brk = a;
          expect(call(p, NR.brk, a)).toBe(brk);
          const top = Math.ceil(brk / 0x1000) * 0x1000;
          expect(p.memory.isMapped(BREAK0, top - BREAK0, PERM_R | PERM_W)).toBe(true);
          expect(p.memory.permAt(top)).toBe(0);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('unknown calls', () => {
  it('return -ENOSYS, whether unnamed or named but not implemented', () => {
    const { p } = proc();
    expect(call(p, 12345)).toBe(-38);
    expect(call(p, -1)).toBe(-38);
    expect(call(p, NR.bogus)).toBe(-38);
  });
});
