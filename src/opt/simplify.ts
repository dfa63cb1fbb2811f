// Algebraic simplification and copy propagation: ops that give one of their
// operands (x+0, x&-1, x|0, x^0, shifts by 0, select with equal arms,
// not(not x), trunc(zext x)) become aliases of it; ops with a known result
// (x-x, x^x, x&0, comparisons of a value with itself) become constants; a
// few rewrite to a cheaper or more canonical op (eq(b, 0) of a bit is
// lnot b, lnot of a comparison is the opposite comparison, a select on
// lnot c swaps its arms). The exit follows: a branch to one place is direct,
// a branch on lnot c swaps its targets, and an indirect jump to a choice of
// two constants is a branch. Every rule holds for every value, so the
// result means exactly what the input did.

import { COMPARISONS, mask, norm } from '../ir/arith.js';
import type { BinOp } from '../spec/model.js';
import type { Exit, IrBlock, IrOp, Ty, V } from '../ir/types.js';
import { forward, type Step } from './pass.js';

const OPPOSITE: Partial<Record<BinOp, BinOp>> = {
  eq: 'ne',
  ne: 'eq',
  ltu: 'geu',
  geu: 'ltu',
  leu: 'gtu',
  gtu: 'leu',
  lts: 'ges',
  ges: 'lts',
  les: 'gts',
  gts: 'les',
};

/** a K b is b SWAPPED[K] a. */
const SWAPPED: Record<BinOp, BinOp> = {
  eq: 'eq', ne: 'ne', ltu: 'gtu', gtu: 'ltu', leu: 'geu', geu: 'leu', lts: 'gts', gts: 'lts', les: 'ges', ges: 'les',
} as Record<BinOp, BinOp>;
/** x && y over the same operands (x86's a, g: not below and not equal). */
const AND_FUSE: Record<string, BinOp> = {
  'geu ne': 'gtu', 'ges ne': 'gts', 'leu ne': 'ltu', 'les ne': 'lts', 'geu leu': 'eq', 'ges les': 'eq',
} as Record<string, BinOp>;
/** x || y over the same operands (x86's be, le). */
const OR_FUSE: Record<string, BinOp> = {
  'ltu eq': 'leu', 'gtu eq': 'geu', 'lts eq': 'les', 'gts eq': 'ges', 'ltu gtu': 'ne', 'lts gts': 'ne',
} as Record<string, BinOp>;

/** Comparisons that hold when both operands are the same value. */
const REFLEXIVE: ReadonlySet<BinOp> = new Set<BinOp>(['eq', 'leu', 'geu', 'les', 'ges']);

