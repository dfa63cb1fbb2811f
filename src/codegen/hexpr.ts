// Constant expressions of lowering rules (guards and computed template
// values), in 32-bit arithmetic as pseudo-instruction values are: every
// result is an unsigned 32-bit number. A name without a value (a label whose
// address is not known yet) makes the result undefined.

import type { HostExpr } from '../spec/model.js';

export type NameValue = (name: string) => number | undefined;

export function evalHostExpr(e: HostExpr, env: NameValue): number | undefined {
  switch (e.k) {
    case 'num':
      return e.v >>> 0;
    case 'name': {
      const v = env(e.name);
      return v === undefined ? undefined : v >>> 0;
    }
    case 'un': {
      const a = evalHostExpr(e.a, env);
      if (a === undefined) return undefined;
      if (e.op === '-') return -a >>> 0;
      if (e.op === '~') return ~a >>> 0;
      return a === 0 ? 1 : 0;
    }
    case 'cond': {
      const c = evalHostExpr(e.c, env);
      if (c === undefined) return undefined;
      return evalHostExpr(c !== 0 ? e.t : e.f, env);
    }
    case 'slice': {
      const a = evalHostExpr(e.a, env);
      if (a === undefined) return undefined;
      const w = e.hi - e.lo + 1;
      return w >= 32 ? a >>> e.lo : (a >>> e.lo) & (2 ** w - 1);
    }
    case 'sext': {
      const a = evalHostExpr(e.a, env);
      if (a === undefined) return undefined;
      if (e.bits >= 32) return a;
      const sh = 32 - e.bits;
      return ((a << sh) >> sh) >>> 0;
    }
    case 'fits': {
      const a = evalHostExpr(e.a, env);
      if (a === undefined) return undefined;
      if (e.signed) {
        const x = a | 0;
        return x >= -(2 ** (e.bits - 1)) && x < 2 ** (e.bits - 1) ? 1 : 0;
      }
      return a < 2 ** e.bits ? 1 : 0;
    }
    case 'bin': {
      if (e.op === '&&' || e.op === '||') {
        const a = evalHostExpr(e.a, env);
        if (a === undefined) return undefined;
        if (e.op === '&&' && a === 0) return 0;
        if (e.op === '||' && a !== 0) return 1;
        const b = evalHostExpr(e.b, env);
        return b === undefined ? undefined : b !== 0 ? 1 : 0;
      }
      const a = evalHostExpr(e.a, env);
      const b = evalHostExpr(e.b, env);
      if (a === undefined || b === undefined) return undefined;
      return binary(e.op, a, b);
    }
  }
}

function binary(op: string, a: number, b: number): number {
  const sa = a | 0;
  const sb = b | 0;
  switch (op) {
    case '+':
      return (a + b) >>> 0;
    case '-':
      return (a - b) >>> 0;
    case '*':
      return Math.imul(a, b) >>> 0;
    case '&':
      return (a & b) >>> 0;
    case '|':
      return (a | b) >>> 0;
    case '^':
      return (a ^ b) >>> 0;
    case '<<':
      return b >= 32 ? 0 : (a << b) >>> 0;
    case '>>u':
      return b >= 32 ? 0 : a >>> b;
    case '>>s':
      return (sa >> Math.min(b, 31)) >>> 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '<u':
      return a < b ? 1 : 0;
    case '<=u':
      return a <= b ? 1 : 0;
    case '>u':
      return a > b ? 1 : 0;
    case '>=u':
      return a >= b ? 1 : 0;
    case '<s':
      return sa < sb ? 1 : 0;
    case '<=s':
      return sa <= sb ? 1 : 0;
    case '>s':
      return sa > sb ? 1 : 0;
    case '>=s':
      return sa >= sb ? 1 : 0;
  }
  throw new Error(`internal: operator ${op} in a lowering expression`);
}
