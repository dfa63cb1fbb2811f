// A reference evaluator for IR blocks: runs one block on a guest register
// file and memory, with the interpreter's arithmetic (arith.ts) and the
// interpreter's Memory, so a lifted or optimized block can be checked against
// the interpreter (the differential tests), and a code generator against it.
// Not fast, and not meant to be.

import { FAULT_KIND_OF, GuestFault, MemFault } from '../interp/fault.js';
import type { Memory } from '../interp/memory.js';
import { evalBin, evalBswap, evalExt, evalSlice, evalUn, norm } from './arith.js';
import type { IrBlock, V } from './types.js';

export type EvalResult =
  /** the block ran to its exit: continue at pc */
  | { kind: 'next'; pc: number }
  /** a guest fault, reported at the guest pc of the op that raised it */
  | { kind: 'fault'; fault: GuestFault }
  /** the guest exited in a syscall */
  | { kind: 'exit' };

export interface EvalOptions {
  /** The ABI's system call on the register file; true when the guest exited. */
  syscall?: (regs: Int32Array) => boolean;
}

/** Runs the block; `regs` (one slot per spec register) is updated in place by setreg. */
export function evalBlock(block: IrBlock, regs: Int32Array, memory: Memory, opts: EvalOptions = {}): EvalResult {
  const val: number[] = new Array(block.nextValue).fill(0);
  const on = (g: V | undefined): boolean => g === undefined || val[g] !== 0;
  let pc = block.pc;
  try {
    for (const o of block.ops) {
      switch (o.op) {
        case 'insn':
          pc = o.pc;
          break;
        case 'const':
          val[o.dst] = o.value;
          break;
        case 'getreg':
          val[o.dst] = norm(regs[o.slot], o.ty);
          break;
        case 'setreg':
          regs[o.slot] = val[o.src];
          break;
        case 'load':
          val[o.dst] = on(o.guard) ? norm(load(memory, o.w, val[o.addr]), o.ty) : 0;
          break;
        case 'store':
          if (on(o.guard)) store(memory, o.w, val[o.addr], val[o.src]);
          break;
        case 'bin':
          val[o.dst] = evalBin(o.kind, o.ty, val[o.a], val[o.b], block.types[o.a]);
          break;
        case 'un':
          val[o.dst] = evalUn(o.kind, o.ty, val[o.a]);
          break;
        case 'ext':
          val[o.dst] = evalExt(val[o.a], block.types[o.a], o.ty, o.signed);
          break;
        case 'trunc':
          val[o.dst] = norm(val[o.a], o.ty);
          break;
        case 'slice':
          val[o.dst] = evalSlice(val[o.a], o.hi, o.lo);
          break;
        case 'select':
          val[o.dst] = val[o.c] !== 0 ? val[o.t] : val[o.f];
          break;
        case 'bswap':
          val[o.dst] = evalBswap(val[o.a], o.ty);
          break;
        case 'fault':
          if (on(o.guard)) return { kind: 'fault', fault: new GuestFault(FAULT_KIND_OF[o.kind], o.pc) };
          break;
        case 'fetchfault':
          return { kind: 'fault', fault: new GuestFault('segmentation fault', o.pc, o.addr, 'fetch') };
        case 'syscall':
          if (on(o.guard)) {
            if (opts.syscall === undefined) throw new Error('evalBlock: the block makes a syscall and no handler was given');
            if (opts.syscall(regs)) return { kind: 'exit' };
          }
          break;
      }
    }
  } catch (e) {
    if (e instanceof MemFault) return { kind: 'fault', fault: GuestFault.fromMem(e, pc) };
    throw e;
  }
  const x = block.exit;
  switch (x.kind) {
    case 'direct':
    case 'syscall':
      return { kind: 'next', pc: x.pc >>> 0 };
    case 'branch':
      return { kind: 'next', pc: (val[x.cond] !== 0 ? x.taken : x.fallthrough) >>> 0 };
    case 'indirect':
      return { kind: 'next', pc: val[x.target] >>> 0 };
  }
}

// IR memory is little-endian; Memory reads in the guest's order, so swap back on a big-endian one.
function load(m: Memory, w: 8 | 16 | 32, addr: number): number {
  if (w === 8) return m.load8(addr);
  if (w === 16) return m.little ? m.load16(addr) : evalBswap(m.load16(addr), 16);
  return m.little ? m.load32(addr) : evalBswap(m.load32(addr), 32);
}

function store(m: Memory, w: 8 | 16 | 32, addr: number, v: number): void {
  if (w === 8) m.store8(addr, v);
  else if (w === 16) m.store16(addr, m.little ? v : evalBswap(v & 0xffff, 16));
  else m.store32(addr, m.little ? v : evalBswap(v, 32));
}
