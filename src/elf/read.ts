// Bytes -> ElfImage, trusting nothing: each step checks what the next one
// relies on, and any problem is one XlatError that starts with the file name.
// The machine number is returned unchecked; callers compare it with the spec.

import type { ElfImage, ElfNote } from './image.js';
import type { FileView } from './file-view.js';
import { SHF_ALLOC, SHT_PROGBITS } from './constants.js';
import { readHeader } from './read-header.js';
import { nameSegments } from './name-segments.js';
import { readLoads } from './read-segments.js';
import { readSections } from './read-sections.js';
import { readSymbols } from './read-symbols.js';
import type { Section } from './section.js';
import { makeSegmentLookup } from './segment-lookup.js';

/** Notes are the file's own non-loaded data: PROGBITS sections without SHF_ALLOC. */
function readNotes(view: FileView, sections: readonly Section[]): ElfNote[] {
  return sections
    .filter((s) => s.header.type === SHT_PROGBITS && (s.header.flags & SHF_ALLOC) === 0)
    .map((s) => ({ name: s.name, data: view.copy(s.header.offset, s.header.size) }));
}

export function readElf(bytes: Uint8Array, file: string): ElfImage {
  const { view, header } = readHeader(bytes, file);
  const loads = readLoads(view, header);
  const sections = readSections(view, header);
  const named = nameSegments(view, loads, sections);
  const symbols = readSymbols(view, sections, makeSegmentLookup(view, sections, named));
  return {
    endian: view.little ? 'little' : 'big',
    machine: header.machine,
    entry: header.entry,
    segments: named.segments,
    symbols,
    notes: readNotes(view, sections),
  };
}
