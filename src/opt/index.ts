// Stage: optimizer. Takes a lifted IR block (src/ir) and returns an
// equivalent one — the same final guest registers, flags, memory and next
// pc, and at every fault point the same guest state — with less in it:
// constants folded with the interpreter's arithmetic, algebraic identities
// and copies propagated, common subexpressions shared, loads of bytes the
// block already read or wrote forwarded,
// redundant guest register reads and writes removed, dead setregs (dead
// flags, above all) dropped, and dead values removed. Every pass is a scan
// that never moves an op, so insn markers and the order of setregs and fault
// points stay as the lifter made them. It hands the block on to the code
// generator (src/codegen); the runtime calls overwrittenBeforeRead on a
// successor to tell optimize which slots are dead at the exit.

import type { IrBlock } from '../ir/types.js';
import { cse } from './cse.js';
import { deadCode } from './dce.js';
import { deadSetregs } from './dead-setreg.js';
import { foldConstants } from './fold.js';
import { guestStateForwarding } from './guest-state.js';
import { memoryForwarding } from './memory.js';
import { simplify } from './simplify.js';

export { cse } from './cse.js';
export { deadCode } from './dce.js';
export { deadSetregs, overwrittenBeforeRead, overwrittenIgnoringFaults, liveInSlots, type Overwrite } from './dead-setreg.js';
export { foldConstants } from './fold.js';
export { guestStateForwarding } from './guest-state.js';
export { memoryForwarding } from './memory.js';
export { simplify } from './simplify.js';
export { forward, mapUses, mapExitUses, type Pass, type Step } from './pass.js';

export interface OptimizeOptions {
  /** Guest slots the successor overwrites before reading them or reaching a fault point. */
  deadAtExit?: ReadonlySet<number>;
  /** Called with each pass's name and result (the tests verify every one). */
  afterPass?: (name: string, block: IrBlock) => void;
}

export interface NamedPass {
  name: string;
  run: (block: IrBlock, opts: OptimizeOptions) => IrBlock;
}

/**
 * The passes in order. Folding and simplifying run twice: CSE makes operands
 * equal (x - x), and simplifying makes constants that fold further.
 */
export const PASSES: readonly NamedPass[] = [
  { name: 'fold', run: foldConstants },
  { name: 'simplify', run: simplify },
  { name: 'cse', run: cse },
  { name: 'memory', run: memoryForwarding },
  { name: 'fold', run: foldConstants },
  { name: 'simplify', run: simplify },
  { name: 'guest-state', run: guestStateForwarding },
  { name: 'dead-setreg', run: (b, o) => deadSetregs(b, o.deadAtExit) },
  // With an earlier setreg gone, a later one may write back what the slot held.
  { name: 'guest-state', run: guestStateForwarding },
  { name: 'dce', run: deadCode },
];

/** Where the passes that read deadAtExit begin: those before it do the same whatever the successors. */
const FIRST_EXIT_PASS = PASSES.findIndex((p) => p.name === 'dead-setreg');

function runPasses(block: IrBlock, passes: readonly NamedPass[], opts: OptimizeOptions): IrBlock {
  let b = block;
  for (const p of passes) {
    b = p.run(b, opts);
    opts.afterPass?.(p.name, b);
  }
  return b;
}

export function optimize(block: IrBlock, opts: OptimizeOptions = {}): IrBlock {
  return runPasses(block, PASSES, opts);
}

/**
 * The passes that do not depend on what is dead at the exit, run once; then
 * `finish` runs the rest for any deadAtExit, each call giving exactly what
 * optimize(block, { deadAtExit }) gives — the translator tries a block with
 * one set of dead slots and then, when it leaves some state lazily, another.
 */
export function optimizeInStages(block: IrBlock, opts: Omit<OptimizeOptions, 'deadAtExit'> = {}): { finish(deadAtExit?: ReadonlySet<number>): IrBlock } {
  const head = runPasses(block, PASSES.slice(0, FIRST_EXIT_PASS), opts);
  return { finish: (deadAtExit) => runPasses(head, PASSES.slice(FIRST_EXIT_PASS), { ...opts, deadAtExit }) };
}
