// The exact value semantics of IR operations, as plain functions on numbers.
// They copy, operation by operation, what the interpreter's generated
// handlers compute (src/interp/handlers.ts), so that the IR evaluator, the
// constant folder and the lifter's folding of constants all give bit for bit
// the interpreter's results. They take any width from 1 to 32 (the lifter
// folds constants at the spec's own widths, such as 2 for `a[1:0]`).
//
// Representation: a value of width w < 32 is its unsigned bits; a 32-bit
// value is its int32 bits.

import type { BinOp, UnOp } from '../spec/model.js';
import { mulhs, mulhu } from '../interp/handlers.js';

export function mask(w: number): number {
  return w >= 32 ? 0xffffffff : 2 ** w - 1;
}

/** Any JS integer as the value of width w. */
export function norm(x: number, w: number): number {
  return w >= 32 ? x | 0 : x & mask(w);
}

/** A value of width w as a signed number. */
export function signed(a: number, w: number): number {
  return w >= 32 ? a | 0 : (a << (32 - w)) >> (32 - w);
}

/** A value of width w as an unsigned number. */
export function unsigned(a: number, w: number): number {
  return w >= 32 ? a >>> 0 : a;
}

export const COMPARISONS: ReadonlySet<BinOp> = new Set<BinOp>(['eq', 'ne', 'ltu', 'lts', 'leu', 'les', 'gtu', 'gts', 'geu', 'ges']);
export const SHIFTS: ReadonlySet<BinOp> = new Set<BinOp>(['shl', 'shr', 'sar', 'rol', 'ror']);
export const DIVISIONS: ReadonlySet<BinOp> = new Set<BinOp>(['divu', 'divs', 'remu', 'rems']);
/** Operations whose operands may be swapped. */
export const COMMUTATIVE: ReadonlySet<BinOp> = new Set<BinOp>(['add', 'mul', 'and', 'or', 'xor', 'land', 'lor', 'eq', 'ne', 'mulhu', 'mulhs']);

/**
 * a op b at result width w; aw = the operands' width (it differs from w for
 * comparisons, whose result is 1 bit). Division by zero gives 0 (JavaScript's
 * `x / 0 | 0`), as the handlers do.
 */
export function evalBin(op: BinOp, w: number, a: number, b: number, aw: number = w): number {
  switch (op) {
    case 'add':
      return norm(a + b, w);
    case 'sub':
      return norm(a - b, w);
    case 'mul':
      return norm(Math.imul(a, b), w);
    case 'and':
    case 'land':
      return norm(a & b, w);
    case 'or':
    case 'lor':
      return norm(a | b, w);
    case 'xor':
      return norm(a ^ b, w);
    case 'shl':
      return norm(a << b, w);
    case 'shr':
      return norm(a >>> b, w);
    case 'sar':
      return norm(signed(a, w) >> b, w);
    case 'rol':
      return norm((a << (b & 31)) | (a >>> ((32 - (b & 31)) & 31)), w);
    case 'ror':
      return norm((a >>> (b & 31)) | (a << ((32 - (b & 31)) & 31)), w);
    case 'eq':
      return a === b ? 1 : 0;
    case 'ne':
      return a !== b ? 1 : 0;
    case 'ltu':
      return unsigned(a, aw) < unsigned(b, aw) ? 1 : 0;
    case 'leu':
      return unsigned(a, aw) <= unsigned(b, aw) ? 1 : 0;
    case 'gtu':
      return unsigned(a, aw) > unsigned(b, aw) ? 1 : 0;
    case 'geu':
      return unsigned(a, aw) >= unsigned(b, aw) ? 1 : 0;
    case 'lts':
      return signed(a, aw) < signed(b, aw) ? 1 : 0;
    case 'les':
      return signed(a, aw) <= signed(b, aw) ? 1 : 0;
    case 'gts':
      return signed(a, aw) > signed(b, aw) ? 1 : 0;
    case 'ges':
      return signed(a, aw) >= signed(b, aw) ? 1 : 0;
    // The handlers divide the raw representations (unsigned for w < 32).
    case 'divu':
      return norm((a >>> 0) / (b >>> 0) | 0, w);
    case 'remu':
      return norm((a >>> 0) % (b >>> 0) | 0, w);
    case 'divs':
      return norm((a / b) | 0, w);
    case 'rems':
      return norm((a % b) | 0, w);
    case 'mulhu':
      return norm(mulhu(a, b), w);
    case 'mulhs':
      return norm(mulhs(a, b), w);
  }
}

export function evalUn(op: UnOp, w: number, a: number): number {
  switch (op) {
    case 'neg':
      return norm(-a, w);
    case 'not':
      return norm(~a, w);
    case 'lnot':
      return norm(a ^ 1, w);
  }
}

/** Widen a (of width from) to width to. */
export function evalExt(a: number, from: number, to: number, isSigned: boolean): number {
  if (!isSigned) return norm(a, to);
  const sh = 32 - from;
  return norm((a << sh) >> sh, to);
}

/** Bits hi..lo of a, as a value of width hi - lo + 1. */
export function evalSlice(a: number, hi: number, lo: number): number {
  return norm(a >>> lo, hi - lo + 1);
}

export function evalBswap(a: number, w: 16 | 32): number {
  if (w === 16) return ((a & 0xff) << 8) | ((a >>> 8) & 0xff);
  return ((a & 0xff) << 24) | ((a & 0xff00) << 8) | ((a >>> 8) & 0xff00) | (a >>> 24);
}
