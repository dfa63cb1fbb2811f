// Operand shapes against a variant's operand templates. Matching looks only
// at shapes (and at a displacement known to be nonzero, which rules out the
// form without one); whether a value fits is left to the layout, which asks
// each form in turn.

import { fieldFits } from '../spec/bits.js';
import type { Field, IsaModel, OperandTemplate, OperandValue, Variant } from '../spec/model.js';
import type { Evaluator } from './types.js';
import { zeroValue, type AsmOperand, type Value } from './isa-operand.js';

export type VariantField = Field & { tokenIndex: number };

/** How the operands of one statement fill one variant's fields. */
export interface Binding {
  regs: Array<{ field: VariantField; index: number }>;
  values: Array<{ def: OperandValue; field: VariantField; value: Value }>;
  /** Displacements written by the user where the form has none: they must come to 0. */
  zeros: Value[];
}

/** The binding of `ops` to `variant`, or null when their shapes differ. */
export function matchVariant(isa: IsaModel, variant: Variant, ops: AsmOperand[], planEv: Evaluator): Binding | null {
  if (variant.operands.length !== ops.length) return null;
  const b: Binding = { regs: [], values: [], zeros: [] };
  const ok = variant.operands.every((t, i) => matchOne(isa, variant, t, ops[i], planEv, b));
  return ok ? b : null;
}

function matchOne(
  isa: IsaModel,
  v: Variant,
  t: OperandTemplate,
  op: AsmOperand,
  planEv: Evaluator,
  b: Binding,
): boolean {
  switch (t.kind) {
    case 'reg': {
      if (op.kind !== 'reg') return false;
      const field = fieldNamed(v, t.field);
      const reg = isa.registers[op.slot];
      if (!field || reg?.file === undefined || reg.index === undefined) return false;
      if (reg.file !== field.regFile || !fieldFits(field, reg.index)) return false;
      b.regs.push({ field, index: reg.index });
      return true;
    }
    case 'fixedreg':
      return op.kind === 'reg' && op.slot === t.slot;
    case 'value':
      return op.kind === 'imm' && bindValue(v, t.name, op.value, b);
    case 'mem': {
      if (op.kind !== 'mem' || op.style !== t.style) return false;
      if (!matchOne(isa, v, t.base, { kind: 'reg', slot: op.base, loc: op.loc }, planEv, b)) return false;
      if (t.disp === null) {
        if (op.disp === null) return true;
        // `[r3 + 0]` is `[r3]`; a displacement not known yet may still come to 0.
        const known = op.disp.peek(planEv);
        if (known !== undefined && known !== 0) return false;
        b.zeros.push(op.disp);
        return true;
      }
      if (t.disp.kind !== 'value') return false;
      return bindValue(v, t.disp.name, op.disp ?? zeroValue(op.loc), b);
    }
    case 'prefixed':
      return op.kind === 'prefixed' && op.prefix === t.prefix && matchOne(isa, v, t.inner, op.inner, planEv, b);
  }
}

function bindValue(v: Variant, name: string, value: Value, b: Binding): boolean {
  const def = v.values.find((x) => x.name === name) ?? { name, transform: { kind: 'field', field: name }, pcrel: false };
  const field = fieldNamed(v, innermostField(def));
  if (!field) return false;
  b.values.push({ def, field, value });
  return true;
}

function innermostField(def: OperandValue): string {
  let t = def.transform;
  while (t.kind !== 'field') t = t.arg;
  return t.field;
}

function fieldNamed(v: Variant, name: string): VariantField | undefined {
  return v.fields.find((f) => f.name === name);
}
