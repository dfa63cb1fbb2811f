// Properties over whole specs: any variant, with any field values, written as
// assembly operands, encodes to bytes the decoder's view (mask/match, bits.ts
// extraction) reads back to the same fields; and the manuals' size rules hold
// for any value, not only at the boundaries the example tests pick.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fieldFromToken, tokenValue } from '../../src/spec/bits.js';
import type { IsaModel, OperandTemplate, Transform, Variant } from '../../src/spec/model.js';
import type { Expr, Operand } from '../../src/asm/types.js';
import type { VariantForm } from '../../src/asm/encode.js';
import { backend, encodeSlots, evaluator, planLine } from './backend-helpers.js';

const loc = { file: 'prop.s', line: 1, col: 1 };
const num = (value: number): Expr => ({ kind: 'num', value, loc });

/** Seeds with the edges of every field width well represented. */
const seed = fc.oneof(
  fc.constantFrom(0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff),
  fc.integer({ min: 0, max: 2 ** 32 - 1 }),
);

/** A field value from a seed: the seed's low `bits` bits, sign-extended for a signed field. */
function fieldValueFrom(s: number, bits: number, signed: boolean): number {
  if (bits >= 32) return signed ? s | 0 : s >>> 0;
  const low = s % 2 ** bits;
  return signed && low >= 2 ** (bits - 1) ? low - 2 ** bits : low;
}

/** The operand value a field value stands for (the transform run forwards), as a 32-bit number. */
function forward(t: Transform, raw: number, npc: number): number {
  switch (t.kind) {
    case 'field':
      return raw;
    case 'scale':
      return forward(t.arg, raw, npc) * t.by;
    case 'shl':
      return forward(t.arg, raw, npc) * 2 ** t.by;
    case 'add':
      return forward(t.arg, raw, npc) + t.by;
    case 'pcrel':
      return npc + forward(t.arg, raw, npc);
  }
}

interface Synth {
  operands: Operand[];
  /** field name -> the value it must hold */
  expected: Map<string, number>;
}

/** Operands that select `v` with fields drawn from `seeds`. */
function synthesize(isa: IsaModel, v: Variant, seeds: number[], addr: number): Synth {
  const expected = new Map<string, number>();
  let k = 0;
  const next = (): number => seeds[k++ % seeds.length];
  const npc = addr + v.length;
  const regName = (slot: number): string => isa.registers[slot].name;
  const fieldOf = (name: string) => v.fields.find((f) => f.name === name)!;

  const value = (name: string): number => {
    const def = v.values.find((x) => x.name === name)!;
    let t = def.transform;
    while (t.kind !== 'field') t = t.arg;
    const f = fieldOf(t.field);
    const raw = fieldValueFrom(next(), f.bits, f.signed);
    expected.set(f.name, raw);
    const x = forward(def.transform, raw, npc);
    // Out of the assembler's range only through wrapping; modulo 2^32 it is the same value.
    return x < -(2 ** 31) || x > 2 ** 32 - 1 ? ((x % 2 ** 32) + 2 ** 32) % 2 ** 32 : x;
  };
  const operand = (t: OperandTemplate): Operand => {
    switch (t.kind) {
      case 'reg': {
        const f = fieldOf(t.field);
        const file = isa.files.find((x) => x.name === f.regFile)!;
        const index = next() % Math.min(file.slots.length, 2 ** f.bits);
        expected.set(f.name, index);
        return { kind: 'reg', name: regName(file.slots[index]), loc };
      }
      case 'fixedreg':
        return { kind: 'reg', name: regName(t.slot), loc };
      case 'value':
        return { kind: 'imm', expr: num(value(t.name)), loc };
      case 'mem': {
        const base = operand(t.base);
        if (base.kind !== 'reg') throw new Error('memory base is not a register');
        return { kind: 'mem', style: t.style, base: base.name, disp: t.disp ? num(value((t.disp as { name: string }).name)) : null, loc };
      }
      case 'prefixed':
        return { kind: 'prefixed', prefix: t.prefix, inner: operand(t.inner), loc };
    }
  };
  return { operands: v.operands.map(operand), expected };
}

