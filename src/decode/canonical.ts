// Whether a decoded instruction's bytes are exactly what the assembler
// writes for it. A variant may leave bits that no operand and no fixed
// pattern covers (risc32's jmp/jsr/ret ignore displacement bits 13:0, Alpha's
// branch-prediction hint): the decoder accepts any value there, the assembler
// writes 0. A pseudo-instruction is printed only where the word matches its
// expansion exactly, so only for a canonical word.
//
// The ignored bits are read back through the fields that overlap them (the
// decoder extracts every field of the variant's tokens, used or not); a bit
// no field covers cannot be seen from a Decoded and is not checked.

import type { IsaModel, OperandTemplate, Transform, Variant } from '../spec/model.js';
import type { DecodedLike } from './types.js';

/** A decoded instruction is canonical when every (d.fields[field] & mask) is 0. */
interface FreeBits {
  field: number;
  mask: number;
}

const cache = new WeakMap<IsaModel, FreeBits[][]>();

function transformField(t: Transform): string {
  return t.kind === 'field' ? t.field : transformField(t.arg);
}

/** The fields the variant's operands (and fixed pattern) give a value to. */
function usedFields(v: Variant): Set<string> {
  const used = new Set<string>(Object.keys(v.fixed));
  const walk = (o: OperandTemplate): void => {
    switch (o.kind) {
      case 'reg':
        used.add(o.field);
        break;
      case 'value': {
        const derived = v.values.find((x) => x.name === o.name);
        used.add(derived ? transformField(derived.transform) : o.name);
        break;
      }
      case 'mem':
        walk(o.base);
        if (o.disp) walk(o.disp);
        break;
      case 'prefixed':
        walk(o.inner);
        break;
      case 'fixedreg':
        break;
    }
  };
  v.operands.forEach(walk);
  return used;
}

function freeBitsOf(isa: IsaModel, v: Variant): FreeBits[] {
  const used = usedFields(v);
  const masks = new Map<number, number>();
  v.tokens.forEach((tok, ti) => {
    const n = tok.bits >> 3;
    const fields = v.fields.filter((f) => f.tokenIndex === ti);
    for (let k = 0; k < tok.bits; k++) {
      const byte = tok.offset + (isa.endian === 'little' ? k >> 3 : n - 1 - (k >> 3));
      if ((v.mask[byte] >> (k & 7)) & 1) continue; // fixed by the pattern
      const inRange = (f: (typeof fields)[number]) => f.ranges.some(([hi, lo]) => k >= lo && k <= hi);
      if (fields.some((f) => used.has(f.name) && inRange(f))) continue; // an operand's bit
      // An ignored bit: find it in some field's value.
      for (let fi = 0; fi < v.fields.length; fi++) {
        const f = v.fields[fi];
        if (f.tokenIndex !== ti || !inRange(f)) continue;
        let below = 0; // value bits in the pieces after (less significant than) k's piece
        for (let r = f.ranges.length - 1; r >= 0; r--) {
          const [hi, lo] = f.ranges[r];
          if (k >= lo && k <= hi) {
            masks.set(fi, ((masks.get(fi) ?? 0) | (1 << (below + k - lo))) | 0);
            break;
          }
          below += hi - lo + 1;
        }
        break;
      }
    }
  });
  return [...masks].map(([field, mask]) => ({ field, mask }));
}

/** Are the bits the assembler would write as 0 (those no operand or pattern sets) all 0 here? */
export function isCanonical(isa: IsaModel, d: DecodedLike): boolean {
  let all = cache.get(isa);
  if (!all) cache.set(isa, (all = isa.variants.map((v) => freeBitsOf(isa, v))));
  for (const { field, mask } of all[d.variant]) if ((d.fields[field] & mask) !== 0) return false;
  return true;
}
