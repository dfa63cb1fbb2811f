// One variant with its operands bound: a Form the layout can ask whether it
// fits at an address and have encode there. Bytes start from the variant's
// fixed bits and get their fields through bits.ts, the packing the decoder
// reads back with.

import { errorAt } from '../spec/diagnostic.js';
import { fieldIntoToken, tokenValue, writeToken } from '../spec/bits.js';
import type { Endian, Variant } from '../spec/model.js';
import type { Evaluator, Form } from './types.js';
import type { Binding } from './match.js';
import { solveField } from './field-value.js';

export class VariantForm implements Form {
  readonly length: number;

  constructor(
    readonly variant: Variant,
    private readonly binding: Binding,
    private readonly endian: Endian,
    /** The mnemonic as written (an alias names itself in messages). */
    private readonly mnemonic: string,
  ) {
    this.length = variant.length;
  }

  fits(ev: Evaluator, addr: number): string | null {
    const npc = addr + this.length;
    for (const z of this.binding.zeros) {
      const v = z.peek(ev);
      if (v !== undefined && v !== 0) return `displacement ${v} is not 0`;
    }
    for (const b of this.binding.values) {
      const v = b.value.peek(ev);
      if (v === undefined) continue;
      const s = solveField(v, b.field, b.def.transform, npc, { mnemonic: this.mnemonic, name: b.def.name });
      if (!s.ok) return s.why;
    }
    return null;
  }

  encode(ev: Evaluator, addr: number): Uint8Array {
    const npc = addr + this.length;
    const bytes = Uint8Array.from(this.variant.match);
    const { tokens } = this.variant;
    const words = tokens.map((tok) => tokenValue(bytes, 0, tok, this.endian));
    for (const r of this.binding.regs) {
      words[r.field.tokenIndex] = fieldIntoToken(words[r.field.tokenIndex], r.field, r.index);
    }
    for (const z of this.binding.zeros) {
      const v = z.final(ev);
      if (v !== 0) throw errorAt(z.loc, `displacement ${v} needs a form with a displacement`);
    }
    for (const b of this.binding.values) {
      const v = b.value.final(ev);
      const s = solveField(v, b.field, b.def.transform, npc, { mnemonic: this.mnemonic, name: b.def.name });
      if (!s.ok) throw errorAt(b.value.loc, s.why);
      words[b.field.tokenIndex] = fieldIntoToken(words[b.field.tokenIndex], b.field, s.raw);
    }
    tokens.forEach((tok, i) => writeToken(bytes, tok, words[i], this.endian));
    return bytes;
  }
}
