// The section header table: checked to lie in the file, every section with
// file bytes checked to lie in the file, and every section named through a
// checked string table. Sections are optional in an executable, so a file
// without them reads as a file with no sections.

import { SHDR_SIZE, SHN_UNDEF, SHT_NOBITS, SHT_NULL } from './constants.js';
import type { FileView } from './file-view.js';
import { hex } from './file-view.js';
import type { Section } from './section.js';
import { describe } from './section.js';
import type { ElfHeader, SectionHeader } from './structs.js';
import { getSectionHeader } from './structs.js';
import { StringTable } from './strtab-reader.js';

/** Whether the section occupies bytes of the file. */
function hasFileBytes(h: SectionHeader): boolean {
  return h.type !== SHT_NOBITS && h.type !== SHT_NULL;
}

export function readSections(view: FileView, header: ElfHeader): Section[] {
  if (header.shnum === 0) return [];
  if (!view.contains(header.shoff, header.shnum * SHDR_SIZE)) {
    throw view.fail(`truncated section header table (${header.shnum} headers at ${hex(header.shoff)})`);
  }
  const sections: Section[] = [];
  for (let index = 0; index < header.shnum; index++) {
    const h = getSectionHeader(view, header.shoff + index * SHDR_SIZE);
    const section = { index, name: '', header: h };
    if (hasFileBytes(h) && !view.contains(h.offset, h.size)) {
      throw view.fail(
        `${describe(section)} (file offset ${hex(h.offset)}+${hex(h.size)}) extends past the end of the file`,
      );
    }
    sections.push(section);
  }
  if (header.shstrndx !== SHN_UNDEF) {
    const names = StringTable.at(view, sections, header.shstrndx, 'section names');
    // The table's own name first, so messages about the other names can use it.
    const order = [sections[header.shstrndx]!, ...sections.filter((s) => s.index !== header.shstrndx)];
    for (const s of order) s.name = names.get(s.header.name, `the name of section ${s.index}`);
  }
  return sections;
}