export function simplify(block: IrBlock): IrBlock {
  const k = new Map<V, number>();
  const def = new Map<V, IrOp>();
  const ty = (v: V): Ty => block.types[v];
  const konst = (dst: V, t: Ty, value: number): IrOp => ({ op: 'const', dst, ty: t, value: norm(value, t) });
  const ones = (t: Ty): number => norm(mask(t), t);
  /** The op defining v, if it is of the given kind. */
  const defOf = <K extends IrOp['op']>(v: V, op: K): Extract<IrOp, { op: K }> | undefined => {
    const d = def.get(v);
    return d !== undefined && d.op === op ? (d as Extract<IrOp, { op: K }>) : undefined;
  };

  /** Two comparisons of the same operands joined by && or ||, as one comparison. */
  const fuse = (x: V, y: V, table: Record<string, BinOp>): { kind: BinOp; a: V; b: V } | undefined => {
    const p = defOf(x, 'bin');
    const q = defOf(y, 'bin');
    if (!p || !q || !COMPARISONS.has(p.kind) || !COMPARISONS.has(q.kind)) return undefined;
    let qk = q.kind;
    if (q.a === p.b && q.b === p.a) qk = SWAPPED[q.kind];
    else if (!(q.a === p.a && q.b === p.b)) return undefined;
    const kind = table[`${p.kind} ${qk}`] ?? table[`${qk} ${p.kind}`];
    return kind ? { kind, a: p.a, b: p.b } : undefined;
  };

  /** v is bit 31 of some value: that value. */
  const sign = (v: V): V | undefined => {
    const s = defOf(v, 'slice');
    return s !== undefined && s.hi === 31 && s.lo === 31 && ty(s.a) === 32 ? s.a : undefined;
  };
  /** v is x ^ y (either order): the pair. */
  const xorOf = (v: V): [V, V] | undefined => {
    const d = defOf(v, 'bin');
    return d !== undefined && d.kind === 'xor' ? [d.a, d.b] : undefined;
  };
  const isPair = (p: [V, V] | undefined, x: V, y: V) => p !== undefined && ((p[0] === x && p[1] === y) || (p[0] === y && p[1] === x));
  /**
   * s != o after r = a - b, with o the sign of (a ^ b) & (a ^ r) (a and b
   * differ in sign, and r's sign differs from a's): that is a <s b (x86's l;
   * == is ge). Returns [a, b].
   */
  const signedLess = (x: V, y: V): [V, V] | undefined => {
    for (const [sv, ov] of [[x, y], [y, x]]) {
      const r = sign(sv);
      const rd = r === undefined ? undefined : defOf(r, 'bin');
      const oa = sign(ov);
      const o = oa === undefined ? undefined : defOf(oa, 'bin');
      if (r === undefined || !rd || rd.kind !== 'sub' || !o || o.kind !== 'and') continue;
      const [a, b] = [rd.a, rd.b];
      for (const [p, q] of [[o.a, o.b], [o.b, o.a]]) {
        if (isPair(xorOf(p), a, b) && isPair(xorOf(q), a, r)) return [a, b];
      }
    }
    return undefined;
  };

  const bin = (o: Extract<IrOp, { op: 'bin' }>): Step => {
    const { a, b, ty: t, dst } = o;
    const ca = k.get(a);
    const cb = k.get(b);
    if (COMPARISONS.has(o.kind)) {
      if (a === b) return konst(dst, 1, REFLEXIVE.has(o.kind) ? 1 : 0);
      if (o.kind === 'ltu' && cb === 0) return konst(dst, 1, 0);
      if (o.kind === 'geu' && cb === 0) return konst(dst, 1, 1);
      if ((o.kind === 'eq' || o.kind === 'ne') && ty(a) === 1) {
        const lt = signedLess(a, b);
        if (lt) return { op: 'bin', dst, ty: 1, kind: o.kind === 'ne' ? 'lts' : 'ges', a: lt[0], b: lt[1] };
      }
      if (o.kind === 'eq' || o.kind === 'ne') {
        // A bit compared with a constant is the bit or its negation.
        const [x, c] = cb !== undefined ? [a, cb] : ca !== undefined ? [b, ca] : [undefined, undefined];
        if (x !== undefined && c !== undefined) {
          const e = defOf(x, 'ext');
          const bit = ty(x) === 1 ? x : e !== undefined && !e.signed && ty(e.a) === 1 ? e.a : undefined;
          if (bit !== undefined && (c === 0 || (c === 1 && bit === x))) {
            const same = (o.kind === 'ne') === (c === 0);
            return same ? { alias: bit } : { op: 'un', dst, ty: 1, kind: 'lnot', a: bit };
          }
          // a - b == 0 is a == b: the compare the branch wants, and the sub may die.
          const d = defOf(x, 'bin');
          if (c === 0 && d !== undefined && d.kind === 'sub') return { ...o, a: d.a, b: d.b };
        }
      }
      return o;
    }
    switch (o.kind) {
      case 'add':
        if (cb === 0) return { alias: a };
        if (ca === 0) return { alias: b };
        return o;
      case 'sub':
        if (cb === 0) return { alias: a };
        if (a === b) return konst(dst, t, 0);
        return o;
      case 'mul':
        if (cb === 1) return { alias: a };
        if (ca === 1) return { alias: b };
        if (ca === 0 || cb === 0) return konst(dst, t, 0);
        return o;
      case 'and':
      case 'land':
        if (o.kind === 'land') {
          const f = fuse(a, b, AND_FUSE);
          if (f) return { op: 'bin', dst, ty: 1, kind: f.kind, a: f.a, b: f.b };
        }
        if (ca === 0 || cb === 0) return konst(dst, t, 0);
        if (cb === ones(t) || a === b) return { alias: a };
        if (ca === ones(t)) return { alias: b };
        return o;
      case 'or':
      case 'lor':
        if (o.kind === 'lor') {
          const f = fuse(a, b, OR_FUSE);
          if (f) return { op: 'bin', dst, ty: 1, kind: f.kind, a: f.a, b: f.b };
        }
        if (ca === ones(t) || cb === ones(t)) return konst(dst, t, ones(t));
        if (cb === 0 || a === b) return { alias: a };
        if (ca === 0) return { alias: b };
        return o;
      case 'xor':
        if (cb === 0) return { alias: a };
        if (ca === 0) return { alias: b };
        if (a === b) return konst(dst, t, 0);
        return o;
      case 'shl':
      case 'shr':
      case 'sar':
      case 'rol':
      case 'ror':
        // Counts are taken mod 32 at every width (see arith.ts).
        if (cb !== undefined && (cb & 31) === 0) return { alias: a };
        if (ca === 0) return konst(dst, t, 0);
        return o;
      case 'divu':
      case 'divs':
        return cb === 1 ? { alias: a } : o;
      case 'remu':
      case 'rems':
        return cb === 1 ? konst(dst, t, 0) : o;
      default:
        return o;
    }
  };

  const visit = (o: IrOp): Step => {
    switch (o.op) {
      case 'const':
        k.set(o.dst, o.value);
        return o;
      case 'bin':
        return bin(o);
      case 'un': {
        const inner = defOf(o.a, 'un');
        if (inner !== undefined && inner.kind === o.kind) return { alias: inner.a };
        if (o.kind === 'lnot') {
          const cmp = defOf(o.a, 'bin');
          const opp = cmp && OPPOSITE[cmp.kind];
          if (cmp !== undefined && opp !== undefined) return { ...cmp, dst: o.dst, kind: opp };
        }
        return o;
      }
      case 'trunc': {
        const e = defOf(o.a, 'ext');
        return e !== undefined && ty(e.a) === o.ty ? { alias: e.a } : o;
      }
      case 'slice': {
        const e = defOf(o.a, 'ext');
        return e !== undefined && o.lo === 0 && ty(e.a) === o.ty ? { alias: e.a } : o;
      }
      case 'bswap': {
        const inner = defOf(o.a, 'bswap');
        return inner !== undefined ? { alias: inner.a } : o;
      }
      case 'select': {
        if (o.t === o.f) return { alias: o.t };
        if (o.ty === 1 && k.get(o.t) === 1 && k.get(o.f) === 0) return { alias: o.c };
        if (o.ty === 1 && k.get(o.t) === 0 && k.get(o.f) === 1) return { op: 'un', dst: o.dst, ty: 1, kind: 'lnot', a: o.c };
        const not = defOf(o.c, 'un');
        if (not !== undefined && not.kind === 'lnot') return { ...o, c: not.a, t: o.f, f: o.t };
        // Nested selects on the same condition: the inner one's other arm is never chosen.
        const st = defOf(o.t, 'select');
        if (st !== undefined && st.c === o.c) return { ...o, t: st.t };
        const sf = defOf(o.f, 'select');
        if (sf !== undefined && sf.c === o.c) return { ...o, f: sf.f };
        return o;
      }
      default:
        return o;
    }
  };

  const record = (o: IrOp): Step => {
    const step = visit(o);
    if (step !== null && !('alias' in step)) {
      if (step.op === 'const') k.set(step.dst, step.value);
      if ('dst' in step) def.set(step.dst, step);
    }
    return step;
  };

  const visitExit = (e: Exit): Exit => {
    if (e.kind === 'branch') {
      if (e.taken === e.fallthrough) return { kind: 'direct', pc: e.taken };
      const not = defOf(e.cond, 'un');
      if (not !== undefined && not.kind === 'lnot') return { ...e, cond: not.a, taken: e.fallthrough, fallthrough: e.taken };
    }
    if (e.kind === 'indirect') {
      const s = defOf(e.target, 'select');
      const t = s && k.get(s.t);
      const f = s && k.get(s.f);
      if (s !== undefined && t !== undefined && f !== undefined) {
        if (t === f) return { kind: 'direct', pc: t >>> 0 };
        return { kind: 'branch', cond: s.c, taken: t >>> 0, fallthrough: f >>> 0 };
      }
    }
    return e;
  };

  return forward(block, record, visitExit);
}
