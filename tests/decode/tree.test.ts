// The decision tree against the brute-force reference: on random bytes for
// both ISAs, on bytes made to (nearly) match a variant, and on random sets of
// non-overlapping encodings, with every number of available bytes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTree, lookup, treeStats, ILLEGAL } from '../../src/decode/tree.js';
import { isDecoded, type Encoding } from '../../src/decode/types.js';
import { overlaps } from '../../src/spec/checks.js';
import type { Variant } from '../../src/spec/model.js';
import { bruteForce, load, shapeOf } from './helpers.js';

const isas = { cisc32: await load('cisc32'), risc32: await load('risc32') };

/** Bytes that match variant v, with random free bits, possibly one bit flipped. */
const nearVariant = (vs: readonly Variant[], maxLen: number) =>
  fc
    .tuple(
      fc.nat({ max: vs.length - 1 }),
      fc.uint8Array({ minLength: maxLen, maxLength: maxLen }),
      fc.option(fc.nat({ max: maxLen * 8 - 1 }), { nil: undefined }),
    )
    .map(([i, raw, flip]) => {
      const v = vs[i];
      const b = Uint8Array.from(raw);
      for (let k = 0; k < v.length; k++) b[k] = (b[k] & ~v.mask[k]) | v.match[k];
      if (flip !== undefined) b[flip >> 3] ^= 1 << (flip & 7);
      return b;
    });

describe.each(['cisc32', 'risc32'] as const)('%s decoder', (name) => {
  const { isa, dec } = isas[name];
  const max = isa.maxLength;

  it('is a tree with small tables, not a list', () => {
    const s = treeStats(buildTree(isa.variants));
    expect(s.nodes).toBeGreaterThan(1);
    expect(s.maxDepth).toBeLessThanOrEqual(6);
    expect(s.tableEntries).toBeLessThanOrEqual(256 * s.nodes);
  });

  it('decodes each variant matched bytes to that variant', () => {
    for (const v of isa.variants) {
      const b = Uint8Array.from(v.match);
      const r = dec.decode(b, 0, b.length, 0x1000);
      expect(isDecoded(r) && r.variant, v.mnemonic).toBe(v.id);
    }
  });

  it('agrees with a linear scan over all variants on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: max, maxLength: max }), (b) => {
        const r = dec.decode(b, 0, b.length, 0x1000);
        expect(shapeOf(r)).toEqual(bruteForce(isa.variants, b, b.length));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with a linear scan on bytes near a variant, for every available length', () => {
    fc.assert(
      fc.property(nearVariant(isa.variants, max), fc.nat({ max }), (b, avail) => {
        const r = dec.decode(b, 0, avail, 0x1000);
        expect(shapeOf(r)).toEqual(bruteForce(isa.variants, b, avail));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives a decoded instruction that matches and fits, or illegal, or short', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 2 * max }), fc.nat({ max: 3 * max }), fc.integer(), (b, avail, addr) => {
        const r = dec.decode(b, 0, avail, addr);
        const room = Math.min(avail, b.length);
        if (r === null) return;
        if (!isDecoded(r)) {
          expect(r.need).toBeGreaterThan(room);
          return;
        }
        const v = isa.variants[r.variant];
        expect(r.length).toBe(v.length);
        expect(r.length).toBeLessThanOrEqual(room);
        for (let i = 0; i < v.length; i++) expect(b[i] & v.mask[i]).toBe(v.match[i]);
        expect(r.fields.length).toBe(v.fields.length);
        expect(r.values.length).toBe(v.values.length);
        for (const x of r.values) expect(x).toBe(x | 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws, whatever the offset and count', () => {
    const odd = fc.oneof(fc.integer({ min: -5, max: 40 }), fc.constantFrom(NaN, Infinity, -Infinity, 1.5, 2 ** 40));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), odd, odd, fc.integer(), (b, off, avail, addr) => {
        const r = dec.decode(b, off, avail, addr);
        expect(r === null || typeof r === 'object').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes the same at an offset as at the start', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 8 }), nearVariant(isa.variants, max), (pad, b) => {
        const whole = new Uint8Array(pad.length + b.length);
        whole.set(pad);
        whole.set(b, pad.length);
        expect(dec.decode(whole, pad.length, b.length, 0x1000)).toEqual(dec.decode(b, 0, b.length, 0x1000));
      }),
      { numRuns: 500 },
    );
  });
});

