// Walks the parsed lines twice: first to learn every symbol (so that .equ
// and labels may be used before their definition), then in source order to
// fill the sections with labels, data and the ISA back end's instruction slots.

import { errorAt, type XlatError } from '../spec/diagnostic.js';
import type { Evaluator, IsaAssembler } from './types.js';
import type { ParsedLine } from './parser.js';
import { applyDirective, parseEqu, type DirectiveState, type NameRef } from './directives.js';
import { SectionSet, type Section } from './sections.js';
import type { SymbolTable } from './symbols.js';
import type { Diagnostics } from './diagnostics.js';

export interface Program {
  sections: SectionSet;
  /** The section each label lies in. */
  labelSections: Map<string, Section>;
  entry: NameRef | null;
  globals: NameRef[];
  /** The `.isa` directive named another ISA. */
  wrongIsa: XlatError | null;
}

/** Defines every label and .equ of the file in `symbols`, reporting duplicates. */
export function collectSymbols(
  lines: ParsedLine[],
  symbols: SymbolTable,
  isa: Pick<IsaAssembler, 'isRegister'>,
  diags: Diagnostics,
): void {
  for (const line of lines) {
    for (const label of line.labels) {
      const err = symbols.defineLabel(label.name, label.loc);
      if (err) diags.add(err);
    }
    const st = line.statement;
    if (st?.kind !== 'directive' || st.name !== '.equ') continue;
    try {
      const equ = parseEqu(st, (n) => isa.isRegister(n));
      const err = symbols.defineEqu(equ.name, equ.expr, equ.loc);
      if (err) diags.add(err);
    } catch (err) {
      diags.catch(err);
    }
  }
}

/** The program's sections and facts, in source order (symbols already collected). */
export function buildProgram(
  lines: ParsedLine[],
  symbols: SymbolTable,
  isa: IsaAssembler,
  planEv: Evaluator,
  diags: Diagnostics,
): Program {
  const labelSections = new Map<string, Section>();
  const st: DirectiveState = {
    isaName: isa.name,
    isRegister: (n) => isa.isRegister(n),
    symbols,
    sections: new SectionSet(),
    planEv,
    isaAllowed: true,
    wrongIsa: null,
    entry: null,
    globals: [],
    report: (err) => diags.catch(err),
  };
  for (const line of lines) {
    for (const label of line.labels) {
      st.isaAllowed = false;
      // Only a label's first definition places it (a duplicate is already reported).
      if (symbols.labels.get(label.name)?.loc !== label.loc) continue;
      st.sections.current.items.push({ kind: 'label', name: label.name, addr: 0 });
      labelSections.set(label.name, st.sections.current);
    }
    const stmt = line.statement;
    if (!stmt) {
      if (line.errors.length > 0) st.isaAllowed = false;
      continue;
    }
    try {
      if (stmt.kind === 'directive') {
        applyDirective(st, stmt);
      } else {
        const sec = st.sections.current;
        if (sec.nobits) {
          throw errorAt(stmt.loc, `instructions are not allowed in ${sec.name} (only .space, .align and labels)`);
        }
        for (const slot of isa.plan(stmt.mnemonic, stmt.operands, stmt.loc, planEv)) {
          if (slot.forms.length === 0) throw new Error(`ISA back end bug: '${stmt.mnemonic}' planned a slot with no forms`);
          sec.items.push({ kind: 'slot', slot, form: 0, addr: 0 });
        }
      }
    } catch (err) {
      diags.catch(err);
    }
    st.isaAllowed = false;
  }
  return { sections: st.sections, labelSections, entry: st.entry, globals: st.globals, wrongIsa: st.wrongIsa };
}
