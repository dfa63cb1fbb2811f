// What the forward passes share: a scan over the ops in order in which an op
// may be kept, replaced (same dst), dropped, or made an alias of a value
// defined before it (copy propagation: every later use, and the exit, then
// reads that value instead). Ops never move, so guest-instruction order,
// fault order and setreg placement relative to fault points are kept by
// construction.

import { opUses, type Exit, type IrBlock, type IrOp, type V } from '../ir/types.js';

/**
 * What a forward pass does with one op: keep or replace it, drop it, or alias
 * its dst to an earlier value — optionally keeping, in its place, an op for
 * its effect alone (a load kept for its fault, defining a fresh value).
 */
export type Step = IrOp | { alias: V; keep?: IrOp } | null;

export type Pass = (block: IrBlock) => IrBlock;

/** Rename the values an op reads. */
export function mapUses(o: IrOp, f: (v: V) => V): IrOp {
  switch (o.op) {
    case 'const':
    case 'getreg':
    case 'insn':
    case 'fetchfault':
      return o;
    case 'setreg':
      return { ...o, src: f(o.src) };
    case 'load':
      return o.guard === undefined ? { ...o, addr: f(o.addr) } : { ...o, addr: f(o.addr), guard: f(o.guard) };
    case 'store':
      return o.guard === undefined ? { ...o, addr: f(o.addr), src: f(o.src) } : { ...o, addr: f(o.addr), src: f(o.src), guard: f(o.guard) };
    case 'bin':
      return { ...o, a: f(o.a), b: f(o.b) };
    case 'un':
    case 'ext':
    case 'trunc':
    case 'slice':
    case 'bswap':
      return { ...o, a: f(o.a) };
    case 'select':
      return { ...o, c: f(o.c), t: f(o.t), f: f(o.f) };
    case 'fault':
    case 'syscall':
      return o.guard === undefined ? o : { ...o, guard: f(o.guard) };
  }
}

export function mapExitUses(e: Exit, f: (v: V) => V): Exit {
  if (e.kind === 'branch') return { ...e, cond: f(e.cond) };
  if (e.kind === 'indirect') return { ...e, target: f(e.target) };
  return e;
}

/** The op without its guard (the guard is known true). */
export function unguarded<T extends IrOp & { guard?: V }>(o: T): T {
  const { guard: _, ...rest } = o;
  return rest as T;
}

/**
 * Run `visit` over the ops in order, operands renamed through the aliases
 * made so far; then `visitExit` on the renamed exit.
 */
export function forward(block: IrBlock, visit: (o: IrOp) => Step, visitExit: (e: Exit) => Exit = (e) => e): IrBlock {
  const alias = new Map<V, V>();
  const rename = (v: V): V => alias.get(v) ?? v;
  const ops: IrOp[] = [];
  for (const o of block.ops) {
    // Most ops read no aliased value: pass them as they are, without a copy.
    const step = visit(alias.size > 0 && opUses(o).some((u) => alias.has(u)) ? mapUses(o, rename) : o);
    if (step === null) continue;
    if ('alias' in step) {
      const d = (o as { dst?: V }).dst;
      if (d === undefined) throw new Error(`opt: alias for ${o.op}, which defines no value`);
      alias.set(d, rename(step.alias));
      if (step.keep) ops.push(step.keep);
      continue;
    }
    ops.push(step);
  }
  return { ...block, ops, exit: visitExit(mapExitUses(block.exit, rename)) };
}
