// Shared by the IR and optimizer tests: the two ISAs with decoders and
// assemblers (loaded once per worker), assembly text to guest code bytes,
// lifting from those bytes, and a guest machine (Memory with code and a
// scratch area) that both the interpreter and the IR evaluator can run on.

import { assemble } from '../../src/asm/index.js';
import { isaAssembler } from '../../src/asm/backend.js';
import { buildDecoder, type Decoder } from '../../src/decode/index.js';
import { Memory, PERM_R, PERM_W, PERM_X } from '../../src/interp/memory.js';
import { liftBlock, type Fetch, type IrBlock, type LiftOptions } from '../../src/ir/index.js';
import { loadIsa, type IsaModel } from '../../src/spec/index.js';

export interface Isa {
  isa: IsaModel;
  dec: Decoder;
  asm: ReturnType<typeof isaAssembler>;
}

const cache = new Map<string, Promise<Isa>>();

export function load(name: 'cisc32' | 'risc32'): Promise<Isa> {
  let p = cache.get(name);
  if (!p) {
    p = loadIsa(name).then((isa) => ({ isa, dec: buildDecoder(isa), asm: isaAssembler(isa) }));
    cache.set(name, p);
  }
  return p;
}

export const CODE = 0x1000;
export const SCRATCH = 0x8000;
export const SCRATCH_SIZE = 0x200;

/** The .text bytes of assembled lines (the assembler puts .text at 0x1000). */
export function asmBytes(l: Isa, lines: string[]): Uint8Array {
  const image = assemble(lines.join('\n') + '\n', 'test.s', l.asm);
  const text = image.segments.find((s) => s.name === '.text');
  if (!text || text.vaddr !== CODE) throw new Error('no .text at 0x1000');
  return text.data;
}

/** Fetch from a byte string at CODE, nothing fetchable past it. */
export function fetchOf(bytes: Uint8Array, base = CODE): Fetch {
  return { bytes, base, avail: (a) => Math.max(0, Math.min(base + bytes.length - a, 16)) };
}

export function liftAsm(l: Isa, lines: string[], opts: LiftOptions = {}): IrBlock {
  return liftBlock(l.isa, l.dec, fetchOf(asmBytes(l, lines)), CODE, opts);
}

/** A memory with code at CODE (r-x) and a zero-filled scratch area (rw-). */
export function machine(isa: IsaModel, code: Uint8Array, scratch: Uint8Array): Memory {
  const m = new Memory(isa.endian, 0x10000);
  m.map(CODE, 0x1000, PERM_R | PERM_X);
  m.writeBytes(CODE, code);
  m.map(SCRATCH, SCRATCH_SIZE, PERM_R | PERM_W);
  m.writeBytes(SCRATCH, scratch);
  return m;
}

export function fetchFrom(m: Memory, isa: IsaModel): Fetch {
  return { bytes: m.u8, avail: (a) => m.fetchable(a, isa.maxLength) };
}

/** Slot of a register by name. */
export function slot(isa: IsaModel, name: string): number {
  const s = isa.regNames[name];
  if (s === undefined) throw new Error(`no register ${name}`);
  return s;
}
