// Which segment a symbol's section belongs to. Symbols name their segment
// (ElfSymbol.section), but a file may hold sections that only cover part of
// a segment; those belong to the segment whose addresses contain them.
//
// Symbols are only names for addresses here (labels in listings, seeds for
// the static translator), so a symbol that names no loaded place is left out
// rather than refused: an undefined one (a weak reference another linker
// left, say), one in a section that is not loaded at all. A symbol in an
// allocated section that no segment holds (an empty .bss another writer kept)
// is still an address: it is kept, as an absolute one.

import { SHF_ALLOC, SHN_ABS, SHN_LORESERVE, SHN_UNDEF } from './constants.js';
import type { FileView } from './file-view.js';
import { hex } from './file-view.js';
import type { ElfSegment } from './image.js';
import type { NamedSegments } from './name-segments.js';
import type { Section } from './section.js';

/** Segment name for a symbol's st_shndx (undefined = absolute, null = leave the symbol out); `label` names it in errors. */
export type SegmentLookup = (shndx: number, label: string) => string | undefined | null;

/** The segment whose memory holds [addr, addr + size), if any (segments do not overlap). */
function containing(sorted: readonly ElfSegment[], addr: number, size: number): ElfSegment | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  let best: ElfSegment | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const seg = sorted[mid]!;
    if (seg.vaddr <= addr) {
      best = seg;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best && addr + size <= best.vaddr + best.memSize ? best : undefined;
}

export function makeSegmentLookup(view: FileView, sections: readonly Section[], named: NamedSegments): SegmentLookup {
  const sorted = named.segments.filter((s) => s.memSize > 0).sort((a, b) => a.vaddr - b.vaddr);
  const known = new Map(named.sectionSegment);
  return (shndx, label) => {
    if (shndx === SHN_ABS) return undefined;
    if (shndx === SHN_UNDEF) return null;
    if (shndx >= SHN_LORESERVE) throw view.fail(`${label}: unsupported section index ${hex(shndx)}`);
    const cached = known.get(shndx);
    if (cached !== undefined) return cached;
    const section = sections[shndx];
    if (!section) throw view.fail(`${label}: section index ${shndx} out of range`);
    const { flags, addr, size } = section.header;
    if ((flags & SHF_ALLOC) === 0) return null;
    const segment = containing(sorted, addr, size);
    if (!segment) return undefined;
    known.set(shndx, segment.name);
    return segment.name;
  };
}