describe('decision tree on random encoding sets', () => {
  /** A random encoding: length 1-4, random fixed bits (often whole bytes, often none). */
  const encoding = fc.integer({ min: 1, max: 4 }).chain((len) =>
    fc
      .tuple(
        fc.array(fc.oneof(fc.constant(0xff), fc.constant(0), fc.integer({ min: 0, max: 255 })), { minLength: len, maxLength: len }),
        fc.uint8Array({ minLength: len, maxLength: len }),
      )
      .map(([mask, match]): Encoding => ({ length: len, mask, match: mask.map((m, i) => m & match[i]) })),
  );
  /** Keep each encoding that overlaps none kept before it (what the spec loader guarantees). */
  const encodingSet = fc.array(encoding, { minLength: 0, maxLength: 40 }).map((all) => {
    const kept: Encoding[] = [];
    for (const e of all) {
      if (!kept.some((k) => overlaps(k as unknown as Variant, e as unknown as Variant))) kept.push(e);
    }
    return kept;
  });

  it('finds what the linear scan finds, for every available length', () => {
    fc.assert(
      fc.property(encodingSet, fc.array(fc.uint8Array({ minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 20 }), (encs, inputs) => {
        const tree = buildTree(encs);
        for (const b of inputs) {
          // Also bytes forced onto one of the encodings, so that matches are common.
          const tries = [b, ...encs.slice(0, 3).map((e) => b.map((x, i) => (i < e.length ? (x & ~e.mask[i]) | e.match[i] : x)))];
          for (const x of tries) {
            for (let avail = 0; avail <= 4; avail++) {
              const r = lookup(tree, x, 0, avail);
              const want = bruteForce(encs, x, avail);
              const got = r >= 0 ? { id: r } : r === ILLEGAL ? null : { need: -1 - r };
              expect(got).toEqual(want);
            }
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('handles encodings with no bits fixed in common', () => {
    // Nothing is fixed by all three in any byte: the tree switches on the bits most of them fix.
    const encs: Encoding[] = [
      { length: 1, mask: [0xc0], match: [0x80] }, // bits 7:6 = 10
      { length: 2, mask: [0x60, 0xff], match: [0x40, 0x12] }, // bits 6:5 = 10
      { length: 3, mask: [0xa0, 0x0f, 0x00], match: [0x20, 0x03, 0x00] }, // bit 7 = 0, bit 5 = 1
    ];
    const tree = buildTree(encs);
    for (let b0 = 0; b0 < 256; b0++) {
      for (const b1 of [0x00, 0x12, 0x13, 0xf3]) {
        const x = Uint8Array.of(b0, b1, 0);
        const r = lookup(tree, x, 0, 3);
        const want = bruteForce(encs, x, 3);
        expect(r >= 0 ? { id: r } : r === ILLEGAL ? null : { need: -1 - r }).toEqual(want);
      }
    }
  });

  it('builds an empty tree and a one-encoding tree', () => {
    expect(lookup(buildTree([]), Uint8Array.of(1, 2), 0, 2)).toBe(ILLEGAL);
    const one = buildTree([{ length: 2, mask: [0xff, 0xf0], match: [0x12, 0x30] }]);
    expect(lookup(one, Uint8Array.of(0x12, 0x3f), 0, 2)).toBe(0);
    expect(lookup(one, Uint8Array.of(0x12, 0x4f), 0, 2)).toBe(ILLEGAL);
    expect(lookup(one, Uint8Array.of(0x12), 0, 1)).toBe(-3); // short, need 2
    expect(lookup(one, Uint8Array.of(0x13), 0, 1)).toBe(ILLEGAL);
  });
});
