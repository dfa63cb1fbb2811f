// The ELF stage: turns an ElfImage (segments, symbols, entry, the static
// translator's notes) into an ELF32 executable file and back. The assembler
// and the static translator hand images to writeElf; the loader and the
// disassembler get images from readElf, which rejects a bad file with one
// XlatError so nothing downstream has to distrust the image's layout.

export type { Endian, ElfImage, ElfNote, ElfSegment, ElfSymbol, SegmentFlags } from './image.js';
export { readElf } from './read.js';
export { writeElf } from './write.js';
