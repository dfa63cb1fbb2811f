// The JavaScript that region code is made of, below the level of
// statements: the spec's operators with exactly the handlers' arithmetic
// (src/interp/handlers.ts: values narrower than 32 bits kept unsigned, 32-bit
// ones as int32), and memory accesses with Memory's fast path inlined.

import type { BinOp, UnOp } from '../spec/model.js';
import { PAGE_SHIFT, PAGE_SIZE, PERM_R, PERM_W, WATCH } from '../interp/memory.js';

export function mask(w: number): number {
  return w >= 32 ? 0xffffffff : 2 ** w - 1;
}

export function num(v: number): string {
  return v < 0 ? `(${v})` : String(v);
}

// Memory accesses inline Memory's own fast path (src/interp/memory.ts: one
// page-table lookup, then a typed-array or DataView access) and call the
// Memory method only when it fails, so that the slow path's checks and
// faults are Memory's. Calls in a big function are costly in V8 — beyond an
// inlining budget they stay calls, and everything live across one is
// spilled — so a region should not call Memory on its fast path.
// PG = M.pages, U8 = M.u8, DV = M.dv; U8 and DV are reloaded after a system
// call, the only thing in a run that may remap memory.

const LAST = PAGE_SIZE - 1;

export function fastLoad(w: number, a: string, little: boolean): string {
  const readable = `(PG[${a} >>> ${PAGE_SHIFT}] & ${PERM_R}) !== 0`;
  switch (w) {
    case 8:
      return `${readable} ? U8[${a}] : M.load8(${a})`;
    case 16:
      return `(${a} & ${LAST}) !== ${LAST} && ${readable} ? DV.getUint16(${a}, ${little}) : M.load16(${a})`;
    case 32:
      return `(${a} & ${LAST}) <= ${LAST - 3} && ${readable} ? DV.getInt32(${a}, ${little}) : M.load32(${a})`;
  }
  throw new Error(`internal: ${w}-bit memory access`);
}

export function fastStore(w: number, a: string, v: string, little: boolean): string {
  const writable = `(PG[${a} >>> ${PAGE_SHIFT}] & ${PERM_W | WATCH}) === ${PERM_W}`;
  switch (w) {
    case 8:
      return `if (${writable}) U8[${a}] = ${v}; else M.store8(${a}, ${v});`;
    case 16:
      return `if ((${a} & ${LAST}) !== ${LAST} && ${writable}) DV.setUint16(${a}, ${v}, ${little}); else M.store16(${a}, ${v});`;
    case 32:
      return `if ((${a} & ${LAST}) <= ${LAST - 3} && ${writable}) DV.setInt32(${a}, ${v}, ${little}); else M.store32(${a}, ${v});`;
  }
  throw new Error(`internal: ${w}-bit memory access`);
}

function wrap(s: string, w: number): string {
  return w >= 32 ? `((${s}) | 0)` : `((${s}) & ${mask(w)})`;
}

function signed(s: string, w: number): string {
  return w >= 32 ? s : `((${s} << ${32 - w}) >> ${32 - w})`;
}

function unsigned(s: string, w: number): string {
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

// The same JavaScript as the interpreter's handlers (src/interp/handlers.ts).
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
