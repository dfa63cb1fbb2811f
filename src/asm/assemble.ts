// Source text to ElfImage: parse, collect symbols, build sections, lay out
// to the fixed point, encode, and describe the result as segments and
// symbols. Every stage goes on after an error so that one run reports all of
// a file's errors.

import { errorAt, XlatErrors } from '../spec/diagnostic.js';
import type { ElfImage, ElfSegment, ElfSymbol, Endian } from '../elf/image.js';
import type { IsaAssembler } from './types.js';
import { parseLine } from './parser.js';
import { SymbolTable } from './symbols.js';
import { Diagnostics } from './diagnostics.js';
import { buildProgram, collectSymbols } from './program.js';
import type { NameRef } from './directives.js';
import { encodeSection, relax, TEXT_BASE } from './layout.js';
import { TEXT } from './sections.js';

/** An ISA back end together with what the ELF file needs of the ISA. */
export type AsmIsa = IsaAssembler & { endian: Endian; elfMachine: number };

/** Assembles one file; throws one XlatErrors with every error found (`file:line:col: message`). */
export function assemble(source: string, file: string, isa: AsmIsa): ElfImage {
  const diags = new Diagnostics(file);
  const lines = source.split('\n').map((text, n) => parseLine(text, n + 1, file, isa));
  for (const line of lines) diags.add(...line.errors);

  const symbols = new SymbolTable();
  collectSymbols(lines, symbols, isa, diags);
  diags.add(...symbols.findCycles());
  const program = buildProgram(lines, symbols, isa, symbols.evaluator(null), diags);
  // Against the wrong ISA every instruction is an error: report only the cause.
  if (program.wrongIsa) throw new XlatErrors([program.wrongIsa.message]);

  const sections = program.sections.ordered();
  const { labels, ev } = relax(sections, symbols);
  const report = (err: unknown): void => diags.catch(err);
  const encoded = sections.map((sec) => encodeSection(sec, ev, isa.endian, report, isa.insnAlign ?? 1));

  // Unused .equ names are checked too: a division by zero is an error wherever it is.
  for (const equ of symbols.equs.values()) {
    try {
      ev.evalFinal(equ.expr);
    } catch (err) {
      report(err);
    }
  }
  const labelAt = (ref: NameRef): number | undefined => {
    const addr = labels.get(ref.name);
    if (addr !== undefined) return addr;
    const why = symbols.equs.has(ref.name) ? `'${ref.name}' is an .equ constant, not a label` : `undefined symbol '${ref.name}'`;
    report(errorAt(ref.loc, why));
    return undefined;
  };
  const globals = new Set(program.globals.filter((g) => labelAt(g) !== undefined).map((g) => g.name));
  const entry = (program.entry ? labelAt(program.entry) : labels.get('_start')) ?? TEXT_BASE;
  diags.throwIfAny();

  // Empty sections are left out, except that a file with nothing at all keeps its .text.
  const segments: ElfSegment[] = [];
  sections.forEach((sec, k) => {
    if (sec.size === 0 && !(sec.name === TEXT && sections.every((s) => s.size === 0))) return;
    segments.push({ name: sec.name, vaddr: sec.base, flags: { ...sec.flags }, data: encoded[k]!, memSize: sec.size });
  });
  const emitted = new Set(segments.map((s) => s.name));
  const symbolsOut: ElfSymbol[] = [...symbols.labels.keys()].map((name) => {
    const sec = program.labelSections.get(name)!;
    return {
      name,
      value: labels.get(name)!,
      size: 0,
      kind: sec.flags.x ? 'func' : 'object',
      global: globals.has(name),
      // A label in a section left out (empty) has no section to lie in.
      ...(emitted.has(sec.name) ? { section: sec.name } : {}),
    };
  });
  return { endian: isa.endian, machine: isa.elfMachine, entry, segments, symbols: symbolsOut, notes: [] };
}
