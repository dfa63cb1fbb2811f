// The lifter's values: a spec expression becomes either a constant (folded
// here with the interpreter's arithmetic, so immediates, pc and derived
// operands never reach the IR as ops) or an IR value. Spec expressions may
// have widths the IR has no type for (`a[1:0]` is 2 bits wide); such a value
// lives in the next IR width up (its container), zero-extended, and the few
// operations whose result depends on the width get an explicit mask or sign
// fix-up, so the meaning stays the interpreter's.

import type { BinOp, Endian, UnOp } from '../spec/model.js';
import { COMPARISONS, evalBin, evalExt, evalSlice, evalUn, mask, norm } from './arith.js';
import type { Builder } from './builder.js';
import type { Ty, V } from './types.js';

/** A lifted spec value of width w: a constant, or an IR value of type tyOf(w). */
export type Val = { k: 'c'; w: number; c: number } | { k: 'v'; w: number; v: V };

/** The IR type holding a spec width. */
export function tyOf(w: number): Ty {
  if (w <= 1) return 1;
  if (w <= 8) return 8;
  if (w <= 16) return 16;
  return 32;
}

function isTy(w: number): boolean {
  return w === 1 || w === 8 || w === 16 || w === 32;
}

const SIGNED_CMP: ReadonlySet<BinOp> = new Set<BinOp>(['lts', 'les', 'gts', 'ges']);
/** Results that must be re-masked to an odd width after computing in the container. */
const WRAPPING: ReadonlySet<BinOp> = new Set<BinOp>(['add', 'sub', 'mul', 'shl']);
/** Results a zero-extended container computes exactly (the handlers use the raw bits). */
const EXACT_IN_CONTAINER: ReadonlySet<BinOp> = new Set<BinOp>(['and', 'or', 'xor', 'land', 'lor', 'shr', 'divu', 'remu', 'divs', 'rems']);

export function konst(w: number, value: number): Val {
  return { k: 'c', w, c: norm(value, w) };
}

export function sameVal(a: Val, b: Val): boolean {
  return a.k === 'c' ? b.k === 'c' && a.c === b.c : b.k === 'v' && a.v === b.v;
}

export class Vals {
  constructor(
    readonly b: Builder,
    private readonly endian: Endian,
  ) {}

  /** The IR value of v (a constant becomes a const op). */
  mat(x: Val): V {
    return x.k === 'c' ? this.b.const(tyOf(x.w), x.c) : x.v;
  }

  private val(w: number, v: V): Val {
    return { k: 'v', w, v };
  }

  /** An odd-width value sign-extended within its container: (x ^ s) - s, s = the sign bit. */
  private sx(x: Val): V {
    const t = tyOf(x.w);
    const s = this.b.const(t, 2 ** (x.w - 1));
    return this.b.bin('sub', t, this.b.bin('xor', t, this.mat(x), s), s);
  }

  private maskTo(w: number, v: V): V {
    return this.b.bin('and', tyOf(w), v, this.b.const(tyOf(w), mask(w)));
  }

  bin(op: BinOp, w: number, a: Val, b: Val): Val {
    if (a.k === 'c' && b.k === 'c') return konst(w, evalBin(op, w, a.c, b.c, a.w));
    const t = tyOf(w);
    if (isTy(w) && isTy(a.w)) return this.val(w, this.b.bin(op, t, this.mat(a), this.mat(b)));
    if (COMPARISONS.has(op)) {
      if (SIGNED_CMP.has(op)) return this.val(w, this.b.bin(op, 1, this.sx(a), this.sx(b)));
      return this.val(w, this.b.bin(op, 1, this.mat(a), this.mat(b)));
    }
    if (EXACT_IN_CONTAINER.has(op)) return this.val(w, this.b.bin(op, t, this.mat(a), this.mat(b)));
    if (WRAPPING.has(op)) return this.val(w, this.maskTo(w, this.b.bin(op, t, this.mat(a), this.mat(b))));
    if (op === 'sar') return this.val(w, this.maskTo(w, this.b.bin('sar', t, this.sx(a), this.mat(b))));
    throw new Error(`lift: ${op} on a ${w}-bit value is not supported`);
  }

  un(op: UnOp, w: number, a: Val): Val {
    if (a.k === 'c') return konst(w, evalUn(op, w, a.c));
    const r = this.b.un(op, tyOf(w), a.v);
    return this.val(w, isTy(w) || op === 'lnot' ? r : this.maskTo(w, r));
  }

  /** Widen a to w bits. */
  ext(w: number, signed: boolean, a: Val): Val {
    if (a.k === 'c') return konst(w, evalExt(a.c, a.w, w, signed));
    if (w === a.w) return a;
    const from = tyOf(a.w);
    const to = tyOf(w);
    let v = signed && !isTy(a.w) ? this.sx(a) : a.v;
    if (to > from) v = this.b.ext(to, signed, v);
    if (signed && !isTy(w)) v = this.maskTo(w, v);
    return this.val(w, v);
  }

  /** Bits hi..lo of a. */
  slice(hi: number, lo: number, a: Val): Val {
    const w = hi - lo + 1;
    if (a.k === 'c') return konst(w, evalSlice(a.c, hi, lo));
    if (w === a.w) return a;
    const ta = tyOf(a.w);
    if (isTy(w)) return this.val(w, lo === 0 ? this.b.trunc(w as Ty, a.v) : this.b.slice(w as Ty, a.v, hi, lo));
    let v = lo > 0 ? this.b.bin('shr', ta, a.v, this.b.const(ta, lo)) : a.v;
    v = this.b.bin('and', ta, v, this.b.const(ta, mask(w)));
    if (tyOf(w) < ta) v = this.b.trunc(tyOf(w), v);
    return this.val(w, v);
  }

  select(w: number, c: Val, t: Val, f: Val): Val {
    if (c.k === 'c') return c.c !== 0 ? t : f;
    if (sameVal(t, f)) return t;
    return this.val(w, this.b.select(tyOf(w), c.v, this.mat(t), this.mat(f)));
  }

  /** A condition as one bit (the handlers test `!== 0`). */
  truth(c: Val): Val {
    return c.w === 1 ? c : this.bin('ne', 1, c, konst(c.w, 0));
  }

  and1(a: Val, b: Val): Val {
    return this.bin('and', 1, a, b);
  }

  not1(a: Val): Val {
    return this.un('lnot', 1, a);
  }

  /** Guest memory read: IR memory is little-endian, so a big-endian guest swaps. */
  load(w: 8 | 16 | 32, addr: Val, guard: V | undefined): Val {
    let v = this.b.load(tyOf(w), w, this.mat(addr), guard);
    if (w > 8 && this.endian === 'big') v = this.b.bswap(w as 16 | 32, v);
    return this.val(w, v);
  }

  store(w: 8 | 16 | 32, addr: Val, x: Val, guard: V | undefined): void {
    const a = this.mat(addr);
    let v = this.mat(x);
    if (w > 8 && this.endian === 'big') {
      if (tyOf(x.w) > w) v = this.b.trunc(w, v);
      v = this.b.bswap(w as 16 | 32, v);
    }
    this.b.store(w, a, v, guard);
  }
}
