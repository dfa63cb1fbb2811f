// Reading a program the user names on the command line: an ELF file (its ISA
// found from e_machine) or an assembly source (its ISA from --isa or its
// `.isa` directive), assembled in memory.

import { readFileSync } from 'node:fs';
import { assemble, detectIsa, misplacedIsa } from '../asm/index.js';
import { isaAssembler } from '../asm/backend.js';
import { readElf } from '../elf/index.js';
import type { ElfImage } from '../elf/image.js';
import { XlatError, findSpecs, isaForMachine, loadIsa, type IsaModel } from '../spec/index.js';

export interface Program {
  image: ElfImage;
  isa: IsaModel;
  path: string;
}

export function readInput(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new XlatError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot read'}`);
  }
}

export function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
}

/**
 * The text of an assembly source. A file that is not an ELF executable is
 * read as one — unless it holds a NUL byte or is not UTF-8, which no source
 * does: then one message saying so beats a page of assembly errors.
 */
export function sourceText(bytes: Uint8Array, path: string): string {
  const nul = bytes.indexOf(0);
  let text: string | undefined;
  if (nul < 0) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = undefined;
    }
  }
  if (text === undefined) {
    const where = nul >= 0 ? `a NUL byte at offset ${nul}` : 'bytes that are not UTF-8';
    throw new XlatError(`${path}: not an ELF file (no ELF magic) and not assembly source (${where})`);
  }
  return text;
}

/** The ISA a source is written for: --isa, else its .isa directive. */
export async function isaForSource(source: string, path: string, isaOpt?: string): Promise<IsaModel> {
  const declared = detectIsa(source);
  const name = isaOpt ?? declared;
  if (!name) {
    const late = misplacedIsa(source);
    if (late) throw new XlatError(`${path}:${late.line}:${late.col}: .isa must come before any other statement (or give --isa NAME)`);
    throw new XlatError(`${path}: no ISA given: use --isa NAME or start the file with '.isa NAME' (known: ${[...findSpecs().keys()].join(', ')})`);
  }
  return loadIsa(name);
}

export async function assembleSource(source: string, path: string, isa: IsaModel): Promise<ElfImage> {
  return assemble(source, path, isaAssembler(isa));
}

export async function loadProgram(path: string, isaOpt?: string): Promise<Program> {
  const bytes = readInput(path);
  if (isElf(bytes)) {
    const image = readElf(bytes, path);
    const isa = isaOpt ? await loadIsa(isaOpt) : await isaForMachine(image.machine);
    if (!isa) throw new XlatError(`${path}: no known ISA has ELF machine 0x${image.machine.toString(16)}`);
    if (image.machine !== isa.elfMachine) {
      throw new XlatError(`${path}: ELF machine 0x${image.machine.toString(16)} is not ${isa.name} (0x${isa.elfMachine.toString(16)})`);
    }
    // Every command, not only the loader: a listing of bytes read in the wrong order would be nonsense.
    if (image.endian !== isa.endian) throw new XlatError(`${path}: ${image.endian}-endian file, but ${isa.name} is ${isa.endian}-endian`);
    return { image, isa, path };
  }
  const source = sourceText(bytes, path);
  const isa = await isaForSource(source, path, isaOpt);
  return { image: await assembleSource(source, path, isa), isa, path };
}
