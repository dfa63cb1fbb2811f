// Where the translator keeps its things in the host's memory, above
// everything a guest of the manuals can map (its stack ends at 0x01000000):
// the runtime area (indirect-branch table, SMC flag, spill slots) and the
// code cache. A guest whose own segments reach here is refused.

import type { ElfSegment } from '../elf/image.js';
import { PERM_W, PERM_X, type Memory } from '../interp/memory.js';
import { XlatError } from '../spec/diagnostic.js';

/** Base of the runtime area (the host's `base` register holds it). */
export const RUNTIME_BASE = 0x01000000;
/** The code cache: translated blocks are placed one after another from here. */
export const CODE_BASE = 0x01010000;
export const CODE_LIMIT = 0x01810000;
/** Service address (page zero) a block's entry check jumps to when the step budget is spent. */
export { BUDGET } from '../codegen/index.js';
/** The budget register is loaded with at most this many steps at a time. */
export const MAX_BUDGET_CHUNK = 0x3fffffff;

/** Can the guest write its own code: is any byte below the translator's area both writable and executable? */
export function guestHasWritableCode(memory: Memory): boolean {
  return memory.anyByte(0, RUNTIME_BASE, (p) => (p & (PERM_W | PERM_X)) === (PERM_W | PERM_X));
}

/**
 * Refuses a guest image with a segment where the translator keeps its area
 * (a place the manuals allow: only the stack's range is reserved), naming
 * the file and the segment; the interpreter runs such a program.
 */
export function checkTranslatorArea(segments: readonly ElfSegment[], path: string): void {
  for (const s of segments) {
    if (s.memSize > 0 && s.vaddr < CODE_LIMIT && s.vaddr + s.memSize > RUNTIME_BASE) {
      throw new XlatError(
        `${path}: segment ${s.name} overlaps the translator's area at 0x${RUNTIME_BASE.toString(16)}..0x${CODE_LIMIT.toString(16)} (--engine interp runs it)`,
      );
    }
  }
}
