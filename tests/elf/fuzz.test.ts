// readElf must answer every input with an image or one XlatError: never
// another exception, never a hang. A file it accepts must also survive the
// writer (or be refused by it with an XlatError) and read back the same.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ElfImage } from '../../src/elf/index.js';
import { readElf, writeElf } from '../../src/elf/index.js';
import { XlatError } from '../../src/spec/diagnostic.js';
import { compactImage } from './fixtures.js';

function readOrError(bytes: Uint8Array): ElfImage | XlatError {
  try {
    return readElf(bytes, 'fuzz.elf');
  } catch (e) {
    if (e instanceof XlatError && e.message.startsWith('fuzz.elf: ')) return e;
    throw e;
  }
}

/** Accepted images are consistent: writing one again reads back unchanged. */
function checkAccepted(result: ElfImage | XlatError): void {
  if (result instanceof XlatError) return;
  let rewritten: Uint8Array;
  try {
    rewritten = writeElf(result);
  } catch (e) {
    expect(e).toBeInstanceOf(XlatError);
    return;
  }
  expect(readElf(rewritten, 'again.elf')).toEqual(result);
}

const valid = { little: writeElf(compactImage('little')), big: writeElf(compactImage('big')) };

/** Values that tend to break offset and size arithmetic. */
const interesting = fc.constantFrom(0, 1, 2, 0x10, 0x34, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('word' as const), at: fc.nat(), value: fc.oneof(interesting, fc.nat({ max: 0xffffffff })) }),
);

function mutate(file: Uint8Array, mutations: Array<{ kind: 'byte' | 'word'; at: number; value: number }>, cut: number | null): Uint8Array {
  const out = file.slice();
  const view = new DataView(out.buffer);
  for (const m of mutations) {
    if (m.kind === 'byte') out[m.at % out.length] = m.value;
    else {
      // Aim words at field boundaries, mostly inside the headers.
      const at = (m.at % Math.floor(out.length / 2)) & ~1;
      if (at + 4 <= out.length) view.setUint32(at, m.value, out[5] === 1);
    }
  }
  return cut === null ? out : out.subarray(0, cut % (out.length + 1));
}

describe('readElf fuzzing', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        checkAccepted(readOrError(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('random bytes behind a valid ELF ident', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 2), fc.uint8Array({ minLength: 0, maxLength: 600 }), (data, rest) => {
        const bytes = new Uint8Array(16 + rest.length);
        bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, data, 1]);
        bytes.set(rest, 16);
        checkAccepted(readOrError(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('mutations and truncations of a valid file', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'little' | 'big'>('little', 'big'),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        fc.option(fc.nat(), { nil: null, freq: 4 }),
        (endian, mutations, cut) => {
          checkAccepted(readOrError(mutate(valid[endian], mutations, cut)));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('truncation at every length', () => {
    for (const file of [valid.little, valid.big]) {
      for (let n = 0; n < file.length; n++) checkAccepted(readOrError(file.subarray(0, n)));
    }
  });

  it('stays fast on a header claiming huge tables', () => {
    const file = valid.little.slice();
    const view = new DataView(file.buffer);
    view.setUint16(44, 0xffff, true); // e_phnum
    view.setUint16(48, 0xffff, true); // e_shnum
    const start = Date.now();
    expect(readOrError(file)).toBeInstanceOf(XlatError);
    expect(Date.now() - start).toBeLessThan(1000);
  });
});
