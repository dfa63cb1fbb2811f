// The .symtab/.strtab pair for an image's symbols. ELF wants every local
// symbol before the first global one (sh_info points at the boundary), so
// the image's order is kept within each group but locals go first.

import {
  SHN_ABS,
  STB_GLOBAL,
  STB_LOCAL,
  STT_FUNC,
  STT_NOTYPE,
  STT_OBJECT,
  SYM_SIZE,
} from './constants.js';
import type { ElfSymbol } from './image.js';
import { StringTableBuilder } from './strtab-builder.js';
import { putSymbol } from './structs.js';

export interface BuiltSymtab {
  symtab: Uint8Array;
  strtab: Uint8Array;
  /** Index of the first global symbol (the section's sh_info). */
  firstGlobal: number;
}

const KIND_TYPE: Record<ElfSymbol['kind'], number> = {
  func: STT_FUNC,
  object: STT_OBJECT,
  notype: STT_NOTYPE,
};

export function buildSymtab(
  symbols: readonly ElfSymbol[],
  sectionIndex: ReadonlyMap<string, number>,
  le: boolean,
): BuiltSymtab {
  const ordered = [...symbols.filter((s) => !s.global), ...symbols.filter((s) => s.global)];
  const names = new StringTableBuilder();
  // Entry 0 is the reserved null symbol, left as zeros.
  const symtab = new Uint8Array((ordered.length + 1) * SYM_SIZE);
  const view = new DataView(symtab.buffer);
  ordered.forEach((sym, i) => {
    const bind = sym.global ? STB_GLOBAL : STB_LOCAL;
    putSymbol(view, (i + 1) * SYM_SIZE, le, {
      name: names.add(sym.name),
      value: sym.value,
      size: sym.size,
      info: (bind << 4) | KIND_TYPE[sym.kind],
      other: 0,
      shndx: sym.section === undefined ? SHN_ABS : sectionIndex.get(sym.section)!,
    });
  });
  const firstGlobal = 1 + ordered.filter((s) => !s.global).length;
  return { symtab, strtab: names.bytes(), firstGlobal };
}
