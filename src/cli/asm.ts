// `xlat asm`: source to ELF, written whole or not at all.

import { writeElf } from '../elf/index.js';
import { writeOutput } from './output.js';
import { assembleSource, isaForSource, readInput, sourceText } from './program.js';

export async function asmCommand(src: string, out: string, isaOpt?: string): Promise<void> {
  const source = sourceText(readInput(src), src);
  const isa = await isaForSource(source, src, isaOpt);
  const image = await assembleSource(source, src, isa);
  writeOutput(out, writeElf(image), true);
}
