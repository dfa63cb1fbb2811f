// The back end's view of an operand: registers resolved to state slots and
// values made into thunks of the evaluator. User operands and the operands a
// pseudo-instruction expands to take this one shape, so that both are matched
// against the spec's operand templates by the same code.

import { errorAt, type SourceLoc } from '../spec/diagnostic.js';
import type { IsaModel } from '../spec/model.js';
import type { Evaluator, Expr, Operand } from './types.js';

/** A value an operand stands for, computed when the layout asks. */
export interface Value {
  loc: SourceLoc;
  /** No label in it: its value is known when the statement is planned. */
  constant: boolean;
  /** The value, or undefined while a label in it is unknown (or when only `final` can say what is wrong). */
  peek(ev: Evaluator): number | undefined;
  /** The value; throws an XlatError naming the place when there is none. */
  final(ev: Evaluator): number;
}

export type AsmOperand =
  | { kind: 'reg'; slot: number; loc: SourceLoc }
  | { kind: 'imm'; value: Value; loc: SourceLoc }
  | { kind: 'mem'; style: 'bracket' | 'paren'; base: number; disp: Value | null; loc: SourceLoc }
  | { kind: 'prefixed'; prefix: string; inner: AsmOperand; loc: SourceLoc };

/** Every value an immediate may take before it is taken modulo 2^32 (manual §7). */
export const VALUE_MIN = -(2 ** 31);
export const VALUE_MAX = 2 ** 32 - 1;

export function inValueRange(v: number): boolean {
  return Number.isInteger(v) && v >= VALUE_MIN && v <= VALUE_MAX;
}

export function outOfRange(v: number): string {
  return `value ${v} out of range ${VALUE_MIN}..${VALUE_MAX}`;
}

export function exprValue(e: Expr, planEv: Evaluator): Value {
  return {
    loc: e.loc,
    constant: planEv.isConstant(e),
    peek: (ev) => ev.eval(e),
    final: (ev) => ev.evalFinal(e),
  };
}

/** A displacement the user left out: the number 0 at the operand. */
export function zeroValue(loc: SourceLoc): Value {
  return { loc, constant: true, peek: () => 0, final: () => 0 };
}

/**
 * Register names of assembly language: flags have names in the model (for
 * the spec's semantics) but are never operands, so a label may be called `c`.
 */
export function registerSlot(isa: IsaModel, name: string): number | undefined {
  const slot = isa.regNames[name.toLowerCase()];
  if (slot === undefined || isa.registers[slot]?.flag) return undefined;
  return slot;
}

export function fromUserOperand(isa: IsaModel, op: Operand, planEv: Evaluator): AsmOperand {
  switch (op.kind) {
    case 'reg':
      return { kind: 'reg', slot: slotOrFail(isa, op.name, op.loc), loc: op.loc };
    case 'imm':
      return { kind: 'imm', value: exprValue(op.expr, planEv), loc: op.loc };
    case 'mem':
      return {
        kind: 'mem',
        style: op.style,
        base: slotOrFail(isa, op.base, op.loc),
        disp: op.disp ? exprValue(op.disp, planEv) : null,
        loc: op.loc,
      };
    case 'prefixed':
      return { kind: 'prefixed', prefix: op.prefix.toLowerCase(), inner: fromUserOperand(isa, op.inner, planEv), loc: op.loc };
  }
}

function slotOrFail(isa: IsaModel, name: string, loc: SourceLoc): number {
  const slot = registerSlot(isa, name);
  if (slot === undefined) throw errorAt(loc, `'${name}' is not a register of ${isa.name}`);
  return slot;
}

/** The operand's shape as error messages name it: register, immediate, memory, `byte memory`. */
export function describeShape(op: AsmOperand): string {
  switch (op.kind) {
    case 'reg':
      return 'register';
    case 'imm':
      return 'immediate';
    case 'mem':
      return 'memory';
    case 'prefixed':
      return `${op.prefix} ${describeShape(op.inner)}`;
  }
}

export function describeShapes(ops: AsmOperand[]): string {
  return ops.length === 0 ? 'no operands' : `operands (${ops.map(describeShape).join(', ')})`;
}
