// Fetching and decoding one host instruction from host memory, with the
// faults a fetch raises exactly as the interpreter raises them (so that the
// compile engine and the interp engine stop the same way on bad code).

import type { Decoder } from '../decode/index.js';
import { isShort } from '../decode/index.js';
import { GuestFault } from '../interp/fault.js';
import type { Memory } from '../interp/memory.js';
import type { IsaModel, Variant } from '../spec/model.js';

/** One decoded host instruction at a known address: everything the code generator specializes on. */
export interface HostInsn {
  pc: number;
  /** Address of the next instruction (pc + length, as uint32). */
  npc: number;
  length: number;
  variant: Variant;
  fields: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** Decodes the instruction at pc, or returns the fault fetching it raises. */
export function fetchInsn(isa: IsaModel, decoder: Decoder, memory: Memory, pc: number): HostInsn | GuestFault {
  pc = pc >>> 0;
  const avail = memory.fetchable(pc, isa.maxLength);
  if (avail === 0) return new GuestFault('segmentation fault', pc, pc, 'fetch');
  const d = decoder.decode(memory.u8, pc, avail, pc);
  if (d === null) return new GuestFault('illegal instruction', pc);
  if (isShort(d)) return new GuestFault('segmentation fault', pc, pc, 'fetch');
  return {
    pc,
    npc: (pc + d.length) >>> 0,
    length: d.length,
    variant: isa.variants[d.variant],
    fields: d.fields,
    values: d.values,
  };
}
