// The plain data an ELF file holds for xlat: what the assembler (and later the
// static translator) hands to the writer, and what the reader hands to the
// loader and the disassembler.

export type Endian = 'little' | 'big';

export interface SegmentFlags {
  r: boolean;
  w: boolean;
  x: boolean;
}

/** One loadable piece: becomes a section header and a PT_LOAD program header. */
export interface ElfSegment {
  name: string; // section name: .text, .data, .bss, or a `.section` name
  vaddr: number;
  flags: SegmentFlags;
  /** File bytes; empty for .bss-like (NOBITS) segments. */
  data: Uint8Array;
  /** Size in memory (>= data.length; the rest reads as zero). */
  memSize: number;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  kind: 'func' | 'object' | 'notype';
  global: boolean;
  /** Name of the segment (section) the symbol lies in; undefined = absolute. */
  section?: string;
}

/** A non-loaded section of the file's own (the static translator's maps). */
export interface ElfNote {
  name: string;
  data: Uint8Array;
}

export interface ElfImage {
  endian: Endian;
  machine: number; // e_machine
  entry: number;
  segments: ElfSegment[];
  symbols: ElfSymbol[];
  notes: ElfNote[];
}
