// Shared test images and a helper to patch fields of a written file.

import type { ElfImage, Endian } from '../../src/elf/index.js';

export const CISC32 = 0x4332;
export const STACK32 = 0x5332;

const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);

/** A typical assembler output: text, partly initialised data, bss, symbols, a note. */
export function sampleImage(endian: Endian = 'little'): ElfImage {
  return {
    endian,
    machine: endian === 'little' ? CISC32 : STACK32,
    entry: 0x1000,
    segments: [
      { name: '.text', vaddr: 0x1000, flags: { r: true, w: false, x: true }, data: bytes(1, 2, 3, 4, 5, 6), memSize: 6 },
      { name: '.data', vaddr: 0x2000, flags: { r: true, w: true, x: false }, data: bytes(9, 8, 7), memSize: 0x10 },
      { name: '.bss', vaddr: 0x3000, flags: { r: true, w: true, x: false }, data: bytes(), memSize: 0x400 },
    ],
    symbols: [
      { name: 'loop', value: 0x1002, size: 0, kind: 'notype', global: false, section: '.text' },
      { name: 'table', value: 0x2000, size: 3, kind: 'object', global: false, section: '.data' },
      { name: 'buf', value: 0x3000, size: 0x400, kind: 'object', global: false, section: '.bss' },
      { name: '_start', value: 0x1000, size: 6, kind: 'func', global: true, section: '.text' },
      { name: 'LIMIT', value: 42, size: 0, kind: 'notype', global: true },
    ],
    notes: [{ name: '.xlat.map', data: bytes(0xde, 0xad, 0xbe, 0xef, 0) }],
  };
}

/** Like sampleImage, but with addresses whose page offsets keep the file small (for fuzzing). */
export function compactImage(endian: Endian = 'little'): ElfImage {
  const image = sampleImage(endian);
  const at = [0x10a0, 0x20c0, 0x30e0];
  image.segments.forEach((s, i) => (s.vaddr = at[i]!));
  image.entry = at[0]!;
  image.symbols = [
    { name: 'loop', value: 0x10a2, size: 0, kind: 'notype', global: false, section: '.text' },
    { name: '_start', value: 0x10a0, size: 6, kind: 'func', global: true, section: '.text' },
    { name: 'buf', value: 0x30e0, size: 0x400, kind: 'object', global: true, section: '.bss' },
  ];
  return image;
}

/** Field offsets in ELF32 records. */
export const EH = { type: 16, machine: 18, version: 20, entry: 24, phoff: 28, shoff: 32, ehsize: 40, phentsize: 42, phnum: 44, shentsize: 46, shnum: 48, shstrndx: 50 } as const;
export const PH = { type: 0, offset: 4, vaddr: 8, paddr: 12, filesz: 16, memsz: 20, flags: 24, align: 28 } as const;
export const SH = { name: 0, type: 4, flags: 8, addr: 12, offset: 16, size: 20, link: 24, info: 28, addralign: 32, entsize: 36 } as const;

/** Reads and patches fields of an ELF32 file in its own byte order. */
export class Patcher {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly le: boolean;

  constructor(file: Uint8Array) {
    this.bytes = file.slice();
    this.view = new DataView(this.bytes.buffer);
    this.le = this.bytes[5] === 1;
  }

  get16(at: number): number {
    return this.view.getUint16(at, this.le);
  }
  get32(at: number): number {
    return this.view.getUint32(at, this.le);
  }
  set16(at: number, v: number): this {
    this.view.setUint16(at, v, this.le);
    return this;
  }
  set32(at: number, v: number): this {
    this.view.setUint32(at, v, this.le);
    return this;
  }

  /** Offset of program header `i`'s field. */
  ph(i: number, field: keyof typeof PH): number {
    return this.get32(EH.phoff) + i * 32 + PH[field];
  }

  /** Offset of section header `i`'s field. */
  sh(i: number, field: keyof typeof SH): number {
    return this.get32(EH.shoff) + i * 40 + SH[field];
  }

  /** Index of the section whose type is `type` (first one). */
  sectionOfType(type: number): number {
    const n = this.get16(EH.shnum);
    for (let i = 0; i < n; i++) if (this.get32(this.sh(i, 'type')) === type) return i;
    throw new Error(`no section of type ${type}`);
  }
}

/** readElf's image for `image`: the writer puts local symbols first. */
export function expectedRead(image: ElfImage): ElfImage {
  return {
    ...image,
    symbols: [...image.symbols.filter((s) => !s.global), ...image.symbols.filter((s) => s.global)],
  };
}
