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

import { isFaultPoint, opUses, type IrBlock, type IrOp, type V } from '../ir/types.js';
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

// ---- within a block: state computed only at the fault points that see it ----

/** What a block left unwritten at the fault points of one guest instruction. */
export type FaultRecipes = Map<number, LazyRecipe>;

/**
 * Drop the setregs of `block` that are overwritten later in the block (or,
 * for a slot in `deadAtExit`, by the successor before it reads it or could
 * fault) and read by nothing before that — kept only because a load, store or fault in
 * between would show them — when the runtime can compute each at every such
 * fault point from the guest registers there (held by a register the block
 * does not drop, directly or plus or minus a constant). Returns the block
 * without them (dead code removed by the caller) and, per guest pc of a
 * faulting instruction, the recipe of what is pending there.
 */
export function deferToFaults(
  block: IrBlock,
  deadAtExit: ReadonlySet<number> = new Set(),
  /** slots whose writes must stay (what a recipe for the successors reads) */
  keep: ReadonlySet<number> = new Set(),
): { block: IrBlock; atFault: FaultRecipes } {
  const ops = block.ops;
  const def = new Map<V, IrOp>();
  for (const o of ops) if ('dst' in o) def.set(o.dst, o);
  // Candidates: setreg i of slot s, next setreg of s at j > i (or the end, s dead there), no getreg of s or syscall in between, a fault point in between.
  type Cand = { i: number; slot: number; src: V; faults: number[] };
  const cands: Cand[] = [];
  ops.forEach((o, i) => {
    if (o.op !== 'setreg' || keep.has(o.slot)) return;
    const faults: number[] = [];
    for (let k = i + 1; k < ops.length; k++) {
      const q = ops[k];
      if (q.op === 'syscall' || (q.op === 'getreg' && q.slot === o.slot)) return;
      if (q.op === 'setreg' && q.slot === o.slot) {
        if (faults.length > 0) cands.push({ i, slot: o.slot, src: o.src, faults });
        return;
      }
      if (isFaultPoint(q)) faults.push(k);
    }
    if (deadAtExit.has(o.slot) && faults.length > 0) cands.push({ i, slot: o.slot, src: o.src, faults });
  });
  const dropped = new Set(cands.map((c) => c.slot));
  // The guest pc of each op (its instruction), and what each kept slot holds before each op.
  const pcAt: number[] = [];
  let pc = block.pc;
  for (const o of ops) {
    if (o.op === 'insn') pc = o.pc;
    pcAt.push(pc);
  }
  // Many candidates share their fault points: what is held before each is computed once.
  const heldCache = new Map<number, Map<V, number>>();
  const heldBefore = (k: number): Map<V, number> => {
    let held = heldCache.get(k);
    if (!held) heldCache.set(k, (held = heldAt(k)));
    return held;
  };
  const heldAt = (k: number): Map<V, number> => {
    const last = new Map<number, V>();
    for (let x = 0; x < k; x++) {
      const o = ops[x];
      if (o.op === 'setreg' && !dropped.has(o.slot)) last.set(o.slot, o.src);
    }
    const held = new Map<V, number>();
    for (const [slot, v] of last) if (!held.has(v)) held.set(v, slot);
    // Registers not written yet hold their entry value.
    for (let x = 0; x < k; x++) {
      const o = ops[x];
      if (o.op === 'getreg' && !dropped.has(o.slot) && !last.has(o.slot) && !held.has(o.dst)) held.set(o.dst, o.slot);
    }
    return held;
  };
  let next = block.nextValue;
  const types = block.types.slice();
  const perPc = new Map<number, { slots: number[]; ops: IrOp[]; have: Set<V> }>();
  const accepted = new Set<number>(); // op indexes of dropped setregs
  for (const c of cands) {
    // The recipe must hold at every fault point before the overwrite.
    const plans: Array<{ pc: number; ops: IrOp[]; made: Set<V> }> = [];
    let ok = true;
    for (const k of c.faults) {
      const held = heldBefore(k);
      const made = new Set<V>();
      const out: IrOp[] = [];
      let size = 0;
      const walk = (v: V): boolean => {
        if (made.has(v)) return true;
        const h = held.get(v);
        if (h !== undefined) {
          out.push({ op: 'getreg', dst: v, ty: types[v], slot: h });
          made.add(v);
          return true;
        }
        // v = h - k or h + k for a held h: recompute it from h.
        for (const [hv, slot] of held) {
          const d = def.get(hv);
          if (!d || d.op !== 'bin' || d.ty !== 32 || (d.kind !== 'add' && d.kind !== 'sub') || d.a !== v) continue;
          const kd = def.get(d.b);
          if (!kd || kd.op !== 'const') continue;
          const g = next++;
          types[g] = 32;
          out.push({ op: 'getreg', dst: g, ty: 32, slot }, kd, { op: 'bin', dst: v, ty: 32, kind: d.kind === 'add' ? 'sub' : 'add', a: g, b: d.b });
          made.add(v).add(d.b);
          return true;
        }
        const o = def.get(v);
        if (!o || !PURE.has(o.op) || o.op === 'getreg' || ++size > MAX_RECIPE_OPS) return false;
        for (const u of opUses(o)) if (!walk(u)) return false;
        out.push(o);
        made.add(v);
        return true;
      };
      if (!walk(c.src)) {
        ok = false;
        break;
      }
      plans.push({ pc: pcAt[k], ops: out, made });
    }
    if (!ok) continue;
    accepted.add(c.i);
    for (const p of plans) {
      let r = perPc.get(p.pc);
      if (!r) perPc.set(p.pc, (r = { slots: [], ops: [], have: new Set() }));
      for (const o of p.ops) {
        const d = 'dst' in o ? o.dst : undefined;
        if (d !== undefined && r.have.has(d)) continue;
        if (d !== undefined) r.have.add(d);
        r.ops.push(o);
      }
      if (!r.slots.includes(c.slot)) {
        r.slots.push(c.slot);
        r.ops.push({ op: 'setreg', slot: c.slot, src: c.src });
      }
    }
  }
  if (accepted.size === 0) return { block, atFault: new Map() };
  const atFault: FaultRecipes = new Map();
  for (const [fpc, r] of perPc) {
    atFault.set(fpc, { slots: r.slots, block: { ...block, insns: 0, ops: r.ops, exit: { kind: 'direct', pc: block.pc }, nextValue: next, types } });
  }
  return { block: { ...block, ops: ops.filter((_, i) => !accepted.has(i)), nextValue: next, types }, atFault };
}
