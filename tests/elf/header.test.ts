import { describe, expect, it } from 'vitest';
import type { ElfImage } from '../../src/elf/index.js';
import { writeElf } from '../../src/elf/index.js';
import { CISC32, EH, Patcher, STACK32, sampleImage } from './fixtures.js';

function tiny(endian: 'little' | 'big', machine: number): ElfImage {
  return {
    endian,
    machine,
    entry: 0x12345678,
    segments: [{ name: '.text', vaddr: 0x12345678, flags: { r: true, w: false, x: true }, data: new Uint8Array([0x90]), memSize: 1 }],
    symbols: [],
    notes: [],
  };
}

describe('writeElf header bytes', () => {
  it('writes a little-endian ELF32 executable header', () => {
    const f = writeElf(tiny('little', CISC32));
    expect([...f.subarray(0, 16)]).toEqual([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect([...f.subarray(16, 18)]).toEqual([2, 0]); // ET_EXEC
    expect([...f.subarray(18, 20)]).toEqual([0x32, 0x43]); // e_machine 0x4332
    expect([...f.subarray(20, 24)]).toEqual([1, 0, 0, 0]); // EV_CURRENT
    expect([...f.subarray(24, 28)]).toEqual([0x78, 0x56, 0x34, 0x12]); // e_entry
    expect([...f.subarray(28, 32)]).toEqual([52, 0, 0, 0]); // e_phoff
    expect([...f.subarray(40, 46)]).toEqual([52, 0, 32, 0, 1, 0]); // ehsize, phentsize, phnum
  });

  it('writes every multi-byte field big-endian for a big-endian image', () => {
    const f = writeElf(tiny('big', STACK32));
    expect([...f.subarray(0, 16)]).toEqual([0x7f, 0x45, 0x4c, 0x46, 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect([...f.subarray(16, 28)]).toEqual([0, 2, 0x53, 0x32, 0, 0, 0, 1, 0x12, 0x34, 0x56, 0x78]);
    expect([...f.subarray(28, 32)]).toEqual([0, 0, 0, 52]);
    expect([...f.subarray(40, 52)]).toEqual([0, 52, 0, 32, 0, 1, 0, 40, 0, 5, 0, 4]);
  });

  it('writes program headers with page-congruent offsets', () => {
    for (const endian of ['little', 'big'] as const) {
      const image = sampleImage(endian);
      image.segments[1]!.vaddr = 0x2345;
      const p = new Patcher(writeElf(image));
      expect(p.get16(EH.phnum)).toBe(3);
      image.segments.forEach((s, i) => {
        expect(p.get32(p.ph(i, 'type'))).toBe(1);
        expect(p.get32(p.ph(i, 'vaddr'))).toBe(s.vaddr);
        expect(p.get32(p.ph(i, 'offset')) % 0x1000).toBe(s.vaddr % 0x1000);
        expect(p.get32(p.ph(i, 'filesz'))).toBe(s.data.length);
        expect(p.get32(p.ph(i, 'memsz'))).toBe(s.memSize);
        expect(p.get32(p.ph(i, 'align'))).toBe(0x1000);
      });
      expect([0, 1, 2].map((i) => p.get32(p.ph(i, 'flags')))).toEqual([5, 6, 6]); // R+X, R+W, R+W
    }
  });

  it('writes the sections ELF tools expect', () => {
    const p = new Patcher(writeElf(sampleImage()));
    const types = Array.from({ length: p.get16(EH.shnum) }, (_, i) => p.get32(p.sh(i, 'type')));
    // null, .text, .data, .bss (NOBITS), note, .symtab, .strtab, .shstrtab
    expect(types).toEqual([0, 1, 1, 8, 1, 2, 3, 3]);
    const flags = Array.from({ length: 8 }, (_, i) => p.get32(p.sh(i, 'flags')));
    expect(flags).toEqual([0, 6, 3, 3, 0, 0, 0, 0]);
    expect(p.get16(EH.shstrndx)).toBe(7);
    expect(p.get32(p.sh(5, 'link'))).toBe(6); // .symtab -> .strtab
    expect(p.get32(p.sh(5, 'info'))).toBe(4); // null + 3 locals
    expect(p.get32(p.sh(5, 'entsize'))).toBe(16);
    expect(p.get32(p.sh(3, 'size'))).toBe(0x400);
  });
});
