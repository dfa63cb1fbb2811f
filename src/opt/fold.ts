// Constant folding: an op whose operands are all constants becomes a
// constant, computed with the interpreter's arithmetic (ir/arith.ts), so the
// folded block means exactly what the unfolded one did. Guards that are
// constants resolve: a load under a false guard is 0, a store, fault or
// syscall under a false guard goes, a true guard is dropped. A select on a
// constant condition is its arm; an exit on a constant is direct.

import { evalBin, evalBswap, evalExt, evalSlice, evalUn, norm } from '../ir/arith.js';
import type { Exit, IrBlock, IrOp, Ty, V } from '../ir/types.js';
import { forward, unguarded, type Step } from './pass.js';

export function foldConstants(block: IrBlock): IrBlock {
  const k = new Map<V, number>();
  const ty = (v: V): number => block.types[v];
  const konst = (o: { dst: V; ty: Ty }, value: number): IrOp => {
    const c = norm(value, o.ty);
    k.set(o.dst, c);
    return { op: 'const', dst: o.dst, ty: o.ty, value: c };
  };

  const visit = (o: IrOp): Step => {
    switch (o.op) {
      case 'const':
        k.set(o.dst, o.value);
        return o;
      case 'bin': {
        const a = k.get(o.a);
        const b = k.get(o.b);
        return a !== undefined && b !== undefined ? konst(o, evalBin(o.kind, o.ty, a, b, ty(o.a))) : o;
      }
      case 'un': {
        const a = k.get(o.a);
        return a !== undefined ? konst(o, evalUn(o.kind, o.ty, a)) : o;
      }
      case 'ext': {
        const a = k.get(o.a);
        return a !== undefined ? konst(o, evalExt(a, ty(o.a), o.ty, o.signed)) : o;
      }
      case 'trunc': {
        const a = k.get(o.a);
        return a !== undefined ? konst(o, a) : o;
      }
      case 'slice': {
        const a = k.get(o.a);
        return a !== undefined ? konst(o, evalSlice(a, o.hi, o.lo)) : o;
      }
      case 'bswap': {
        const a = k.get(o.a);
        return a !== undefined ? konst(o, evalBswap(a, o.ty)) : o;
      }
      case 'select': {
        const c = k.get(o.c);
        return c === undefined ? o : { alias: c !== 0 ? o.t : o.f };
      }
      case 'load': {
        const g = o.guard === undefined ? undefined : k.get(o.guard);
        if (g === undefined) return o;
        return g !== 0 ? unguarded(o) : konst(o, 0);
      }
      case 'store':
      case 'fault':
      case 'syscall': {
        const g = o.guard === undefined ? undefined : k.get(o.guard);
        if (g === undefined) return o;
        return g !== 0 ? unguarded(o) : null;
      }
      default:
        return o;
    }
  };

  const visitExit = (e: Exit): Exit => {
    if (e.kind === 'branch') {
      const c = k.get(e.cond);
      if (c !== undefined) return { kind: 'direct', pc: (c !== 0 ? e.taken : e.fallthrough) >>> 0 };
    }
    if (e.kind === 'indirect') {
      const t = k.get(e.target);
      if (t !== undefined) return { kind: 'direct', pc: t >>> 0 };
    }
    return e;
  };

  return forward(block, visit, visitExit);
}
