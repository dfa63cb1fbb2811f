// The spec's operators as JavaScript expressions, with the arithmetic every
// generator of xlat shares: values narrower than 32 bits are kept unsigned,
// 32-bit ones as int32, shift counts are taken modulo 32. The interpreter's
// handlers and the host machine's regions both build their code from these,
// so the two cannot disagree. Multiply-high calls MULHU/MULHS, which the
// generated code binds.

import type { BinOp, UnOp } from '../spec/model.js';

export function mask(w: number): number {
  return w >= 32 ? 0xffffffff : 2 ** w - 1;
}

export function wrap(s: string, w: number): string {
  return w >= 32 ? `((${s}) | 0)` : `((${s}) & ${mask(w)})`;
}

export function signed(s: string, w: number): string {
  return w >= 32 ? s : `((${s} << ${32 - w}) >> ${32 - w})`;
}

export function unsigned(s: string, w: number): string {
  return w >= 32 ? `(${s} >>> 0)` : s;
}

export const COMPARES: ReadonlySet<BinOp> = new Set<BinOp>(['eq', 'ne', 'ltu', 'leu', 'gtu', 'geu', 'lts', 'les', 'gts', 'ges']);

/** A comparison as a JavaScript boolean (bin wraps it into 0/1). */
export function compare(op: BinOp, a: string, b: string, aw: number): string {
  switch (op) {
    case 'eq':
      return `${a} === ${b}`;
    case 'ne':
      return `${a} !== ${b}`;
    case 'ltu':
      return `${unsigned(a, aw)} < ${unsigned(b, aw)}`;
    case 'leu':
      return `${unsigned(a, aw)} <= ${unsigned(b, aw)}`;
    case 'gtu':
      return `${unsigned(a, aw)} > ${unsigned(b, aw)}`;
    case 'geu':
      return `${unsigned(a, aw)} >= ${unsigned(b, aw)}`;
    case 'lts':
      return `${signed(a, aw)} < ${signed(b, aw)}`;
    case 'les':
      return `${signed(a, aw)} <= ${signed(b, aw)}`;
    case 'gts':
      return `${signed(a, aw)} > ${signed(b, aw)}`;
    case 'ges':
      return `${signed(a, aw)} >= ${signed(b, aw)}`;
  }
  throw new Error(`internal: ${op} is no comparison`);
}

export function bin(op: BinOp, a: string, b: string, w: number, aw: number): string {
  switch (op) {
    case 'add':
      return wrap(`${a} + ${b}`, w);
    case 'sub':
      return wrap(`${a} - ${b}`, w);
    case 'mul':
      return w >= 32 ? `Math.imul(${a}, ${b})` : `(Math.imul(${a}, ${b}) & ${mask(w)})`;
    case 'and':
    case 'land':
      return `(${a} & ${b})`;
    case 'or':
    case 'lor':
      return `(${a} | ${b})`;
    case 'xor':
      return `(${a} ^ ${b})`;
    case 'shl':
      return w >= 32 ? `(${a} << ${b})` : `((${a} << ${b}) & ${mask(w)})`;
    case 'shr':
      return w >= 32 ? `((${a} >>> ${b}) | 0)` : `(${a} >>> ${b})`;
    case 'sar':
      return w >= 32 ? `(${a} >> ${b})` : `((${signed(a, w)} >> ${b}) & ${mask(w)})`;
    case 'rol':
      return `((${a} << (${b} & 31)) | (${a} >>> ((32 - (${b} & 31)) & 31)))`;
    case 'ror':
      return `((${a} >>> (${b} & 31)) | (${a} << ((32 - (${b} & 31)) & 31)))`;
    case 'eq':
    case 'ne':
    case 'ltu':
    case 'leu':
    case 'gtu':
    case 'geu':
    case 'lts':
    case 'les':
    case 'gts':
    case 'ges':
      return `(${compare(op, a, b, aw)} ? 1 : 0)`;
    case 'divu':
      return `(((${a} >>> 0) / (${b} >>> 0)) | 0)`;
    case 'remu':
      return `(((${a} >>> 0) % (${b} >>> 0)) | 0)`;
    case 'divs':
      return `((${a} / ${b}) | 0)`;
    case 'rems':
      return `((${a} % ${b}) | 0)`;
    case 'mulhu':
      return `MULHU(${a}, ${b})`;
    case 'mulhs':
      return `MULHS(${a}, ${b})`;
  }
}

export function un(op: UnOp, a: string, w: number): string {
  switch (op) {
    case 'neg':
      return wrap(`-${a}`, w);
    case 'not':
      return w >= 32 ? `(~${a})` : `(~${a} & ${mask(w)})`;
    case 'lnot':
      return `(${a} ^ 1)`;
  }
}
