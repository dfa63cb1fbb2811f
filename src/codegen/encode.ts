// Template instructions to host machine code, through the assembler's own
// back-end pieces (operand matching, forms, pseudo-instruction expansion), so
// the code generator encodes exactly what the assembler would for the same
// text: a template names an instruction or pseudo-instruction of the host
// spec, its holes filled with register slots and computed values.

import { VariantForm } from '../asm/encode.js';
import type { AsmOperand, Value } from '../asm/isa-operand.js';
import { matchVariant } from '../asm/match.js';
import { expandPseudo } from '../asm/pseudo-expand.js';
import type { Evaluator } from '../asm/types.js';
import type { SourceLoc } from '../spec/diagnostic.js';
import type { IsaModel, LowerInsn, LowerOperand, Pseudo, Variant } from '../spec/model.js';
import { evalHostExpr } from './hexpr.js';

/** What a template's holes and names stand for in one use of it. */
export interface Env {
  /** Host register slot of a register hole (d, t0, a pattern variable, exit, link, base). */
  reg(hole: string): number;
  /** Value of a name (a constant, a layout name, a label's address, self); undefined while unknown. */
  value(name: string): number | undefined;
}

const NO_EV: Evaluator = { eval: () => undefined, evalFinal: () => 0, isConstant: () => true };
const LOC: SourceLoc = { file: '<lowering>', line: 0, col: 0 };

interface Groups {
  variants: Map<string, Variant[]>;
  pseudos: Map<string, Pseudo[]>;
}

const groupsOf = new WeakMap<IsaModel, Groups>();

function groups(isa: IsaModel): Groups {
  let g = groupsOf.get(isa);
  if (!g) {
    g = { variants: new Map(), pseudos: new Map() };
    for (const v of isa.variants) {
      for (const n of new Set([v.mnemonic, ...v.aliases])) {
        const list = g.variants.get(n) ?? [];
        list.push(v);
        g.variants.set(n, list);
      }
    }
    for (const p of isa.pseudos) {
      const list = g.pseudos.get(p.mnemonic) ?? [];
      list.push(p);
      g.pseudos.set(p.mnemonic, list);
    }
    groupsOf.set(isa, g);
  }
  return g;
}

export class EncodeError extends Error {}

function valueOf(t: LowerInsn, op: Extract<LowerOperand, { kind: 'value' }>, env: Env): Value {
  return {
    loc: LOC,
    constant: true,
    peek: () => evalHostExpr(op.e, (n) => env.value(n)),
    final: () => {
      const v = evalHostExpr(op.e, (n) => env.value(n));
      if (v === undefined) throw new EncodeError(`'${t.text}': a value is not known`);
      return v;
    },
  };
}

function operand(t: LowerInsn, o: LowerOperand, env: Env): AsmOperand {
  switch (o.kind) {
    case 'reg':
      return { kind: 'reg', slot: env.reg(o.hole), loc: LOC };
    case 'fixedreg':
      return { kind: 'reg', slot: o.slot, loc: LOC };
    case 'value':
      return { kind: 'imm', value: valueOf(t, o, env), loc: LOC };
    case 'mem': {
      const base = operand(t, o.base, env);
      if (base.kind !== 'reg') throw new EncodeError(`'${t.text}': the base of a memory operand must be a register`);
      const disp = o.disp ? operand(t, o.disp, env) : null;
      if (disp && disp.kind !== 'imm') throw new EncodeError(`'${t.text}': a displacement must be a value`);
      return { kind: 'mem', style: o.style, base: base.slot, disp: disp && disp.kind === 'imm' ? disp.value : null, loc: LOC };
    }
    case 'prefixed':
      return { kind: 'prefixed', prefix: o.prefix, inner: operand(t, o.inner, env), loc: LOC };
  }
}

function describe(ops: AsmOperand[]): string {
  return ops
    .map((o) => {
      switch (o.kind) {
        case 'reg':
          return `r#${o.slot}`;
        case 'imm':
          return String(o.value.peek(NO_EV));
        case 'mem':
          return `mem(r#${o.base})`;
        case 'prefixed':
          return `${o.prefix} ...`;
      }
    })
    .join(', ');
}

/** The forms of a real instruction for these operands that fit at addr (shortest first, spec order). */
function realForm(isa: IsaModel, t: LowerInsn, mn: string, ops: AsmOperand[], addr: number): VariantForm {
  const candidates: VariantForm[] = [];
  for (const v of groups(isa).variants.get(mn) ?? []) {
    const b = matchVariant(isa, v, ops, NO_EV);
    if (b) candidates.push(new VariantForm(v, b, isa.endian, mn));
  }
  candidates.sort((a, b) => a.length - b.length || a.variant.id - b.variant.id);
  const why: string[] = [];
  for (const f of candidates) {
    const r = f.fits(NO_EV, addr);
    if (r === null) return f;
    why.push(r);
  }
  throw new EncodeError(
    `'${t.text}' as '${mn} ${describe(ops)}': ${why.length ? why.join('; ') : 'no form takes these operands (a register outside its file?)'}`,
  );
}

/** The real instructions (mnemonic, operands) one template instruction stands for here. */
function expand(isa: IsaModel, t: LowerInsn, env: Env): Array<{ mn: string; ops: AsmOperand[] }> {
  const ops = t.operands.map((o) => operand(t, o, env));
  const g = groups(isa);
  if (g.variants.has(t.mnemonic)) return [{ mn: t.mnemonic, ops }];
  for (const p of g.pseudos.get(t.mnemonic) ?? []) {
    const x = expandPseudo(p, ops, LOC, NO_EV);
    if (x) return x.map((e) => ({ mn: e.mnemonic, ops: e.operands }));
  }
  throw new EncodeError(`'${t.text}': no form of '${t.mnemonic}' takes ${describe(ops)}`);
}

/**
 * The forms one template instruction takes at addr: one per real host
 * instruction it stands for. Their lengths give its size; encoding them at
 * an address gives its bytes, the values (pc-relative ones too) computed
 * then — so a caller that knows the choice of forms cannot change (no
 * label's address went into it) may keep them and encode them later.
 */
export function templateForms(isa: IsaModel, t: LowerInsn, env: Env, addr: number): VariantForm[] {
  const forms: VariantForm[] = [];
  let at = addr;
  for (const x of expand(isa, t, env)) {
    const f = realForm(isa, t, x.mn, x.ops, at);
    forms.push(f);
    at += f.length;
  }
  return forms;
}

/** Bytes of each host instruction of forms chosen by templateForms, placed at addr. */
export function encodeForms(forms: readonly VariantForm[], addr: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = addr;
  for (const f of forms) {
    const bytes = f.encode(NO_EV, at);
    out.push(bytes);
    at += bytes.length;
  }
  return out;
}

/** Bytes of each host instruction of one template instruction at addr. */
export function encodeTemplate(isa: IsaModel, t: LowerInsn, env: Env, addr: number): Uint8Array[] {
  return encodeForms(templateForms(isa, t, env, addr), addr);
}

/** Length in bytes of a forms list. */
export function formsSize(forms: readonly VariantForm[]): number {
  let n = 0;
  for (const f of forms) n += f.length;
  return n;
}

/** Length in bytes of a template instruction at addr (unknown labels taken as fitting the shortest form). */
export function templateSize(isa: IsaModel, t: LowerInsn, env: Env, addr: number): number {
  return formsSize(templateForms(isa, t, env, addr));
}
