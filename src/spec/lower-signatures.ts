// The names a lowering rule's pattern may start with, and their signatures.
// Kept apart from host.ts (which reads rules with the grammar) so that the
// code generator can use them without loading the parser at run time.

/** v: a value (a nested pattern, a register variable or a #constant); c: #constant only; l: @label only. */
export type ArgKind = 'v' | 'c' | 'l';

export interface Sig {
  args: ArgKind[];
  /** The rule defines a value ({d}). */
  value: boolean;
  /** The op has a working width (@N, @*; 32 when not written). */
  width: boolean;
  /** An IR op (may be nested in a pattern); the others are block-level constructs. */
  ir: boolean;
  /** Value arguments must be plain register variables (no nested patterns). */
  plain?: boolean;
}

const BIN_OPS = [
  'add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr', 'sar', 'rol', 'ror',
  'eq', 'ne', 'ltu', 'lts', 'leu', 'les', 'gtu', 'gts', 'geu', 'ges',
  'divu', 'divs', 'remu', 'rems', 'mulhu', 'mulhs', 'land', 'lor',
];

/** Every name a lowering pattern may have at its root, with its signature. */
export const LOWER_SIGNATURES: Record<string, Sig> = (() => {
  const s: Record<string, Sig> = {};
  for (const b of BIN_OPS) s[b] = { args: ['v', 'v'], value: true, width: true, ir: true };
  for (const u of ['neg', 'not', 'lnot', 'zext', 'sext', 'trunc', 'bswap']) s[u] = { args: ['v'], value: true, width: true, ir: true };
  s.const = { args: ['c'], value: true, width: true, ir: true };
  s.slice = { args: ['v', 'c', 'c'], value: true, width: true, ir: true };
  s.select = { args: ['v', 'v', 'v'], value: true, width: true, ir: true };
  for (const w of [8, 16, 32]) {
    s[`load${w}`] = { args: ['v'], value: true, width: false, ir: true };
    s[`store${w}`] = { args: ['v', 'v'], value: false, width: false, ir: true };
  }
  s.br_true = { args: ['v', 'l'], value: false, width: false, ir: false };
  s.br_false = { args: ['v', 'l'], value: false, width: false, ir: false };
  s.jump = { args: ['l'], value: false, width: false, ir: false };
  s.move = { args: ['v'], value: true, width: false, ir: false, plain: true };
  s.spill_load = { args: ['c'], value: true, width: false, ir: false };
  s.spill_store = { args: ['v', 'c'], value: false, width: false, ir: false, plain: true };
  s.exit_direct = { args: ['c'], value: false, width: false, ir: false };
  s.exit_indirect = { args: ['v'], value: false, width: false, ir: false, plain: true };
  s.exit_fault = { args: ['c', 'c'], value: false, width: false, ir: false };
  s.dispatch = { args: [], value: false, width: false, ir: false };
  s.chain = { args: ['c'], value: false, width: false, ir: false };
  s.syscall = { args: [], value: false, width: false, ir: false };
  s.count_indirect = { args: [], value: false, width: false, ir: false };
  s.mark_lazy = { args: ['c'], value: false, width: false, ir: false };
  s.smc_check = { args: ['l'], value: false, width: false, ir: false };
  s.count = { args: ['c', 'l'], value: false, width: false, ir: false };
  s.charge = { args: ['c'], value: false, width: false, ir: false };
  s.exit_budget = { args: ['c'], value: false, width: false, ir: false };
  return s;
})();
