// Dead guest-state store elimination, dead flag elimination above all: most
// flags a cisc32 instruction sets are overwritten by the next instruction
// before anything reads them. A setreg is dead when, after it, the same slot
// is set again before any fault point (load, store, fault, syscall, fetch
// fault: there the guest state must be exactly the interpreter's) and before
// any getreg of the slot. At the block end a setreg is also dead when the
// caller knows the successor overwrites the slot before it reads it or
// reaches a fault point (`deadAtExit`, from overwrittenBeforeRead of the
// successor). The values computed only for dead setregs then go in DCE.

import { isFaultPoint, type IrBlock, type IrOp } from '../ir/types.js';

export function deadSetregs(block: IrBlock, deadAtExit: ReadonlySet<number> = new Set()): IrBlock {
  // Walking backward: the slots set again later with no fault point or read in between.
  const overwritten = new Set<number>(deadAtExit);
  const keep: boolean[] = new Array(block.ops.length).fill(true);
  for (let i = block.ops.length - 1; i >= 0; i--) {
    const o = block.ops[i];
    if (isFaultPoint(o)) overwritten.clear();
    else if (o.op === 'getreg') overwritten.delete(o.slot);
    else if (o.op === 'setreg') {
      if (overwritten.has(o.slot)) keep[i] = false;
      else overwritten.add(o.slot);
    }
  }
  return { ...block, ops: block.ops.filter((_, i) => keep[i]) };
}

/**
 * The slots a block sets before it reads them and before any fault point:
 * whatever a predecessor leaves in them is never seen, so the predecessor
 * may drop its last setregs of them (its deadAtExit, when this block is its
 * only successor; the intersection over successors otherwise). Compute it on
 * the block as lifted, or optimized without deadAtExit: setregs this block
 * dropped because of its own successors must not count.
 */
export function overwrittenBeforeRead(block: IrBlock): Set<number> {
  const read = new Set<number>();
  const out = new Set<number>();
  for (const o of block.ops) {
    if (isFaultPoint(o)) break;
    if (o.op === 'getreg') read.add(o.slot);
    else if (o.op === 'setreg' && !read.has(o.slot)) out.add(o.slot);
  }
  return out;
}

/** Where a block first overwrites a slot, ignoring fault points (overwrittenIgnoringFaults). */
export interface Overwrite {
  /** guest pc of the instruction that first sets the slot */
  pc: number;
  /** slots set by the instructions before that one */
  writtenBefore: Set<number>;
}

/**
 * The slots a block sets before it reads them — at any point before a
 * syscall, fault points or not — with the instruction that sets each first.
 * A predecessor may leave such a slot unwritten if, at every fault point
 * before that instruction, the runtime can compute the value it would have
 * written (src/dbt/lazy.ts): from guest slots in neither writtenBefore set.
 */
export function overwrittenIgnoringFaults(block: IrBlock): Map<number, Overwrite> {
  const read = new Set<number>();
  const out = new Map<number, Overwrite>();
  const written = new Set<number>();
  let before = new Set<number>();
  let pc = block.pc;
  for (const o of block.ops) {
    if (o.op === 'syscall' || o.op === 'fetchfault') break;
    if (o.op === 'insn') {
      pc = o.pc;
      before = new Set(written);
    } else if (o.op === 'getreg') read.add(o.slot);
    else if (o.op === 'setreg') {
      if (!read.has(o.slot) && !out.has(o.slot)) out.set(o.slot, { pc, writtenBefore: before });
      written.add(o.slot);
    }
  }
  return out;
}

/**
 * The slots whose value on entry the block reads (a getreg before any setreg
 * of the slot and before any syscall): what a register allocator must have
 * loaded on entry. (A fault point shows every slot, so a slot outside this
 * set is still live-in unless overwrittenBeforeRead has it.)
 */
export function liveInSlots(block: IrBlock): Set<number> {
  const written = new Set<number>();
  const out = new Set<number>();
  for (const o of block.ops as IrOp[]) {
    if (o.op === 'syscall') break;
    if (o.op === 'setreg') written.add(o.slot);
    else if (o.op === 'getreg' && !written.has(o.slot)) out.add(o.slot);
  }
  return out;
}