for (const name of ['cisc32', 'risc32', 'toy']) {
  describe(`${name}: every variant round-trips its fields`, () => {
    it('encodes (bytes & mask) == match, and the fields read back', async () => {
      const { model, be } = await backend(name);
      fc.assert(
        fc.property(
          fc.nat(model.variants.length - 1),
          fc.array(seed, { minLength: 6, maxLength: 6 }),
          fc.nat(0xffff),
          fc.nat(),
          (vi, seeds, at, aliasPick) => {
            const v = model.variants[vi];
            const addr = 0x1000 + at * model.insnAlign;
            const { operands, expected } = synthesize(model, v, seeds, addr);
            const names = [v.mnemonic, ...v.aliases];
            const slots = be.plan(names[aliasPick % names.length], operands, loc, evaluator());
            expect(slots).toHaveLength(1);
            const form = slots[0].forms.find((f) => (f as VariantForm).variant?.id === v.id);
            expect(form, `variant ${v.id} '${v.mnemonic}' among the forms`).toBeDefined();
            expect(form!.fits(evaluator(), addr)).toBeNull();
            const bytes = form!.encode(evaluator(), addr);
            expect(bytes.length).toBe(v.length);
            for (let i = 0; i < v.length; i++) expect(bytes[i] & v.mask[i]).toBe(v.match[i]);
            for (const [fname, want] of expected) {
              const f = v.fields.find((x) => x.name === fname)!;
              const got = fieldFromToken(tokenValue(bytes, 0, v.tokens[f.tokenIndex], model.endian), f);
              if (f.bits >= 32) expect(got >>> 0).toBe(want >>> 0);
              else expect(got).toBe(want);
            }
          },
        ),
        { numRuns: 3000 },
      );
    });
  });
}

const int32ish = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }),
  fc.integer({ min: -300, max: 300 }),
  fc.integer({ min: 2 ** 32 - 300, max: 2 ** 32 - 1 }),
);

describe('size rules hold for any value', () => {
  it('cisc32: 83 exactly when the immediate is the sign extension of its low byte', async () => {
    const { be } = await backend('cisc32');
    fc.assert(
      fc.property(int32ish, (imm) => {
        const bytes = encodeSlots(planLine(be, `add r2, ${imm}`)).split(' ');
        const short = (imm | 0) === (((imm & 0xff) << 24) >> 24);
        expect(bytes[0]).toBe(short ? '83' : '81');
        expect(bytes.length).toBe(short ? 3 : 6);
      }),
    );
  });

  it('cisc32: no displacement for 0, disp8 when it fits a signed byte, else disp32', async () => {
    const { be } = await backend('cisc32');
    fc.assert(
      fc.property(int32ish, (d) => {
        const bytes = encodeSlots(planLine(be, `mov r1, [r3 + ${d}]`)).split(' ');
        const x = d | 0;
        expect(bytes.length).toBe(x === 0 ? 2 : x >= -128 && x <= 127 ? 3 : 6);
      }),
    );
  });

  it('cisc32: rel8 exactly when the target is within reach', async () => {
    const { be } = await backend('cisc32');
    fc.assert(
      fc.property(fc.integer({ min: 0x1000 - 400, max: 0x1000 + 400 }), (t) => {
        const syms = { labels: { t } };
        const bytes = encodeSlots(planLine(be, 'jne t', syms), syms).split(' ');
        const rel = t - 0x1002;
        expect(bytes.length).toBe(rel >= -128 && rel <= 127 ? 2 : 6);
      }),
    );
  });

  it('risc32: li loads exactly the value, in one word when it fits 16 signed bits', async () => {
    const { be } = await backend('risc32');
    fc.assert(
      fc.property(int32ish, (e) => {
        const slots = planLine(be, `li r1, ${e}`);
        const words = encodeSlots(slots)
          .split(' ')
          .map((b) => parseInt(b, 16))
          .reduce<number[]>((acc, b, i) => {
            if (i % 4 === 0) acc.push(0);
            acc[acc.length - 1] = (acc[acc.length - 1] + b * 2 ** (8 * (i % 4))) >>> 0;
            return acc;
          }, []);
        const disp = (w: number): number => (w & 0xffff) << 16 >> 16;
        const fits = (e | 0) >= -32768 && (e | 0) <= 32767;
        expect(words.length).toBe(fits ? 1 : 2);
        const loaded = fits ? disp(words[0]) : disp(words[0]) * 65536 + disp(words[1]);
        expect(loaded >>> 0).toBe(e >>> 0);
      }),
    );
  });
});
