// A hand-made IsaModel with only what the OS layer reads: the real spec
// loader is not available to these tests. Its call numbers and slots differ
// from every real ISA's, so a test passes only if nothing is hard-coded.

import type { IsaModel, Register } from '../../src/spec/model.js';
import type { ElfImage, ElfSegment } from '../../src/elf/image.js';

export const SLOT = { nr: 2, a0: 5, a1: 0, a2: 7, result: 6, sp: 9 } as const;
export const NR = { exit: 60, read: 10, write: 11, brk: 99, bogus: 77 } as const;

export function fakeIsa(endian: 'little' | 'big' = 'little'): IsaModel {
  const registers: Register[] = [];
  for (let i = 0; i < 12; i++) registers.push({ slot: i, name: `q${i}`, bits: 32 });
  registers.push({ slot: 12, name: 'f', bits: 1, flag: true });
  return {
    name: 'toy32',
    file: 'toy32.isa',
    hash: '',
    endian,
    elfMachine: 0x7a7a,
    insnAlign: 1,
    maxLength: 4,
    registers,
    files: [],
    regNames: {},
    enums: [],
    variants: [],
    pseudos: [],
    abi: {
      syscallNumber: SLOT.nr,
      syscallArgs: [SLOT.a0, SLOT.a1, SLOT.a2],
      syscallResult: SLOT.result,
      calls: [
        { number: NR.exit, name: 'exit' },
        { number: NR.read, name: 'read' },
        { number: NR.write, name: 'write' },
        { number: NR.brk, name: 'brk' },
        { number: NR.bogus, name: 'frobnicate' },
      ],
      stackPointer: SLOT.sp,
    },
    operandPrefixes: [],
  };
}

export function seg(name: string, vaddr: number, memSize: number, flags: string, data: number[] = []): ElfSegment {
  return {
    name,
    vaddr,
    memSize,
    flags: { r: flags.includes('r'), w: flags.includes('w'), x: flags.includes('x') },
    data: Uint8Array.from(data),
  };
}

export function image(segments: ElfSegment[], machine = 0x7a7a, endian: 'little' | 'big' = 'little'): ElfImage {
  return { endian, machine, entry: segments[0]?.vaddr ?? 0x1000, segments, symbols: [], notes: [] };
}
