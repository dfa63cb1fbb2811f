// Printing a decoded instruction as a pseudo-instruction (risc32's `mov`,
// `ret`, `br label`...). A pseudo is printed when its expansion is this one
// instruction: same mnemonic, and each expansion operand matches the decoded
// one — a fixed register must be that register, a parameter binds the
// register or value it meets (a parameter met twice must meet the same thing),
// a constant must equal the value. Only pseudos with one unconditional
// expansion of one instruction are tried: for those, printing the pseudo
// reassembles to exactly the decoded instruction.

import type { IsaModel, Pseudo, PseudoOperand, Variant } from '../spec/model.js';
import { formatResolved, type Resolved, type SymbolAt } from './operands.js';

interface Printable {
  pseudo: Pseudo;
  mnemonic: string;
  operands: PseudoOperand[];
}

const printableCache = new WeakMap<IsaModel, Printable[]>();

/** The pseudos the disassembler may print, in declaration order (the order they are tried). */
function printable(isa: IsaModel): Printable[] {
  let list = printableCache.get(isa);
  if (list === undefined) {
    list = [];
    for (const p of isa.pseudos) {
      if (!p.print || p.cases.length !== 1) continue;
      const c = p.cases[0];
      if (c.when.k !== 'true' || c.insns.length !== 1) continue;
      list.push({ pseudo: p, mnemonic: c.insns[0].mnemonic, operands: c.insns[0].operands });
    }
    printableCache.set(isa, list);
  }
  return list;
}

type Binding = { kind: 'reg'; slot: number } | { kind: 'value'; value: number; pcrel: boolean };

function bind(env: Map<string, Binding>, name: string, b: Binding): boolean {
  const old = env.get(name);
  if (old === undefined) {
    env.set(name, b);
    return true;
  }
  if (old.kind === 'reg' && b.kind === 'reg') return old.slot === b.slot;
  if (old.kind === 'value' && b.kind === 'value') return (old.value | 0) === (b.value | 0) && old.pcrel === b.pcrel;
  return false;
}

function matchOperand(po: PseudoOperand, r: Resolved, env: Map<string, Binding>): boolean {
  switch (po.kind) {
    case 'reg':
      if (r.kind !== 'reg' || r.slot < 0) return false;
      if (po.slot !== undefined) return po.slot === r.slot;
      return po.param !== undefined && bind(env, po.param, { kind: 'reg', slot: r.slot });
    case 'value':
      if (r.kind !== 'value' || r.enumName !== undefined) return false;
      if (po.e.k === 'param') return bind(env, po.e.name, { kind: 'value', value: r.value, pcrel: r.pcrel });
      if (po.e.k === 'const') return (po.e.v | 0) === (r.value | 0);
      return false; // a computed value: not something a single decoded operand can be read back into
    case 'mem':
      if (r.kind !== 'mem' || r.style !== po.style) return false;
      if (!matchOperand(po.base, r.base, env)) return false;
      if (po.disp === null || r.disp === null) return po.disp === r.disp;
      return matchOperand(po.disp, r.disp, env);
  }
}

/** The pseudo-instruction text for a decoded instruction, or undefined if none applies. */
export function formatAsPseudo(
  isa: IsaModel,
  v: Variant,
  operands: Resolved[],
  symbolAt?: SymbolAt,
): string | undefined {
  for (const p of printable(isa)) {
    if (p.mnemonic !== v.mnemonic && !v.aliases.includes(p.mnemonic)) continue;
    if (p.operands.length !== operands.length) continue;
    const env = new Map<string, Binding>();
    if (!p.operands.every((po, i) => matchOperand(po, operands[i], env))) continue;
    const args: string[] = [];
    let complete = true;
    for (const param of p.pseudo.params) {
      const b = env.get(param.name);
      if (b === undefined || b.kind !== param.kind) {
        complete = false;
        break;
      }
      args.push(formatResolved(isa, b, symbolAt));
    }
    if (!complete) continue;
    return args.length === 0 ? p.pseudo.mnemonic : `${p.pseudo.mnemonic} ${args.join(', ')}`;
  }
  return undefined;
}
