// Common-subexpression elimination by value numbering: a pure op that
// computes what an earlier one computed (same kind, width and operands, the
// operands of commutative ops in either order) becomes an alias of it. The
// flag rules compute `r[31]` and `r == a` more than once per instruction,
// and consecutive instructions recompute each other's pieces.
// Loads are memory.ts's.

import { COMMUTATIVE } from '../ir/arith.js';
import type { IrBlock, IrOp, V } from '../ir/types.js';
import { forward, type Step } from './pass.js';

/** The key of a pure op's value, or undefined for ops with effects or state reads. */
function pureKey(o: IrOp): string | undefined {
  switch (o.op) {
    case 'const':
      return `c${o.ty}:${o.value}`;
    case 'bin': {
      const [a, b] = COMMUTATIVE.has(o.kind) && o.b < o.a ? [o.b, o.a] : [o.a, o.b];
      return `b${o.ty}:${o.kind}:${a}:${b}`;
    }
    case 'un':
      return `u${o.ty}:${o.kind}:${o.a}`;
    case 'ext':
      return `e${o.ty}:${o.signed ? 's' : 'z'}:${o.a}`;
    case 'trunc':
      return `t${o.ty}:${o.a}`;
    case 'slice':
      return `s${o.ty}:${o.hi}:${o.lo}:${o.a}`;
    case 'select':
      return `?${o.ty}:${o.c}:${o.t}:${o.f}`;
    case 'bswap':
      return `w${o.ty}:${o.a}`;
    default:
      return undefined;
  }
}

export function cse(block: IrBlock): IrBlock {
  const seen = new Map<string, V>();
  const visit = (o: IrOp): Step => {
    const key = pureKey(o);
    if (key !== undefined) {
      const prev = seen.get(key);
      if (prev !== undefined) return { alias: prev };
      seen.set(key, (o as { dst: V }).dst);
      return o;
    }
    return o;
  };
  return forward(block, visit);
}
