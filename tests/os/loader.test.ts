import { describe, expect, it } from 'vitest';
import { loadImage } from '../../src/os/index.js';
import { MemFault } from '../../src/interp/fault.js';
import { PERM_R, PERM_W, PERM_X } from '../../src/interp/memory.js';
import { XlatError } from '../../src/spec/diagnostic.js';
import { fakeIsa, image, seg } from './fake-isa.js';

describe('loadImage', () => {
  it('maps each segment to exactly its size with its permissions', () => {
    const img = image([seg('.text', 0x1000, 5, 'rx', [1, 2, 3, 4, 5]), seg('.data', 0x2000, 0x10, 'rw', [9, 8, 7, 6])]);
    const { memory: m, entry, initialBreak } = loadImage(img, fakeIsa(), 'prog');
    expect(entry).toBe(0x1000);
    expect([...m.readBytes(0x1000, 5)]).toEqual([1, 2, 3, 4, 5]);
    expect(m.permAt(0x1004)).toBe(PERM_R | PERM_X);
    expect(m.permAt(0x1005)).toBe(0);
    expect(m.load8(0x2003)).toBe(6);
    expect(m.load8(0x200f)).toBe(0);
    expect(m.permAt(0x200f)).toBe(PERM_R | PERM_W);
    expect(() => m.load8(0x2010)).toThrow(MemFault);
    expect(() => m.store8(0x1000, 0)).toThrow(MemFault);
    expect(m.fetchable(0x1000, 8)).toBe(5);
    expect(initialBreak).toBe(0x3000);
  });

  it('maps every segment readable, whatever its flags say about r (the manuals fault no read of a mapped segment)', () => {
    const img = image([seg('.text', 0x1000, 4, 'rx', [1]), seg('.w', 0x2000, 4, 'w', [2]), seg('.x', 0x3000, 4, 'x', [3]), seg('.none', 0x4000, 4, '', [4])]);
    const { memory: m } = loadImage(img, fakeIsa(), 'prog');
    expect([m.load8(0x2000), m.load8(0x3000), m.load8(0x4000)]).toEqual([2, 3, 4]);
    expect([m.permAt(0x2000), m.permAt(0x3000), m.permAt(0x4000)]).toEqual([PERM_R | PERM_W, PERM_R | PERM_X, PERM_R]);
    // Writes and fetches still follow the flags.
    m.store8(0x2001, 9);
    expect(() => m.store8(0x3000, 0)).toThrow(MemFault);
    expect(() => m.store8(0x4000, 0)).toThrow(MemFault);
    expect(m.fetchable(0x2000, 4)).toBe(0);
    expect(m.fetchable(0x3000, 4)).toBe(4);
  });

  it('puts the initial break at the first page boundary at or after the highest end', () => {
    const isa = fakeIsa();
    expect(loadImage(image([seg('.text', 0x1000, 0x2000, 'rx')]), isa, 'p').initialBreak).toBe(0x3000);
    expect(loadImage(image([seg('.text', 0x1000, 0x2001, 'rx')]), isa, 'p').initialBreak).toBe(0x4000);
    expect(loadImage(image([seg('.bss', 0x5000, 1, 'rw'), seg('.text', 0x1000, 1, 'rx')]), isa, 'p').initialBreak).toBe(
      0x6000,
    );
  });

  it('loads big-endian images into big-endian memory', () => {
    const { memory } = loadImage(image([seg('.data', 0x1000, 4, 'r', [0, 0, 1, 2])], 0x7a7a, 'big'), fakeIsa('big'), 'p');
    expect(memory.load32(0x1000)).toBe(0x102);
  });

  it('refuses a file for another machine', () => {
    expect(() => loadImage(image([seg('.text', 0x1000, 1, 'rx')], 0x4332), fakeIsa(), 'prog.elf')).toThrow(
      new XlatError('prog.elf: machine 0x4332 is not toy32 (0x7a7a)'),
    );
  });

  it('refuses segments below 0x1000, in the stack, overlapping or above 1 GiB', () => {
    const isa = fakeIsa();
    const bad = (...s: ReturnType<typeof seg>[]) => () => loadImage(image(s), isa, 'p');
    expect(bad(seg('.text', 0xfff, 2, 'rx'))).toThrow(/^p: segment \.text .* lies below 0x00001000$/);
    expect(bad(seg('.data', 0x00eff000, 0x1001, 'rw'))).toThrow(/overlaps the stack/);
    expect(bad(seg('.data', 0x00ffffff, 1, 'rw'))).toThrow(/overlaps the stack/);
    expect(bad(seg('.text', 0x1000, 0x1001, 'rx'), seg('.data', 0x2000, 4, 'rw'))).toThrow(
      'p: segments .text and .data overlap',
    );
    expect(bad(seg('.far', 0x3ffff000, 0x1001, 'rw'))).toThrow(/address space above 0x40000000 not supported/);
    expect(bad(seg('.text', 0x1000, 1, 'rx', [1, 2]))).toThrow(/more data/);
  });

  it('accepts segments right next to the stack and above it', () => {
    const isa = fakeIsa();
    const { memory, initialBreak } = loadImage(
      image([seg('.text', 0x1000, 1, 'rx'), seg('.a', 0x00eff000, 0x1000, 'rw'), seg('.b', 0x01000000, 4, 'rw', [1])]),
      isa,
      'p',
    );
    expect(memory.load8(0x01000000)).toBe(1);
    expect(initialBreak).toBe(0x01001000);
  });
});
