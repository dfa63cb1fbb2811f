// The guest state as the lifter sees it while it walks a block: the current
// value of every register and flag slot, so that a slot is read (getreg) only
// the first time and a later read reuses what the block last computed for it
// (redundant-load elimination within the block, for free); and what the
// guest state itself holds, so that a flush writes back (setreg) only the
// slots whose value changed. The lifter flushes at the end of every guest
// instruction and before every fault point, so the guest state is exactly
// the interpreter's wherever a fault can show it.

import type { IsaModel } from '../spec/model.js';
import { konst, sameVal, tyOf, type Val, type Vals } from './lift-values.js';

export class GuestState {
  /** slot -> the value the guest program has now given it */
  private cur = new Map<number, Val>();
  /** slot -> the value the guest state slot holds (after getreg or setreg) */
  private held = new Map<number, Val>();
  /** slots written since the last flush, in the order of first write */
  private dirty = new Set<number>();

  constructor(
    private readonly isa: IsaModel,
    private readonly vals: Vals,
  ) {}

  read(slot: number): Val {
    const reg = this.isa.registers[slot];
    if (reg.zero) return konst(reg.bits, 0);
    let x = this.cur.get(slot);
    if (x === undefined) {
      x = { k: 'v', w: reg.bits, v: this.vals.b.getreg(tyOf(reg.bits), slot) };
      this.cur.set(slot, x);
      this.held.set(slot, x);
    }
    return x;
  }

  write(slot: number, x: Val): void {
    if (this.isa.registers[slot].zero) return; // writes to a zero register are dropped
    this.cur.set(slot, x);
    this.dirty.add(slot);
  }

  /** setreg every slot written since the last flush whose value differs from the state's. */
  flush(): void {
    for (const slot of this.dirty) {
      const x = this.cur.get(slot)!;
      const h = this.held.get(slot);
      if (h !== undefined && sameVal(h, x)) continue;
      this.vals.b.setreg(slot, this.vals.mat(x));
      this.held.set(slot, x);
    }
    this.dirty.clear();
  }

  /** After a syscall the OS may have changed any slot: read them afresh. */
  forget(): void {
    this.cur.clear();
    this.held.clear();
    this.dirty.clear();
  }
}
