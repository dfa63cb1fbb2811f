// Segments get their names from the section header that describes the same
// bytes (same address, same file size, or memory size if bss-like), since
// symbols and the user refer to segments by section name. A segment no
// section describes is called seg<N>, N being its program header index.

import { PF_R, PF_W, PF_X, SHF_ALLOC, SHT_NOBITS, SHT_PROGBITS } from './constants.js';
import type { FileView } from './file-view.js';
import type { ElfSegment } from './image.js';
import type { LoadHeader } from './read-segments.js';
import type { Section } from './section.js';
import type { ProgramHeader } from './structs.js';

export interface NamedSegments {
  segments: ElfSegment[];
  /** Section index -> name of the segment it describes. */
  sectionSegment: Map<number, string>;
}

/** Sections with one address and size, in table order; `next` is the first not yet taken. */
interface Queue {
  sections: Section[];
  next: number;
}

/**
 * Sections that could describe a whole segment, queued by what they would
 * have to match, so naming stays linear however many headers a file has.
 */
function candidateQueues(sections: readonly Section[]): Map<string, Queue> {
  const queues = new Map<string, Queue>();
  for (const s of sections) {
    if ((s.header.flags & SHF_ALLOC) === 0) continue;
    let key: string;
    if (s.header.type === SHT_NOBITS) key = `nobits:${s.header.addr}:${s.header.size}`;
    else if (s.header.type === SHT_PROGBITS) key = `progbits:${s.header.addr}:${s.header.size}`;
    else continue;
    const queue = queues.get(key);
    if (queue) queue.sections.push(s);
    else queues.set(key, { sections: [s], next: 0 });
  }
  return queues;
}

/** The first untaken section with the segment's address and file (or, if bss-like, memory) size. */
function takeMatch(queues: Map<string, Queue>, ph: ProgramHeader): Section | undefined {
  const progbits = queues.get(`progbits:${ph.vaddr}:${ph.filesz}`);
  const nobits = ph.filesz === 0 ? queues.get(`nobits:${ph.vaddr}:${ph.memsz}`) : undefined;
  const p = progbits?.sections[progbits.next];
  const n = nobits?.sections[nobits.next];
  const queue = p && (!n || p.index < n.index) ? progbits : n ? nobits : undefined;
  if (!queue) return undefined;
  return queue.sections[queue.next++];
}

export function nameSegments(view: FileView, loads: readonly LoadHeader[], sections: readonly Section[]): NamedSegments {
  const queues = candidateQueues(sections);
  const sectionSegment = new Map<number, string>();
  const names = new Set<string>();
  const segments = loads.map(({ index, ph }): ElfSegment => {
    const match = takeMatch(queues, ph);
    const name = match && match.name !== '' ? match.name : `seg${index}`;
    if (names.has(name)) throw view.fail(`two segments are called ${name}`);
    names.add(name);
    if (match) sectionSegment.set(match.index, name);
    return {
      name,
      vaddr: ph.vaddr,
      flags: { r: (ph.flags & PF_R) !== 0, w: (ph.flags & PF_W) !== 0, x: (ph.flags & PF_X) !== 0 },
      data: view.copy(ph.offset, ph.filesz),
      memSize: ph.memsz,
    };
  });
  return { segments, sectionSegment };
}
