// PT_LOAD program headers, checked so that the loader can copy each one into
// memory without further thought: inside the file, no 4 GiB wrap, no overlap.

import { PHDR_SIZE, PT_DYNAMIC, PT_INTERP, PT_LOAD } from './constants.js';
import type { FileView } from './file-view.js';
import { hex } from './file-view.js';
import type { ElfHeader, ProgramHeader } from './structs.js';
import { getProgramHeader } from './structs.js';

/** A PT_LOAD header and its index in the program header table (for messages). */
export interface LoadHeader {
  index: number;
  ph: ProgramHeader;
}

const U32_LIMIT = 2 ** 32;

function checkLoad(view: FileView, index: number, ph: ProgramHeader): void {
  if (ph.filesz > ph.memsz) {
    throw view.fail(`segment ${index}: filesz ${hex(ph.filesz)} larger than memsz ${hex(ph.memsz)}`);
  }
  // A segment with no file bytes (all .bss) reads nothing: its offset may be anything.
  if (ph.filesz > 0 && !view.contains(ph.offset, ph.filesz)) {
    throw view.fail(
      `segment ${index} (file offset ${hex(ph.offset)}+${hex(ph.filesz)}) extends past the end of the file`,
    );
  }
  if (ph.vaddr + ph.memsz > U32_LIMIT) {
    throw view.fail(`segment ${index} at ${hex(ph.vaddr)} wraps past 4 GiB`);
  }
}

function checkOverlap(view: FileView, loads: readonly LoadHeader[]): void {
  const placed = loads.filter((l) => l.ph.memsz > 0).sort((a, b) => a.ph.vaddr - b.ph.vaddr);
  for (let i = 1; i < placed.length; i++) {
    const prev = placed[i - 1]!;
    const next = placed[i]!;
    if (prev.ph.vaddr + prev.ph.memsz > next.ph.vaddr) {
      const [a, b] = [prev.index, next.index].sort((x, y) => x - y);
      throw view.fail(`segments ${a} and ${b} overlap at ${hex(next.ph.vaddr)}`);
    }
  }
}

export function readLoads(view: FileView, header: ElfHeader): LoadHeader[] {
  if (header.phnum === 0) throw view.fail('no program headers');
  if (!view.contains(header.phoff, header.phnum * PHDR_SIZE)) {
    throw view.fail('program header table outside the file');
  }
  const loads: LoadHeader[] = [];
  for (let index = 0; index < header.phnum; index++) {
    const ph = getProgramHeader(view, header.phoff + index * PHDR_SIZE);
    if (ph.type === PT_DYNAMIC || ph.type === PT_INTERP) {
      throw view.fail('dynamically linked (has PT_DYNAMIC or PT_INTERP); only static executables run');
    }
    if (ph.type !== PT_LOAD) continue;
    checkLoad(view, index, ph);
    loads.push({ index, ph });
  }
  if (loads.length === 0) throw view.fail('no loadable (PT_LOAD) segments');
  checkOverlap(view, loads);
  return loads;
}
