import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ElfImage, ElfSymbol, Endian } from '../../src/elf/index.js';
import { readElf, writeElf } from '../../src/elf/index.js';
import { expectedRead, sampleImage } from './fixtures.js';

describe('writeElf -> readElf', () => {
  for (const endian of ['little', 'big'] as const) {
    it(`round-trips the sample image (${endian}-endian)`, () => {
      const image = sampleImage(endian);
      expect(readElf(writeElf(image), 'prog.elf')).toEqual(image);
    });
  }

  it('puts local symbols first, keeping the order within each group', () => {
    const image = sampleImage();
    image.symbols = [image.symbols[3]!, image.symbols[0]!, image.symbols[4]!, image.symbols[1]!];
    const back = readElf(writeElf(image), 'prog.elf');
    expect(back.symbols.map((s) => s.name)).toEqual(['loop', 'table', '_start', 'LIMIT']);
    expect(back).toEqual(expectedRead(image));
  });

  it('round-trips an image with no symbols and no notes', () => {
    const image: ElfImage = { ...sampleImage('big'), symbols: [], notes: [] };
    expect(readElf(writeElf(image), 'a.elf')).toEqual(image);
  });

  it('keeps zero-size segments apart, even at one address', () => {
    const image = sampleImage();
    image.segments.push(
      { name: '.a', vaddr: 0x8000, flags: { r: true, w: false, x: false }, data: new Uint8Array(), memSize: 0 },
      { name: '.b', vaddr: 0x8000, flags: { r: false, w: false, x: false }, data: new Uint8Array(), memSize: 0 },
      { name: '.c', vaddr: 0x8000, flags: { r: true, w: true, x: false }, data: new Uint8Array(), memSize: 0x20 },
    );
    expect(readElf(writeElf(image), 'a.elf')).toEqual(image);
  });

  it('does not alias the input buffer', () => {
    const file = writeElf(sampleImage());
    const image = readElf(file, 'a.elf');
    file.fill(0);
    expect(image).toEqual(sampleImage());
  });

  it('reads from a view into a larger buffer', () => {
    const file = writeElf(sampleImage('big'));
    const big = new Uint8Array(file.length + 7);
    big.set(file, 3);
    expect(readElf(big.subarray(3, 3 + file.length), 'a.elf')).toEqual(sampleImage('big'));
  });

  it('round-trips random images', () => {
    fc.assert(
      fc.property(arbImage(), (image) => {
        expect(readElf(writeElf(image), 'r.elf')).toEqual(expectedRead(image));
      }),
      { numRuns: 300 },
    );
  });
});

/** Valid images: segments on distinct pages, unique names, symbols in segments or absolute. */
function arbImage(): fc.Arbitrary<ElfImage> {
  const segment = fc.record({
    page: fc.integer({ min: 1, max: 0xfffff }),
    offset: fc.integer({ min: 0, max: 0x7ff }),
    data: fc.uint8Array({ maxLength: 40 }),
    extra: fc.integer({ min: 0, max: 0x7ff }),
    flags: fc.record({ r: fc.boolean(), w: fc.boolean(), x: fc.boolean() }),
  });
  const segments = fc.uniqueArray(segment, { minLength: 1, maxLength: 5, selector: (s) => s.page });
  const name = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\0'));
  return fc
    .record({
      endian: fc.constantFrom<Endian>('little', 'big'),
      machine: fc.integer({ min: 0, max: 0xffff }),
      entry: fc.nat({ max: 0xffffffff }),
      segments,
      symbols: fc.array(
        fc.record({
          name: fc.string({ maxLength: 10 }).filter((s) => !s.includes('\0')),
          value: fc.nat({ max: 0xffffffff }),
          size: fc.nat({ max: 0xffffffff }),
          kind: fc.constantFrom<ElfSymbol['kind']>('func', 'object', 'notype'),
          global: fc.boolean(),
          segment: fc.nat(),
        }),
        { maxLength: 8 },
      ),
      notes: fc.uniqueArray(fc.record({ name, data: fc.uint8Array({ maxLength: 20 }) }), {
        maxLength: 3,
        selector: (n) => n.name,
      }),
    })
    .map((r): ElfImage => {
      const segs = r.segments.map((s, i) => ({
        name: `.seg${i}`,
        vaddr: s.page * 0x1000 + s.offset,
        flags: s.flags,
        data: s.data,
        memSize: s.data.length + s.extra,
      }));
      const symbols = r.symbols.map(({ segment, ...s }): ElfSymbol => {
        const inSegment = segment % (segs.length + 1);
        return inSegment < segs.length ? { ...s, section: segs[inSegment]!.name } : s;
      });
      const notes = r.notes.filter((n) => !n.name.startsWith('.seg') && !['.symtab', '.strtab', '.shstrtab'].includes(n.name));
      return { endian: r.endian, machine: r.machine, entry: r.entry, segments: segs, symbols, notes };
    });
}
