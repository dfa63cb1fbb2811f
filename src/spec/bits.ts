// Packing and unpacking field values to and from instruction bytes, shared by
// the encoder (assembler) and the decoder so that the two cannot disagree.

import type { Endian, Field, TokenUse } from './model.js';

/** Read a token's value (up to 32 bits) from bytes at its offset. */
export function tokenValue(bytes: ArrayLike<number>, at: number, tok: TokenUse, endian: Endian): number {
  const n = tok.bits >> 3;
  let v = 0;
  if (endian === 'little') {
    for (let i = n - 1; i >= 0; i--) v = (v * 256 + bytes[at + tok.offset + i]) >>> 0;
  } else {
    for (let i = 0; i < n; i++) v = (v * 256 + bytes[at + tok.offset + i]) >>> 0;
  }
  return v >>> 0;
}

/** Extract a field from its token's value, sign- or zero-extended to 32 bits (int32). */
export function fieldFromToken(tokenVal: number, f: Field): number {
  let v = 0;
  // Indexed, not destructured: the assembler and the translator's encoder call this per field.
  for (let i = 0; i < f.ranges.length; i++) {
    const hi = f.ranges[i][0];
    const lo = f.ranges[i][1];
    const w = hi - lo + 1;
    const piece = w === 32 ? tokenVal >>> 0 : (tokenVal >>> lo) & (2 ** w - 1);
    v = w === 32 ? piece : (v * 2 ** w + piece) >>> 0;
  }
  if (f.bits >= 32) return v | 0;
  if (f.signed && v >= 2 ** (f.bits - 1)) return (v - 2 ** f.bits) | 0;
  return v | 0;
}

/** Put a field value (already checked to fit) into a token value. */
export function fieldIntoToken(tokenVal: number, f: Field, value: number): number {
  let rest = f.bits >= 32 ? value >>> 0 : (value >>> 0) & (2 ** f.bits - 1);
  let out = tokenVal >>> 0;
  // Pieces are listed most significant first; fill from the least significant.
  for (let i = f.ranges.length - 1; i >= 0; i--) {
    const hi = f.ranges[i][0];
    const lo = f.ranges[i][1];
    const w = hi - lo + 1;
    const piece = w === 32 ? rest >>> 0 : rest % 2 ** w;
    rest = w === 32 ? 0 : Math.floor(rest / 2 ** w);
    const mask = w === 32 ? 0xffffffff : ((2 ** w - 1) * 2 ** lo) >>> 0;
    out = ((out & ~mask) | ((piece * 2 ** lo) >>> 0)) >>> 0;
  }
  return out >>> 0;
}

/** Write a token value into bytes at its offset. */
export function writeToken(bytes: Uint8Array, tok: TokenUse, value: number, endian: Endian): void {
  const n = tok.bits >> 3;
  let v = value >>> 0;
  if (endian === 'little') {
    for (let i = 0; i < n; i++) {
      bytes[tok.offset + i] = v & 0xff;
      v = Math.floor(v / 256);
    }
  } else {
    for (let i = n - 1; i >= 0; i--) {
      bytes[tok.offset + i] = v & 0xff;
      v = Math.floor(v / 256);
    }
  }
}

/** Whether a value fits a field: signed fields take any int32 that sign-extends from it. */
export function fieldFits(f: Field, value: number): boolean {
  if (f.bits >= 32) return value >= -(2 ** 31) && value <= 2 ** 32 - 1;
  if (f.signed) return value >= -(2 ** (f.bits - 1)) && value < 2 ** (f.bits - 1);
  return value >= 0 && value < 2 ** f.bits;
}
