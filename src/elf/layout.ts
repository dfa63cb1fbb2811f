// Where everything goes in the file. The order is: ELF header, program
// headers, segment data (each at a file offset congruent to its address
// modulo the page size, as mmap-style loaders need), notes, .symtab,
// .strtab, .shstrtab, then the section header table.

import {
  EHDR_SIZE,
  ELFCLASS32,
  ELFDATA2LSB,
  ELFDATA2MSB,
  ELFOSABI_NONE,
  ET_EXEC,
  EV_CURRENT,
  PAGE_SIZE,
  PF_R,
  PF_W,
  PF_X,
  PHDR_SIZE,
  PT_LOAD,
  SHDR_SIZE,
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHF_WRITE,
  SHSTRTAB_NAME,
  SHT_NOBITS,
  SHT_PROGBITS,
  SHT_STRTAB,
  SHT_SYMTAB,
  STRTAB_NAME,
  SYM_SIZE,
  SYMTAB_NAME,
} from './constants.js';
import type { ElfImage, ElfSegment } from './image.js';
import { StringTableBuilder } from './strtab-builder.js';
import type { ElfHeader, ProgramHeader, SectionHeader } from './structs.js';
import { makeIdent } from './structs.js';
import { buildSymtab } from './symtab.js';

/** Bytes to copy into the file at an offset. */
export interface Piece {
  offset: number;
  bytes: Uint8Array;
}

export interface FilePlan {
  header: ElfHeader;
  programHeaders: ProgramHeader[];
  sectionHeaders: SectionHeader[];
  pieces: Piece[];
  size: number;
}

function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** The first offset at or after `from` that is congruent to `vaddr` modulo a page. */
function congruentOffset(from: number, vaddr: number): number {
  return from + ((vaddr - from) % PAGE_SIZE + PAGE_SIZE) % PAGE_SIZE;
}

function segmentFlags(s: ElfSegment): { p: number; sh: number } {
  return {
    p: (s.flags.r ? PF_R : 0) | (s.flags.w ? PF_W : 0) | (s.flags.x ? PF_X : 0),
    sh: SHF_ALLOC | (s.flags.w ? SHF_WRITE : 0) | (s.flags.x ? SHF_EXECINSTR : 0),
  };
}

function emptySection(): SectionHeader {
  return { name: 0, type: 0, flags: 0, addr: 0, offset: 0, size: 0, link: 0, info: 0, addralign: 0, entsize: 0 };
}

export function planLayout(image: ElfImage): FilePlan {
  const le = image.endian === 'little';
  const shnames = new StringTableBuilder();
  const pieces: Piece[] = [];
  const programHeaders: ProgramHeader[] = [];
  const sectionHeaders: SectionHeader[] = [emptySection()];
  const sectionIndex = new Map<string, number>();
  let at = EHDR_SIZE + image.segments.length * PHDR_SIZE;

  for (const s of image.segments) {
    const offset = congruentOffset(at, s.vaddr);
    const flags = segmentFlags(s);
    const nobits = s.data.length === 0 && s.memSize > 0;
    programHeaders.push({
      type: PT_LOAD,
      offset,
      vaddr: s.vaddr,
      paddr: s.vaddr,
      filesz: s.data.length,
      memsz: s.memSize,
      flags: flags.p,
      align: PAGE_SIZE,
    });
    sectionIndex.set(s.name, sectionHeaders.length);
    sectionHeaders.push({
      ...emptySection(),
      name: shnames.add(s.name),
      type: nobits ? SHT_NOBITS : SHT_PROGBITS,
      flags: flags.sh,
      addr: s.vaddr,
      offset,
      size: nobits ? s.memSize : s.data.length,
      addralign: 1,
    });
    pieces.push({ offset, bytes: s.data });
    at = offset + s.data.length;
  }

  const place = (name: string, type: number, bytes: Uint8Array, align: number): SectionHeader => {
    at = alignUp(at, align);
    const header = { ...emptySection(), name: shnames.add(name), type, offset: at, size: bytes.length, addralign: align };
    sectionHeaders.push(header);
    pieces.push({ offset: at, bytes });
    at += bytes.length;
    return header;
  };

  for (const note of image.notes) place(note.name, SHT_PROGBITS, note.data, 1);

  const built = buildSymtab(image.symbols, sectionIndex, le);
  const symtab = place(SYMTAB_NAME, SHT_SYMTAB, built.symtab, 4);
  symtab.entsize = SYM_SIZE;
  symtab.info = built.firstGlobal;
  symtab.link = sectionHeaders.length; // .strtab comes next
  place(STRTAB_NAME, SHT_STRTAB, built.strtab, 1);
  // The .shstrtab name must be in the table before the table is frozen.
  shnames.add(SHSTRTAB_NAME);
  place(SHSTRTAB_NAME, SHT_STRTAB, shnames.bytes(), 1);

  const shoff = alignUp(at, 4);
  const header: ElfHeader = {
    ident: makeIdent(ELFCLASS32, le ? ELFDATA2LSB : ELFDATA2MSB, EV_CURRENT, ELFOSABI_NONE),
    type: ET_EXEC,
    machine: image.machine,
    version: EV_CURRENT,
    entry: image.entry,
    phoff: EHDR_SIZE,
    shoff,
    flags: 0,
    ehsize: EHDR_SIZE,
    phentsize: PHDR_SIZE,
    phnum: programHeaders.length,
    shentsize: SHDR_SIZE,
    shnum: sectionHeaders.length,
    shstrndx: sectionHeaders.length - 1,
  };
  return { header, programHeaders, sectionHeaders, pieces, size: shoff + sectionHeaders.length * SHDR_SIZE };
}
