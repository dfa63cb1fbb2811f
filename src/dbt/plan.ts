// What the translator makes of one lifted block before code generation: the
// optimized IR, with state its successors overwrite dropped (deadAtExit),
// state left for the successors' faults (a lazy recipe) and for the block's
// own faults (fault recipes). The runtime translates by it, and `xlat
// explain` prints it, so what a student reads is what runs.

import { overwrittenBeforeRead, overwrittenIgnoringFaults, deadCode, optimizeInStages, type Overwrite } from '../opt/index.js';
import type { IrBlock } from '../ir/index.js';
import { deferToFaults, lazyRecipe, type FaultRecipes, type LazyRecipe } from './lazy.js';

export interface PlanOptions {
  /**
   * May the block rely on its successors (drop what they overwrite, leave
   * state for them)? Not when a run may stop between two blocks (a step
   * limit) or leave a block part-way (checks for self-modifying code).
   */
  acrossBlocks: boolean;
  /**
   * May it leave state for its successors' faults (the host has mark_lazy,
   * and the runtime has a word left to record the count in)? State for the
   * block's own faults needs neither, only acrossBlocks's conditions.
   */
  lazy: boolean;
}

export interface BlockPlan {
  optimized: IrBlock;
  /** its direct successors, lifted (when known and allowed) */
  successors?: Array<{ pc: number; ir: IrBlock }>;
  /** slots every successor overwrites before reading them or any fault */
  deadAtExit?: Set<number>;
  /** what it leaves for its successors' faults */
  lazy?: LazyRecipe;
  /** where each successor first overwrites each slot of `lazy` */
  lazyUntil?: Array<{ pc: number; until: Map<number, number> }>;
  /** what it leaves for its own faults, by guest pc */
  atFault?: FaultRecipes;
  /** Must it check the step budget at its entry, or only take its instructions from the count? */
  checkBudget: boolean;
}

export function planBlock(ir: IrBlock, lift: (pc: number) => IrBlock, opts: PlanOptions): BlockPlan {
  const successors = opts.acrossBlocks ? successorsOf(ir, lift) : undefined;
  let deadAtExit: Set<number> | undefined;
  for (const s of successors ?? []) {
    const w = overwrittenBeforeRead(s.ir);
    deadAtExit = deadAtExit === undefined ? w : new Set([...deadAtExit].filter((x) => w.has(x)));
  }
  const stages = optimizeInStages(ir);
  let optimized = stages.finish(deadAtExit);
  if (!opts.acrossBlocks) return { optimized, successors, deadAtExit, checkBudget: true };

  // Slots each successor overwrites before reading, only after a fault point.
  let lazy: LazyRecipe | undefined;
  let lazyUntil: BlockPlan['lazyUntil'];
  if (opts.lazy && successors && successors.length > 0) {
    const ows: Array<Map<number, Overwrite>> = successors.map((s) => overwrittenIgnoringFaults(s.ir));
    const candidates = [...ows[0].keys()].filter((slot) => !deadAtExit?.has(slot) && ows.every((o) => o.has(slot)));
    lazy = lazyRecipe(optimized, candidates, ows);
    if (lazy) {
      const slots = lazy.slots;
      optimized = stages.finish(new Set([...(deadAtExit ?? []), ...slots]));
      lazyUntil = successors.map((s, i) => ({ pc: s.pc, until: new Map(slots.map((slot) => [slot, ows[i].get(slot)!.pc])) }));
    }
  }
  // The successors' recipe reads registers at the exit: their writes stay.
  const leaves = new Set((lazy?.block.ops ?? []).flatMap((o) => (o.op === 'getreg' ? [o.slot] : [])));
  const d = deferToFaults(optimized, new Set([...(deadAtExit ?? []), ...(lazy?.slots ?? [])]), leaves);
  const atFault = d.atFault.size > 0 ? d.atFault : undefined;
  if (atFault) optimized = deadCode(d.block);
  return { optimized, successors, deadAtExit, lazy, lazyUntil, atFault, checkBudget: needsBudgetCheck(optimized) };
}

/**
 * Does a block have to check the step budget at its entry? Only blocks that
 * may go back — an exit to their own start or before it, or to a target
 * known only at run time — have to: every cycle of guest code has such an
 * edge, so a run that passes no check is a straight path of blocks, and the
 * count, which every block still takes from, is checked again within it. A
 * run with a step limit checks at every block (acrossBlocks is false then),
 * since it must stop exactly; a block that ends in a system call returns to
 * the dispatcher, which starts a new count.
 */
export function needsBudgetCheck(ir: IrBlock): boolean {
  const e = ir.exit;
  switch (e.kind) {
    case 'direct':
      return e.pc >>> 0 <= ir.pc >>> 0;
    case 'branch':
      return e.taken >>> 0 <= ir.pc >>> 0 || e.fallthrough >>> 0 <= ir.pc >>> 0;
    case 'indirect':
      return true;
    case 'syscall':
      return false;
  }
}

/** The block's direct successors, lifted; undefined when they are not all known. */
function successorsOf(ir: IrBlock, lift: (pc: number) => IrBlock): Array<{ pc: number; ir: IrBlock }> | undefined {
  const succ: number[] = [];
  if (ir.exit.kind === 'direct') succ.push(ir.exit.pc >>> 0);
  else if (ir.exit.kind === 'branch') succ.push(ir.exit.taken >>> 0, ir.exit.fallthrough >>> 0);
  else return undefined;
  try {
    return [...new Set(succ)].map((s) => ({ pc: s, ir: lift(s) }));
  } catch {
    return undefined;
  }
}
