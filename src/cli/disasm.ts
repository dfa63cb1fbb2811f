// `xlat disasm`: objdump-style listing of a program's executable sections.

import { disassemble } from '../decode/index.js';
import { loadProgram } from './program.js';

export async function disasmCommand(file: string, isaOpt?: string): Promise<string> {
  const prog = await loadProgram(file, isaOpt);
  return disassemble(prog.isa, prog.image);
}
