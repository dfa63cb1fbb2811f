// `xlat disasm`: objdump-style listing of a program's executable sections;
// for a file made by `xlat translate`, its host code annotated with the guest
// code each block came from (src/aot), then the guest code.

import { disassembleTranslated, readTranslated } from '../aot/index.js';
import { disassemble } from '../decode/index.js';
import { loadProgram } from './program.js';

export async function disasmCommand(file: string, isaOpt?: string): Promise<string> {
  const prog = await loadProgram(file, isaOpt);
  const translated = await readTranslated(prog.image, file);
  if (translated) return disassembleTranslated(translated);
  return disassemble(prog.isa, prog.image);
}
