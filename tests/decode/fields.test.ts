// The decoder's compiled field extraction against spec/bits.ts
// fieldFromToken, which the encoder's side of the project uses.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFields, runFields } from '../../src/decode/fields.js';
import { fieldFromToken } from '../../src/spec/bits.js';
import type { Field } from '../../src/spec/model.js';
import { load } from './helpers.js';

type TokField = Field & { tokenIndex: number };

function check(fields: TokField[], toks: number[]): void {
  const got = new Int32Array(fields.length);
  runFields(compileFields(fields), toks, got);
  fields.forEach((f, i) => expect(got[i], f.name).toBe(fieldFromToken(toks[f.tokenIndex], f)));
}

const token = fc.oneof(fc.nat({ max: 0xffffffff }), fc.constantFrom(0, 0xffffffff, 0x80000000, 0x7fffffff));

describe('compiled field extraction', () => {
  it.each(['cisc32', 'risc32'] as const)('agrees with fieldFromToken on every %s field', async (name) => {
    const { isa } = await load(name);
    fc.assert(
      fc.property(fc.array(token, { minLength: 8, maxLength: 8 }), (toks) => {
        for (const v of isa.variants) check(v.fields, toks);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees on concatenated and edge-width fields', () => {
    /** A field from bit ranges: pieces [hi, lo], most significant first. */
    const field = fc
      .array(
        fc.integer({ min: 0, max: 31 }).chain((lo) => fc.integer({ min: lo, max: 31 }).map((hi) => [hi, lo] as [number, number])),
        { minLength: 1, maxLength: 3 },
      )
      .filter((rs) => rs.reduce((n, [hi, lo]) => n + hi - lo + 1, 0) <= 32)
      .chain((ranges) =>
        fc.record({
          name: fc.constant('f'),
          ranges: fc.constant(ranges),
          bits: fc.constant(ranges.reduce((n, [hi, lo]) => n + hi - lo + 1, 0)),
          signed: fc.boolean(),
          tokenIndex: fc.integer({ min: 0, max: 1 }),
        }),
      );
    fc.assert(
      fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), fc.tuple(token, token), (fields, toks) => {
        check(fields, [...toks]);
      }),
      { numRuns: 2000 },
    );
  });
});
