// The raw ELF32 records, and their encoding in either byte order. Both the
// writer and the reader go through these, so a field offset is written once.

import { EI_CLASS, EI_DATA, EI_OSABI, EI_VERSION, ELFMAG } from './constants.js';

export interface ElfHeader {
  ident: Uint8Array; // the 16 e_ident bytes
  type: number;
  machine: number;
  version: number;
  entry: number;
  phoff: number;
  shoff: number;
  flags: number;
  ehsize: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

export interface ProgramHeader {
  type: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  flags: number;
  align: number;
}

export interface SectionHeader {
  name: number; // offset in the section-name string table
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
}

export interface SymbolEntry {
  name: number; // offset in the symbol string table
  value: number;
  size: number;
  info: number;
  other: number;
  shndx: number;
}

/** Where a record is decoded from; the reader's version checks bounds. */
export interface FieldSource {
  u8(offset: number): number;
  u16(offset: number): number;
  u32(offset: number): number;
}

export function makeIdent(klass: number, data: number, version: number, osabi: number): Uint8Array {
  const ident = new Uint8Array(16);
  ident.set(ELFMAG, 0);
  ident[EI_CLASS] = klass;
  ident[EI_DATA] = data;
  ident[EI_VERSION] = version;
  ident[EI_OSABI] = osabi;
  return ident;
}

export function putHeader(v: DataView, le: boolean, h: ElfHeader): void {
  new Uint8Array(v.buffer, v.byteOffset, 16).set(h.ident);
  v.setUint16(16, h.type, le);
  v.setUint16(18, h.machine, le);
  v.setUint32(20, h.version, le);
  v.setUint32(24, h.entry, le);
  v.setUint32(28, h.phoff, le);
  v.setUint32(32, h.shoff, le);
  v.setUint32(36, h.flags, le);
  v.setUint16(40, h.ehsize, le);
  v.setUint16(42, h.phentsize, le);
  v.setUint16(44, h.phnum, le);
  v.setUint16(46, h.shentsize, le);
  v.setUint16(48, h.shnum, le);
  v.setUint16(50, h.shstrndx, le);
}

export function getHeader(s: FieldSource): ElfHeader {
  const ident = new Uint8Array(16);
  for (let i = 0; i < 16; i++) ident[i] = s.u8(i);
  return {
    ident,
    type: s.u16(16),
    machine: s.u16(18),
    version: s.u32(20),
    entry: s.u32(24),
    phoff: s.u32(28),
    shoff: s.u32(32),
    flags: s.u32(36),
    ehsize: s.u16(40),
    phentsize: s.u16(42),
    phnum: s.u16(44),
    shentsize: s.u16(46),
    shnum: s.u16(48),
    shstrndx: s.u16(50),
  };
}

export function putProgramHeader(v: DataView, at: number, le: boolean, p: ProgramHeader): void {
  v.setUint32(at, p.type, le);
  v.setUint32(at + 4, p.offset, le);
  v.setUint32(at + 8, p.vaddr, le);
  v.setUint32(at + 12, p.paddr, le);
  v.setUint32(at + 16, p.filesz, le);
  v.setUint32(at + 20, p.memsz, le);
  v.setUint32(at + 24, p.flags, le);
  v.setUint32(at + 28, p.align, le);
}

export function getProgramHeader(s: FieldSource, at: number): ProgramHeader {
  return {
    type: s.u32(at),
    offset: s.u32(at + 4),
    vaddr: s.u32(at + 8),
    paddr: s.u32(at + 12),
    filesz: s.u32(at + 16),
    memsz: s.u32(at + 20),
    flags: s.u32(at + 24),
    align: s.u32(at + 28),
  };
}

export function putSectionHeader(v: DataView, at: number, le: boolean, h: SectionHeader): void {
  v.setUint32(at, h.name, le);
  v.setUint32(at + 4, h.type, le);
  v.setUint32(at + 8, h.flags, le);
  v.setUint32(at + 12, h.addr, le);
  v.setUint32(at + 16, h.offset, le);
  v.setUint32(at + 20, h.size, le);
  v.setUint32(at + 24, h.link, le);
  v.setUint32(at + 28, h.info, le);
  v.setUint32(at + 32, h.addralign, le);
  v.setUint32(at + 36, h.entsize, le);
}

export function getSectionHeader(s: FieldSource, at: number): SectionHeader {
  return {
    name: s.u32(at),
    type: s.u32(at + 4),
    flags: s.u32(at + 8),
    addr: s.u32(at + 12),
    offset: s.u32(at + 16),
    size: s.u32(at + 20),
    link: s.u32(at + 24),
    info: s.u32(at + 28),
    addralign: s.u32(at + 32),
    entsize: s.u32(at + 36),
  };
}

export function putSymbol(v: DataView, at: number, le: boolean, e: SymbolEntry): void {
  v.setUint32(at, e.name, le);
  v.setUint32(at + 4, e.value, le);
  v.setUint32(at + 8, e.size, le);
  v.setUint8(at + 12, e.info);
  v.setUint8(at + 13, e.other);
  v.setUint16(at + 14, e.shndx, le);
}

export function getSymbol(s: FieldSource, at: number): SymbolEntry {
  return {
    name: s.u32(at),
    value: s.u32(at + 4),
    size: s.u32(at + 8),
    info: s.u8(at + 12),
    other: s.u8(at + 13),
    shndx: s.u16(at + 14),
  };
}
