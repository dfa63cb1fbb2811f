// The symbol table, if the file has one (executables may be stripped). Each
// entry's name, binding, type and section is checked; section and file
// symbols are dropped, since xlat's images have no use for them.

import {
  SHT_SYMTAB,
  STB_GLOBAL,
  STB_LOCAL,
  STB_WEAK,
  STT_FILE,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  STT_SECTION,
  SYM_SIZE,
} from './constants.js';
import type { FileView } from './file-view.js';
import { hex } from './file-view.js';
import type { ElfSymbol } from './image.js';
import type { SegmentLookup } from './segment-lookup.js';
import type { Section } from './section.js';
import { describe } from './section.js';
import { getSymbol } from './structs.js';
import { StringTable } from './strtab-reader.js';

const KINDS: Record<number, ElfSymbol['kind']> = {
  [STT_NOTYPE]: 'notype',
  [STT_OBJECT]: 'object',
  [STT_FUNC]: 'func',
};

function findSymtab(view: FileView, sections: readonly Section[]): Section | undefined {
  const tables = sections.filter((s) => s.header.type === SHT_SYMTAB);
  if (tables.length > 1) {
    throw view.fail(`more than one symbol table (${describe(tables[0]!)} and ${describe(tables[1]!)})`);
  }
  return tables[0];
}

export function readSymbols(view: FileView, sections: readonly Section[], segmentOf: SegmentLookup): ElfSymbol[] {
  const symtab = findSymtab(view, sections);
  if (!symtab) return [];
  const h = symtab.header;
  const where = describe(symtab);
  if (h.entsize !== SYM_SIZE) throw view.fail(`${where}: bad entry size ${h.entsize}`);
  if (h.size % SYM_SIZE !== 0) throw view.fail(`${where}: size ${hex(h.size)} is not a whole number of entries`);
  const count = h.size / SYM_SIZE;
  if (h.info > count) throw view.fail(`${where}: first global index ${h.info} is past its ${count} entries`);
  const names = StringTable.at(view, sections, h.link, where);
  const symbols: ElfSymbol[] = [];
  // Entry 0 is the reserved null symbol.
  for (let i = 1; i < count; i++) {
    const e = getSymbol(view, h.offset + i * SYM_SIZE);
    const name = names.get(e.name, `the name of symbol ${i}`);
    const label = `symbol ${i} (${name})`;
    const bind = e.info >> 4;
    const type = e.info & 0xf;
    if (bind !== STB_LOCAL && bind !== STB_GLOBAL && bind !== STB_WEAK) {
      throw view.fail(`${label}: unsupported binding ${bind}`);
    }
    const local = bind === STB_LOCAL;
    if (local !== i < h.info) {
      throw view.fail(`${label}: ${local ? 'local' : 'global'} symbol on the wrong side of sh_info ${h.info} in ${where}`);
    }
    if (type === STT_SECTION || type === STT_FILE) continue;
    const kind = KINDS[type];
    if (!kind) throw view.fail(`${label}: unsupported symbol type ${type}`);
    const section = segmentOf(e.shndx, label);
    if (section === null) continue;
    const symbol: ElfSymbol = { name, value: e.value, size: e.size, kind, global: !local };
    if (section !== undefined) symbol.section = section;
    symbols.push(symbol);
  }
  return symbols;
}
