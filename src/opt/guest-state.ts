// Redundant guest-state access elimination: the pass knows, slot by slot,
// which value the guest state holds (the one a getreg read or a setreg
// wrote). A getreg of a slot whose value is known is that value; a setreg
// of the value the slot already holds changes nothing and goes (a cmov whose
// condition folded to false writes back what it read). A syscall may change
// any slot, so it forgets everything.

import type { IrBlock, IrOp, V } from '../ir/types.js';
import { forward, type Step } from './pass.js';

export function guestStateForwarding(block: IrBlock): IrBlock {
  const held = new Map<number, V>();
  const visit = (o: IrOp): Step => {
    switch (o.op) {
      case 'getreg': {
        const v = held.get(o.slot);
        if (v !== undefined && block.types[v] === o.ty) return { alias: v };
        held.set(o.slot, o.dst);
        return o;
      }
      case 'setreg':
        if (held.get(o.slot) === o.src) return null;
        held.set(o.slot, o.src);
        return o;
      case 'syscall':
        held.clear();
        return o;
      default:
        return o;
    }
  };
  return forward(block, visit);
}
