// Field extraction, compiled once per variant into a flat list of shifts and
// masks. It computes exactly what spec/bits.ts fieldFromToken computes (the
// encoder's side; tests/decode/fields.test.ts checks the two agree on every
// field of every spec), but with int32 operations only: fieldFromToken's
// general loop costs tens of nanoseconds a field, and a risc32 variant has a
// dozen fields.

import type { Field } from '../spec/model.js';

/**
 * Per field: token index, bits, signed (0/1), piece count, then per piece
 * (most significant first) its low bit and width.
 */
export type FieldProgram = Int32Array;

export function compileFields(fields: ReadonlyArray<Field & { tokenIndex: number }>): FieldProgram {
  const out: number[] = [];
  for (const f of fields) {
    out.push(f.tokenIndex, f.bits, f.signed ? 1 : 0, f.ranges.length);
    for (const [hi, lo] of f.ranges) out.push(lo, hi - lo + 1);
  }
  return Int32Array.from(out);
}

/** Fill `into` (one slot per field) from token values `toks`. */
export function runFields(prog: FieldProgram, toks: ArrayLike<number>, into: Int32Array): void {
  let p = 0;
  for (let i = 0; i < into.length; i++) {
    const tok = toks[prog[p]] | 0;
    const bits = prog[p + 1];
    const signed = prog[p + 2];
    const n = prog[p + 3];
    p += 4;
    let v = 0;
    for (let k = 0; k < n; k++, p += 2) {
      const lo = prog[p];
      const w = prog[p + 1];
      const piece = w >= 32 ? tok : (tok >>> lo) & ((1 << w) - 1);
      v = w >= 32 ? piece : (v << w) | piece;
    }
    // Signed fields narrower than 32 bits are sign-extended; the rest are already int32 bits.
    into[i] = bits < 32 && signed !== 0 ? (v << (32 - bits)) >> (32 - bits) : v | 0;
  }
}
