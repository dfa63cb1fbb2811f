// The first checks on a file: is it a 32-bit ELF executable in a byte order
// we know, with header tables of the entry sizes ELF32 defines? Everything
// after this trusts only the header fields validated here.

import {
  EHDR_SIZE,
  EI_CLASS,
  EI_DATA,
  EI_VERSION,
  ELFCLASS32,
  ELFDATA2LSB,
  ELFDATA2MSB,
  ELFMAG,
  ET_EXEC,
  EV_CURRENT,
  PHDR_SIZE,
  SHDR_SIZE,
} from './constants.js';
import { FileView } from './file-view.js';
import type { ElfHeader } from './structs.js';
import { getHeader } from './structs.js';

const TYPE_NAMES: Record<number, string> = {
  0: 'no file type',
  1: 'a relocatable object',
  3: 'a shared object',
  4: 'a core file',
};

export interface HeaderRead {
  view: FileView;
  header: ElfHeader;
}

export function readHeader(bytes: Uint8Array, file: string): HeaderRead {
  const probe = new FileView(bytes, file, true);
  if (bytes.length < ELFMAG.length || ELFMAG.some((b, i) => bytes[i] !== b)) {
    throw probe.fail('not an ELF file (bad magic)');
  }
  if (bytes.length > EI_CLASS && bytes[EI_CLASS] !== ELFCLASS32) {
    throw probe.fail(`not a 32-bit ELF file (EI_CLASS ${bytes[EI_CLASS]})`);
  }
  const data = bytes[EI_DATA];
  if (bytes.length > EI_DATA && data !== ELFDATA2LSB && data !== ELFDATA2MSB) {
    throw probe.fail(`bad byte order (EI_DATA ${data})`);
  }
  if (bytes.length < EHDR_SIZE) throw probe.fail(`truncated ELF header (${bytes.length} bytes)`);
  const view = new FileView(bytes, file, data === ELFDATA2LSB);
  const header = getHeader(view);
  if (bytes[EI_VERSION] !== EV_CURRENT || header.version !== EV_CURRENT) {
    throw view.fail(`unsupported ELF version ${bytes[EI_VERSION]}/${header.version}`);
  }
  if (header.type !== ET_EXEC) {
    const what = TYPE_NAMES[header.type];
    throw view.fail(`not an executable (e_type ${header.type}${what ? `, ${what}` : ''})`);
  }
  if (header.ehsize !== EHDR_SIZE) throw view.fail(`bad ELF header size ${header.ehsize}`);
  if (header.phnum > 0 && header.phentsize !== PHDR_SIZE) {
    throw view.fail(`bad program header entry size ${header.phentsize}`);
  }
  if (header.shnum > 0 && header.shentsize !== SHDR_SIZE) {
    throw view.fail(`bad section header entry size ${header.shentsize}`);
  }
  return { view, header };
}
