import { describe, expect, it } from 'vitest';
import { MemoryIo, STACK_BASE, STACK_TOP, createProcess } from '../../src/os/index.js';
import { PERM_R, PERM_W } from '../../src/interp/memory.js';
import { XlatError } from '../../src/spec/diagnostic.js';
import { SLOT, fakeIsa, image, seg } from './fake-isa.js';

function words(p: ReturnType<typeof createProcess>, sp: number, n: number): number[] {
  const r: number[] = [];
  for (let i = 0; i < n; i++) r.push(p.memory.load32(sp + 4 * i) >>> 0);
  return r;
}

function cstr(p: ReturnType<typeof createProcess>, addr: number): string {
  let s = '';
  for (let b = p.memory.load8(addr); b !== 0; b = p.memory.load8(++addr)) s += String.fromCharCode(b);
  return s;
}

describe('createProcess', () => {
  const img = image([seg('.text', 0x1000, 4, 'rx')]);

  it('builds the start stack exactly', () => {
    const p = createProcess(img, fakeIsa(), ['prog', 'a', 'bc'], { io: new MemoryIo() });
    const sp = p.regs[SLOT.sp] >>> 0;
    expect(sp).toBe(0x00ffffd0);
    expect(sp % 16).toBe(0);
    expect(words(p, sp, 6)).toEqual([3, 0x00fffff6, 0x00fffffb, 0x00fffffd, 0, 0]);
    expect(['prog', 'a', 'bc'].map((_, i) => cstr(p, words(p, sp, 4)[i + 1]))).toEqual(['prog', 'a', 'bc']);
    expect(p.memory.load8(0x00ffffff)).toBe(0);
  });

  it('writes the start words in the ISA byte order', () => {
    const p = createProcess(image([seg('.text', 0x1000, 4, 'rx')], 0x7a7a, 'big'), fakeIsa('big'), ['x'], {
      io: new MemoryIo(),
    });
    const sp = p.regs[SLOT.sp];
    expect([...p.memory.readBytes(sp, 4)]).toEqual([0, 0, 0, 1]);
    expect(p.memory.load32(sp + 4)).toBe(STACK_TOP - 2);
  });

  it('zeroes every register but the stack pointer and starts at the entry', () => {
    const isa = fakeIsa();
    const p = createProcess({ ...img, entry: 0x1002 }, isa, ['prog'], { io: new MemoryIo() });
    expect(p.regs.length).toBe(isa.registers.length);
    p.regs.forEach((v, i) => (i === SLOT.sp ? expect(v).not.toBe(0) : expect(v).toBe(0)));
    expect(p.pc).toBe(0x1002);
    expect(p.brk).toBe(0x2000);
    expect(p.initialBreak).toBe(0x2000);
    expect(p.exited).toBe(false);
    expect(p.argv).toEqual(['prog']);
  });

  it('maps the stack region read-write and nothing below it', () => {
    const p = createProcess(img, fakeIsa(), ['prog'], { io: new MemoryIo() });
    expect(p.memory.isMapped(STACK_BASE, STACK_TOP - STACK_BASE, PERM_R | PERM_W)).toBe(true);
    expect(p.memory.permAt(STACK_BASE - 1)).toBe(0);
    expect(p.memory.permAt(STACK_TOP)).toBe(0);
    expect(p.memory.permAt(0x2000)).toBe(0); // no heap until brk
  });

  it('refuses arguments that do not fit on the stack, or no argv at all', () => {
    expect(() => createProcess(img, fakeIsa(), ['p', 'x'.repeat(STACK_TOP - STACK_BASE)], { io: new MemoryIo() })).toThrow(
      XlatError,
    );
    expect(() => createProcess(img, fakeIsa(), [], { io: new MemoryIo() })).toThrow(XlatError);
  });

  it('names the program path in load errors', () => {
    expect(() => createProcess({ ...img, machine: 1 }, fakeIsa(), ['./a.out'], { io: new MemoryIo() })).toThrow(
      './a.out: machine 0x0001 is not toy32 (0x7a7a)',
    );
  });
});
