// The JavaScript that region code is made of, below the level of
// statements: the spec's operators with exactly the handlers' arithmetic
// (src/interp/handlers.ts: values narrower than 32 bits kept unsigned, 32-bit
// ones as int32), and memory accesses with Memory's fast path inlined.

export { mask, bin, un, compare, COMPARES } from '../interp/js-ops.js';
import { PAGE_SHIFT, PAGE_SIZE, PERM_P } from '../interp/memory.js';

export function num(v: number): string {
  return v < 0 ? `(${v})` : String(v);
}

// Memory accesses inline Memory's own fast path (src/interp/memory.ts: the
// access must end within the page's readable or writable prefix, one
// lookup in RL = M.readLimit or WL = M.writeLimit; then a typed-array or
// DataView access) and call the Memory method only when it fails, so that
// the slow path's checks and faults are Memory's. Calls in a big function are costly in V8 — beyond an
// inlining budget they stay calls, and everything live across one is
// spilled — so a region should not call Memory on its fast path.
// PG = M.pages (privileged accesses), U8 = M.u8, DV = M.dv; U8 and DV are
// reloaded after a system call, the only thing in a run that may remap memory.

const LAST = PAGE_SIZE - 1;

/** `a`'s w-bit access lies within the page's prefix that `limits` gives. */
function within(w: number, a: string, limits: string): string {
  const last = w / 8 - 1;
  return `(${a} & ${LAST})${last ? ` + ${last}` : ''} < ${limits}[${a} >>> ${PAGE_SHIFT}]`;
}

export function fastLoad(w: number, a: string, little: boolean): string {
  const ok = within(w, a, 'RL');
  switch (w) {
    case 8:
      return `${ok} ? U8[${a}] : M.load8(${a})`;
    case 16:
      return `${ok} ? DV.getUint16(${a}, ${little}) : M.load16(${a})`;
    case 32:
      return `${ok} ? DV.getInt32(${a}, ${little}) : M.load32(${a})`;
  }
  throw new Error(`internal: ${w}-bit memory access`);
}

/** A privileged load (the translator's runtime area): the same fast path on PERM_P pages; Memory.privLoad otherwise. */
export function privLoad(w: number, a: string, little: boolean): string {
  const ok = `(${a} & ${LAST}) <= ${LAST - w / 8 + 1} && (PG[${a} >>> ${PAGE_SHIFT}] & ${PERM_P}) !== 0`;
  const get = w === 8 ? `U8[${a}]` : w === 16 ? `DV.getUint16(${a}, ${little})` : `DV.getInt32(${a}, ${little})`;
  return `${ok} ? ${get} : M.privLoad(${a}, ${w})`;
}

export function privStore(w: number, a: string, v: string, little: boolean): string {
  const ok = `(${a} & ${LAST}) <= ${LAST - w / 8 + 1} && (PG[${a} >>> ${PAGE_SHIFT}] & ${PERM_P}) !== 0`;
  const set = w === 8 ? `U8[${a}] = ${v}` : w === 16 ? `DV.setUint16(${a}, ${v}, ${little})` : `DV.setInt32(${a}, ${v}, ${little})`;
  return `if (${ok}) ${set}; else M.privStore(${a}, ${w}, ${v});`;
}

export function fastStore(w: number, a: string, v: string, little: boolean): string {
  const ok = within(w, a, 'WL');
  switch (w) {
    case 8:
      return `if (${ok}) U8[${a}] = ${v}; else M.store8(${a}, ${v});`;
    case 16:
      return `if (${ok}) DV.setUint16(${a}, ${v}, ${little}); else M.store16(${a}, ${v});`;
    case 32:
      return `if (${ok}) DV.setInt32(${a}, ${v}, ${little}); else M.store32(${a}, ${v});`;
  }
  throw new Error(`internal: ${w}-bit memory access`);
}

