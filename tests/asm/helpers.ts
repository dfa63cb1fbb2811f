// Shared helpers for the assembler front-end tests.

import { assemble } from '../../src/asm/assemble.js';
import type { ElfImage } from '../../src/elf/image.js';
import { XlatErrors } from '../../src/spec/diagnostic.js';
import { fakeIsa, type FakeIsa } from './fake-isa.js';

export function asm(source: string, isa: FakeIsa = fakeIsa()): ElfImage {
  return assemble(source, 'prog.s', isa);
}

/** Lines joined with newlines: keeps line numbers in tests easy to read. */
export function src(...lines: string[]): string {
  return lines.join('\n');
}

/** Bytes of a segment as spaced hex: "eb 05 90". */
export function hex(image: ElfImage, segment = '.text'): string {
  const seg = image.segments.find((s) => s.name === segment);
  if (!seg) throw new Error(`no segment ${segment}`);
  return [...seg.data].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** The messages assembling `source` fails with (fails the test if it succeeds). */
export function errorsOf(source: string, isa: FakeIsa = fakeIsa()): string[] {
  try {
    asm(source, isa);
  } catch (e) {
    if (e instanceof XlatErrors) return e.messages;
    throw e;
  }
  throw new Error('expected assembly to fail');
}
