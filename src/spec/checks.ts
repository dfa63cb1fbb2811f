// Whole-spec checks on the expanded variants: two encodings that some byte
// string matches both make decoding ambiguous (and one of them partly
// unreachable), so each such pair is an error naming both places.

import { formatLoc } from './diagnostic.js';
import type { Variant } from './model.js';

/** Some byte string matches both a and b (over their common length). */
export function overlaps(a: Variant, b: Variant): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if ((a.mask[i] & b.mask[i] & (a.match[i] ^ b.match[i])) !== 0) return false;
  }
  return true;
}

export function checkOverlaps(variants: Variant[], out: string[]): void {
  // Bucket by the first byte's fixed value where fully fixed, to keep this fast.
  const reported = new Set<string>();
  for (let i = 0; i < variants.length; i++) {
    for (let j = i + 1; j < variants.length; j++) {
      const a = variants[i];
      const b = variants[j];
      if ((a.mask[0] & b.mask[0] & (a.match[0] ^ b.match[0])) !== 0) continue;
      if (!overlaps(a, b)) continue;
      const key = `${a.insn}/${b.insn}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const what = a.insn === b.insn ? 'two of its own forms overlap' : `overlaps '${a.mnemonic}' at ${formatLoc(a.loc)}`;
      out.push(`${formatLoc(b.loc)}: encoding of '${b.mnemonic}' ${what}: some bytes would decode as both`);
    }
  }
}
