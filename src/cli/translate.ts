// `xlat translate GUEST.elf -o HOST.elf [--host NAME] [--profile FILE]`:
// static translation of a guest executable into a host executable (src/aot),
// written whole or not at all; prints what it found.

import { Profile, isTranslated, reportText, translateImage } from '../aot/index.js';
import { readElf, writeElf } from '../elf/index.js';
import { XlatError, isaForMachine, loadHost } from '../spec/index.js';
import { writeOutput } from './output.js';
import { isElf, readInput } from './program.js';

export interface TranslateCommandOptions {
  output: string;
  host?: string;
  profile?: string;
}

export async function translateCommand(file: string, opts: TranslateCommandOptions): Promise<string> {
  const bytes = readInput(file);
  if (!isElf(bytes)) throw new XlatError(`${file}: not an ELF file (translate reads an executable: assemble a source first with xlat asm)`);
  const image = readElf(bytes, file);
  if (isTranslated(image)) throw new XlatError(`${file}: already translated by xlat translate (run it with xlat run)`);
  const guest = await isaForMachine(image.machine);
  if (!guest) throw new XlatError(`${file}: not an ELF of a guest ISA (no known ISA has ELF machine 0x${image.machine.toString(16)})`);
  const host = await loadHost(opts.host);
  if (!host.host) throw new XlatError(`${host.name} cannot be a host: its spec has no lowering rules (see isa-specs/LOWERING.md)`);
  const profile = opts.profile !== undefined ? Profile.read(opts.profile) : undefined;
  const { image: out, report } = translateImage(image, guest, host, file, { profile, profilePath: opts.profile });
  writeOutput(opts.output, writeElf(out), true);
  return reportText(report, file, opts.output);
}
