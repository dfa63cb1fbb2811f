// The ISA back end of the assembler, derived wholly from the spec: which
// variants a statement's operands fit (forms, shortest first, ties in spec
// order — which is how the manuals' choices among encodings fall out), and
// pseudo-instructions when no real instruction takes the operands.

import { errorAt, type SourceLoc } from '../spec/diagnostic.js';
import type { Endian, IsaModel, Pseudo, Variant } from '../spec/model.js';
import type { Evaluator, IsaAssembler, Operand, Slot } from './types.js';
import { describeShapes, fromUserOperand, registerSlot, type AsmOperand } from './isa-operand.js';
import { matchVariant } from './match.js';
import { VariantForm } from './encode.js';
import { expandPseudo } from './pseudo-expand.js';

export type IsaBackend = IsaAssembler & { endian: Endian; elfMachine: number };

export function isaAssembler(isa: IsaModel): IsaBackend {
  const variants = groupBy(isa.variants, (v) => [v.mnemonic, ...v.aliases]);
  const pseudos = groupBy(isa.pseudos, (p) => [p.mnemonic]);
  const known = (mn: string): boolean => variants.has(mn) || pseudos.has(mn);
  const mnemonicPrefixes = [...new Set([...variants.keys(), ...pseudos.keys()].filter((m) => m.includes(' ')).map((m) => m.split(' ')[0]))];

  function plan(mnemonic: string, operands: Operand[], loc: SourceLoc, ev: Evaluator): Slot[] {
    let mn = mnemonic.toLowerCase();
    let userOps = operands;
    // A front end that does not join `rep movsb` hands over `movsb` as a symbol.
    const first = operands[0];
    if (first?.kind === 'imm' && first.expr.kind === 'sym' && known(`${mn} ${first.expr.name.toLowerCase()}`)) {
      mn = `${mn} ${first.expr.name.toLowerCase()}`;
      userOps = operands.slice(1);
    }
    if (!known(mn)) throw errorAt(loc, `unknown instruction '${mn}'`);
    const ops = userOps.map((o) => fromUserOperand(isa, o, ev));

    const slot = realSlot(mn, ops, loc, ev);
    if (slot) return [slot];
    for (const p of pseudos.get(mn) ?? []) {
      const expansion = expandPseudo(p, ops, loc, ev);
      if (!expansion) continue;
      return expansion.map((insn) => {
        const s = realSlot(insn.mnemonic, insn.operands, loc, ev);
        if (!s) {
          throw errorAt(loc, `'${mn}' expands to '${insn.mnemonic}' with ${describeShapes(insn.operands)}, which no form of it takes`);
        }
        return s;
      });
    }
    throw errorAt(loc, `no form of '${mn}' takes ${describeShapes(ops)}`);
  }

  function realSlot(mn: string, ops: AsmOperand[], loc: SourceLoc, ev: Evaluator): Slot | null {
    const forms: VariantForm[] = [];
    for (const v of variants.get(mn) ?? []) {
      const b = matchVariant(isa, v, ops, ev);
      if (b) forms.push(new VariantForm(v, b, isa.endian, mn));
    }
    if (forms.length === 0) return null;
    forms.sort((a, b) => a.length - b.length || a.variant.id - b.variant.id);
    return { forms, loc };
  }

  return {
    name: isa.name,
    endian: isa.endian,
    elfMachine: isa.elfMachine,
    operandPrefixes: [...isa.operandPrefixes],
    mnemonicPrefixes,
    isRegister: (name) => registerSlot(isa, name) !== undefined,
    plan,
    insnAlign: isa.insnAlign,
  };
}

function groupBy<T extends Variant | Pseudo>(items: T[], keys: (x: T) => string[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    for (const k of new Set(keys(x).map((s) => s.toLowerCase()))) {
      const list = out.get(k) ?? [];
      list.push(x);
      out.set(k, list);
    }
  }
  return out;
}
