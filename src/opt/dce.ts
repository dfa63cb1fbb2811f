// Dead-code elimination: a pure op (or a getreg) whose value nothing uses
// goes. Ops with effects stay: setreg, store, fault, syscall, fetch fault,
// insn markers, and loads — a load can fault, and the fault is part of the
// guest's meaning; a load under a false guard has already become a constant
// in constant folding.

import { exitUses, hasEffect, opDef, opUses, type IrBlock, type V } from '../ir/types.js';

export function deadCode(block: IrBlock): IrBlock {
  const used = new Set<V>(exitUses(block.exit));
  const keep: boolean[] = new Array(block.ops.length).fill(false);
  for (let i = block.ops.length - 1; i >= 0; i--) {
    const o = block.ops[i];
    const d = opDef(o);
    if (!hasEffect(o) && (d === undefined || !used.has(d))) continue;
    keep[i] = true;
    for (const u of opUses(o)) used.add(u);
  }
  return { ...block, ops: block.ops.filter((_, i) => keep[i]) };
}
