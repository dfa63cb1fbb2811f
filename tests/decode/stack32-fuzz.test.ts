// The stack32 decoder and disassembler on random bytes: they never throw,
// whatever the bytes, offset, count or address; every byte that is not an
// opcode of the manual's table (§3) decodes as illegal, whatever follows it,
// and lists as a one-byte (bad); a decoded instruction is the one the
// brute-force reference finds, with its whole encoding in the bytes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disassemble, formatInsn } from '../../src/decode/disasm.js';
import { isDecoded } from '../../src/decode/types.js';
import type { ElfImage } from '../../src/elf/image.js';
import { bruteForce, hexOf, load, shapeOf } from './helpers.js';
import { OPCODES, UNDEFINED } from '../fixtures/stack32-opcodes.js';

const s32 = await load('stack32');
const { isa, dec } = s32;

const OPCODE_SET = new Set(OPCODES);

const textImage = (data: Uint8Array, symbols: ElfImage['symbols'] = []): ElfImage => ({
  endian: 'big',
  machine: 0x5332,
  entry: 0x1000,
  segments: [{ name: '.text', vaddr: 0x1000, flags: { r: true, w: false, x: true }, data, memSize: data.length }],
  symbols,
  notes: [],
});

describe('stack32: bytes that are not opcodes', () => {
  it('each of the 206 decodes as illegal, whatever follows it', () => {
    expect(UNDEFINED.length).toBe(206);
    fc.assert(
      fc.property(fc.constantFrom(...UNDEFINED), fc.uint8Array({ minLength: 0, maxLength: 6 }), fc.integer({ min: 0, max: 0xffffffff }), (b, rest, addr) => {
        const bytes = Uint8Array.from([b, ...rest]);
        expect(dec.decode(bytes, 0, bytes.length, addr), hexOf(bytes)).toBeNull();
      }),
      { numRuns: 1000 },
    );
    for (const b of UNDEFINED) expect(dec.decode(Uint8Array.from([b, 0, 0, 0, 0]), 0, 5, 0x1000), `0x${b.toString(16)}`).toBeNull();
  });

  it('each of the 50 opcodes decodes, given its whole length', () => {
    for (const b of OPCODE_SET) {
      const r = dec.decode(Uint8Array.from([b, 0, 0, 0, 0]), 0, 5, 0x1000);
      expect(isDecoded(r), `0x${b.toString(16)}`).toBe(true);
    }
  });

  it('each lists as a one-byte (bad), and the listing goes on with the next byte', () => {
    const data = Uint8Array.from(UNDEFINED.flatMap((b) => [b, 0x00]));
    const lines = disassemble(isa, textImage(data)).split('\n').filter((l) => /^ *[0-9a-f]+:\t/.test(l));
    expect(lines.length).toBe(2 * UNDEFINED.length);
    UNDEFINED.forEach((b, i) => {
      expect(lines[2 * i]).toBe(`${(0x1000 + 2 * i).toString(16).padStart(8)}:\t${b.toString(16).padStart(2, '0').padEnd(21)}\t(bad)`);
      expect(lines[2 * i + 1]).toMatch(/\tnop$/);
    });
  });
});

describe('stack32 decoder on random bytes', () => {
  it('agrees with a linear scan over all variants', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 6 }), fc.nat({ max: 6 }), (b, avail) => {
        const n = Math.min(avail, b.length);
        expect(shapeOf(dec.decode(b, 0, n, 0x1000)), hexOf(b)).toEqual(bruteForce(isa.variants, b, n));
      }),
      { numRuns: 3000 },
    );
  });

  it('a decoded instruction has its whole encoding in the bytes, with 32-bit values', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 0xffffffff }), (b, addr) => {
        const r = dec.decode(b, 0, b.length, addr);
        if (r === null) {
          expect(OPCODE_SET.has(b[0])).toBe(false);
          return;
        }
        if (!isDecoded(r)) {
          expect(r.need).toBeGreaterThan(b.length);
          return;
        }
        const v = isa.variants[r.variant];
        expect(r.length).toBe(v.length);
        for (let i = 0; i < v.length; i++) expect(b[i] & v.mask[i]).toBe(v.match[i]);
        for (const x of r.values) expect(x).toBe(x | 0);
        expect(typeof formatInsn(isa, r, addr)).toBe('string');
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws, whatever the offset, count and address', () => {
    const odd = fc.oneof(fc.integer({ min: -5, max: 40 }), fc.constantFrom(NaN, Infinity, -Infinity, 1.5, 2 ** 40));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), odd, odd, fc.integer(), (b, off, avail, addr) => {
        const r = dec.decode(b, off, avail, addr);
        expect(r === null || typeof r === 'object').toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('the disassembler lists any bytes, with any symbols, without throwing, covering every byte once', () => {
    const sym = fc.record({
      name: fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/),
      value: fc.integer({ min: 0x0ff0, max: 0x1080 }),
      size: fc.constant(0),
      kind: fc.constantFrom('func' as const, 'object' as const, 'notype' as const),
      global: fc.boolean(),
      section: fc.constantFrom('.text', undefined),
    });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 64 }), fc.array(sym, { maxLength: 4 }), (data, symbols) => {
        const listing = disassemble(isa, textImage(data, symbols));
        const covered = listing
          .split('\n')
          .map((l) => /^ *[0-9a-f]+:\t([0-9a-f ]+?)\s*\t/.exec(l)?.[1])
          .filter((x): x is string => x !== undefined)
          .flatMap((h) => h.split(' '));
        expect(covered.join(' '), listing).toBe(hexOf(data));
      }),
      { numRuns: 500 },
    );
  });
});
