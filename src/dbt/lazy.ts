// Lazy guest state across a block boundary. Most flags a cisc32 block sets
// are overwritten by its successor, but often after a load or store of the
// successor that could fault — and at a fault the guest state must be
// exact, so the block had to compute and write every such flag. Here it
// does not: it leaves them unwritten and, at its exit, records the count
// register in a word of its own (the `mark_lazy` host rule). The runtime
// keeps, for the block, a recipe — the IR that computes the slots it left
// from guest registers neither block changes before the slots are
// overwritten — and, for each successor, where it overwrites each slot.
//
// On a fault (or a budget stop) in a block C, the pending slots are real
// when C was entered straight from a lazy block: that block's word minus the
// count now is exactly C's own entry charge (every block takes its guest
// instructions from the count at entry, so any block in between would show,
// and no two exits record the same count). Then the runtime evaluates the
// recipe on the guest state and writes the slots C has not yet overwritten.
// When a lazy block leaves to the dispatcher, the runtime writes them all.

import { opUses, type IrBlock, type IrOp, type V } from '../ir/types.js';
import type { Overwrite } from '../opt/index.js';

/** What a lazy block left unwritten: the IR that computes it from guest state at the block's exit. */
export interface LazyRecipe {
  /** the slots left unwritten */
  slots: number[];
  /** ops computing them (no loads), then a setreg for each: run it with evalBlock on the guest registers */
  block: IrBlock;
}

/** A successor's side, for one lazy predecessor: which block, and where the successor overwrites each slot. */
export interface LazyEntry {
  from: number;
  /** slot -> guest pc of the instruction that first sets it (at or before it, the slot is still pending) */
  until: Map<number, number>;
}

const PURE = new Set<IrOp['op']>(['const', 'getreg', 'bin', 'un', 'ext', 'trunc', 'slice', 'select', 'bswap']);
const MAX_RECIPE_OPS = 32;

/**
 * The recipe for the slots of `block` (optimized, all its setregs still in
 * place) that `successors` each overwrite before reading: those whose last
 * value the block computes from constants and values guest registers hold
 * at its exit (registers it never writes, or the last value it writes to
 * one), none of which a successor writes before it overwrites the slot.
 * Undefined when no slot qualifies.
 */
export function lazyRecipe(block: IrBlock, candidates: Iterable<number>, successors: Array<Map<number, Overwrite>>): LazyRecipe | undefined {
  const wanted = new Set(candidates);
  const def = new Map<V, number>();
  const written = new Set<number>();
  const lastSet = new Map<number, V>();
  block.ops.forEach((o, i) => {
    if ('dst' in o) def.set(o.dst, i);
    if (o.op === 'setreg') {
      written.add(o.slot);
      lastSet.set(o.slot, o.src);
    }
  });
  // A value some slot (not itself left unwritten) holds at the exit: read it from there.
  const heldIn = new Map<V, number>();
  for (const [slot, v] of lastSet) if (!wanted.has(slot) && !heldIn.has(v)) heldIn.set(v, slot);
  const keep = new Map<number, IrOp>();
  const slots: number[] = [];
  for (const slot of wanted) {
    const src = lastSet.get(slot);
    if (src === undefined) continue; // not written here: its home is right
    const cone = new Map<number, IrOp>();
    const leaves = new Set<number>();
    let ok = true;
    const walk = (v: V): void => {
      const i = def.get(v);
      if (!ok || i === undefined) {
        ok = false;
        return;
      }
      if (cone.has(i)) return;
      const o = block.ops[i];
      const held = heldIn.get(v);
      if (held !== undefined && v !== src) {
        cone.set(i, { op: 'getreg', dst: v, ty: block.types[v], slot: held });
        leaves.add(held);
        return;
      }
      if (!PURE.has(o.op) || cone.size >= MAX_RECIPE_OPS) {
        ok = false;
        return;
      }
      cone.set(i, o);
      if (o.op === 'getreg') {
        if (written.has(o.slot)) ok = false;
        leaves.add(o.slot);
        return;
      }
      for (const u of opUses(o)) walk(u);
    };
    walk(src);
    if (!ok) continue;
    if (successors.some((s) => [...s.get(slot)!.writtenBefore].some((w) => leaves.has(w)))) continue;
    for (const [i, o] of cone) keep.set(i, o);
    slots.push(slot);
  }
  if (slots.length === 0) return undefined;
  const ops: IrOp[] = [...keep.keys()].sort((a, b) => a - b).map((i) => keep.get(i)!);
  for (const slot of slots) ops.push({ op: 'setreg', slot, src: lastSet.get(slot)! });
  return { slots, block: { ...block, insns: 0, ops, exit: { kind: 'direct', pc: block.pc } } };
}
