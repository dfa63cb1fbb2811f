// Pseudo-instructions: which alternative applies (decided once, when the
// statement is planned, so that `li r1, label` is always two instructions)
// and the operands of its expansion, whose values are computed from the
// parameters in 32-bit arithmetic whenever the layout asks.

import { errorAt, type SourceLoc } from '../spec/diagnostic.js';
import type { Pseudo, PseudoCond, PseudoExpr, PseudoInsn, PseudoOperand } from '../spec/model.js';
import type { Evaluator } from './types.js';
import { inValueRange, outOfRange, type AsmOperand, type Value } from './isa-operand.js';

/** The parameters of one use of a pseudo-instruction. */
interface Args {
  regs: Map<string, { slot: number; loc: SourceLoc }>;
  values: Map<string, Value>;
  loc: SourceLoc;
}

/** One instruction of the chosen expansion, with operands ready to match. */
export interface Expanded {
  mnemonic: string;
  operands: AsmOperand[];
}

/** The expansion of `p` for these operands, or null when their shapes are not the pseudo's. */
export function expandPseudo(p: Pseudo, ops: AsmOperand[], loc: SourceLoc, planEv: Evaluator): Expanded[] | null {
  const args = bindParams(p, ops, loc);
  if (!args) return null;
  const chosen = p.cases.find((c) => holds(c.when, args, planEv));
  // The spec checker makes the last case unconditional; be safe anyway.
  if (!chosen) return null;
  return chosen.insns.map((insn: PseudoInsn) => ({
    mnemonic: insn.mnemonic,
    operands: insn.operands.map((o) => expandOperand(o, args)),
  }));
}

function bindParams(p: Pseudo, ops: AsmOperand[], loc: SourceLoc): Args | null {
  if (p.params.length !== ops.length) return null;
  const args: Args = { regs: new Map(), values: new Map(), loc };
  for (let i = 0; i < ops.length; i++) {
    const param = p.params[i];
    const op = ops[i];
    if (param.kind === 'reg' && op.kind === 'reg') args.regs.set(param.name, { slot: op.slot, loc: op.loc });
    else if (param.kind === 'value' && op.kind === 'imm') args.values.set(param.name, op.value);
    else return null;
  }
  return args;
}

function holds(c: PseudoCond, args: Args, planEv: Evaluator): boolean {
  switch (c.k) {
    case 'true':
      return true;
    case 'and':
      return holds(c.a, args, planEv) && holds(c.b, args, planEv);
    case 'const':
      return args.values.get(c.param)?.constant ?? false;
    case 'fits': {
      const v = args.values.get(c.param)?.peek(planEv);
      if (v === undefined || !inValueRange(v)) return false;
      const x = c.signed ? v | 0 : v >>> 0;
      return c.signed ? x >= -(2 ** (c.bits - 1)) && x < 2 ** (c.bits - 1) : x < 2 ** c.bits;
    }
  }
}

function expandOperand(o: PseudoOperand, args: Args): AsmOperand {
  switch (o.kind) {
    case 'reg': {
      if (o.param !== undefined) {
        const r = args.regs.get(o.param);
        if (!r) throw errorAt(args.loc, `pseudo-instruction parameter '${o.param}' is not a register`);
        return { kind: 'reg', slot: r.slot, loc: r.loc };
      }
      // The spec loader gives every register operand a parameter or a slot.
      if (o.slot === undefined) throw new Error('pseudo-instruction register operand with neither parameter nor slot');
      return { kind: 'reg', slot: o.slot, loc: args.loc };
    }
    case 'value': {
      const value = computedValue(o.e, args);
      return { kind: 'imm', value, loc: value.loc };
    }
    case 'mem': {
      const base = expandOperand(o.base, args);
      if (base.kind !== 'reg') throw errorAt(args.loc, 'the base of a memory operand must be a register');
      const disp = o.disp ? expandOperand(o.disp, args) : null;
      if (disp && disp.kind !== 'imm') throw errorAt(args.loc, 'a displacement must be a value');
      return { kind: 'mem', style: o.style, base: base.slot, disp: disp ? disp.value : null, loc: base.loc };
    }
  }
}

/**
 * A parameter passed on unchanged keeps the user's value as written (so a
 * narrow unsigned field sees it unwrapped); anything computed from
 * parameters is a 32-bit result.
 */
function computedValue(e: PseudoExpr, args: Args): Value {
  if (e.k === 'param') return paramValue(e.name, args);
  const names = [...new Set(paramsOf(e))];
  const params = names.map((n) => paramValue(n, args));
  const env = (vals: number[]): Map<string, number> => new Map(names.map((n, i) => [n, vals[i] >>> 0]));
  return {
    loc: params[0]?.loc ?? args.loc,
    constant: params.every((p) => p.constant),
    peek(ev) {
      const vals = params.map((p) => p.peek(ev));
      if (vals.some((v) => v === undefined || !inValueRange(v))) return undefined;
      return evalPseudo(e, env(vals as number[]));
    },
    final(ev) {
      const vals = params.map((p) => {
        const v = p.final(ev);
        if (!inValueRange(v)) throw errorAt(p.loc, outOfRange(v));
        return v;
      });
      return evalPseudo(e, env(vals));
    },
  };
}

function paramValue(name: string, args: Args): Value {
  const v = args.values.get(name);
  if (!v) throw errorAt(args.loc, `pseudo-instruction parameter '${name}' is not a value`);
  return v;
}

function paramsOf(e: PseudoExpr): string[] {
  switch (e.k) {
    case 'param':
      return [e.name];
    case 'const':
      return [];
    case 'bin':
      return [...paramsOf(e.a), ...paramsOf(e.b)];
    case 'un':
    case 'sext':
    case 'slice':
      return paramsOf(e.a);
  }
}

/** A pseudo value in 32-bit arithmetic, as an unsigned 32-bit number. */
export function evalPseudo(e: PseudoExpr, env: Map<string, number>): number {
  switch (e.k) {
    case 'param':
      return (env.get(e.name) ?? 0) >>> 0;
    case 'const':
      return e.v >>> 0;
    case 'un': {
      const a = evalPseudo(e.a, env);
      if (e.op === 'neg') return -a >>> 0;
      if (e.op === 'not') return ~a >>> 0;
      return a === 0 ? 1 : 0;
    }
    case 'sext': {
      const a = evalPseudo(e.a, env);
      if (e.bits >= 32) return a;
      const sh = 32 - e.bits;
      return ((a << sh) >> sh) >>> 0;
    }
    case 'slice': {
      const a = evalPseudo(e.a, env);
      const w = e.hi - e.lo + 1;
      return w >= 32 ? a >>> e.lo : (a >>> e.lo) & (2 ** w - 1);
    }
    case 'bin':
      return binary(e.op, evalPseudo(e.a, env), evalPseudo(e.b, env));
  }
}

function binary(op: string, a: number, b: number): number {
  switch (op) {
    case 'add':
      return (a + b) >>> 0;
    case 'sub':
      return (a - b) >>> 0;
    case 'mul':
      return Math.imul(a, b) >>> 0;
    case 'and':
      return (a & b) >>> 0;
    case 'or':
      return (a | b) >>> 0;
    case 'xor':
      return (a ^ b) >>> 0;
    case 'shl':
      return b >= 32 ? 0 : (a << b) >>> 0;
    case 'shr':
      return b >= 32 ? 0 : a >>> b;
    case 'sar':
      return (a | 0) >> Math.min(b, 31) >>> 0;
    default:
      // The spec loader admits no other operator in pseudo values.
      throw new Error(`operator '${op}' in a pseudo-instruction value`);
  }
}
