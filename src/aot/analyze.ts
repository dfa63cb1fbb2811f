// What static discovery reads from an optimized IR block, knowing no ISA:
// where a block may go next (its exit, a constant indirect target, the
// return site of a call), whether an indirect branch is a return, and the
// targets of a jump table: an indirect exit whose target is loaded from an
// address computed from one guest register alone (`reg*scale + const`,
// `reg + const`, ...), entered from a block whose conditional branch admits
// only a small interval of values of that register on the edge into it.
//
// Everything is found by evaluating IR values with the interpreter's own
// arithmetic (src/ir/arith.ts); the bounds check is found by evaluating the
// branch condition on the register's values, not by matching instructions:
// every value below LIMIT and LIMIT above the bound, and values across the
// whole 32-bit range (powers of two, their neighbours, the extremes). That
// is a test, not a proof — but what it yields are only places to look for
// code: the indirect branch itself still goes through the runtime's lookup,
// so a wrong guess costs translation work, never correctness.

import { evalBin, evalBswap, evalExt, evalSlice, evalUn, norm, opDef, type IrBlock, type IrOp, type V } from '../ir/index.js';

/** Largest jump table looked for, in entries; and the scan of the bounds check. */
const LIMIT = 4096;

/** The value of a leaf op (getreg; load with its address evaluated), or undefined: unknown. */
export interface Leaves {
  getreg?(op: Extract<IrOp, { op: 'getreg' }>, index: number): number | undefined;
  /** A load of w bits at addr, little-endian (the IR's order). */
  load?(addr: number, w: 8 | 16 | 32, index: number): number | undefined;
  /** A value taken as given wherever it is used (the register's final value in a block). */
  given?: { v: V; value: number };
}

interface Def {
  op: IrOp;
  index: number;
}

function defsOf(block: IrBlock): Map<V, Def> {
  const defs = new Map<V, Def>();
  block.ops.forEach((op, index) => {
    const d = opDef(op);
    if (d !== undefined) defs.set(d, { op, index });
  });
  return defs;
}

/** Evaluates value v of a block; undefined when it depends on anything the leaves do not give. */
export function evalValue(block: IrBlock, defs: Map<V, Def>, v: V, leaves: Leaves): number | undefined {
  const memo = new Map<V, number | undefined>();
  const ty = (x: V) => block.types[x];
  const go = (x: V): number | undefined => {
    if (leaves.given && x === leaves.given.v) return norm(leaves.given.value, ty(x));
    if (memo.has(x)) return memo.get(x);
    memo.set(x, undefined); // (no cycles in SSA; this only guards a malformed block)
    const d = defs.get(x);
    let r: number | undefined;
    if (d) {
      const o = d.op;
      switch (o.op) {
        case 'const':
          r = o.value;
          break;
        case 'getreg': {
          const g = leaves.getreg?.(o, d.index);
          r = g === undefined ? undefined : norm(g, o.ty);
          break;
        }
        case 'load': {
          const guard = o.guard === undefined ? 1 : go(o.guard);
          if (guard === 0) r = 0;
          else if (guard !== undefined) {
            const a = go(o.addr);
            const l = a === undefined ? undefined : leaves.load?.(a >>> 0, o.w, d.index);
            r = l === undefined ? undefined : norm(l, o.ty);
          }
          break;
        }
        case 'bin': {
          const a = go(o.a);
          const b = go(o.b);
          r = a === undefined || b === undefined ? undefined : evalBin(o.kind, o.ty, a, b, ty(o.a));
          break;
        }
        case 'un': {
          const a = go(o.a);
          r = a === undefined ? undefined : evalUn(o.kind, o.ty, a);
          break;
        }
        case 'ext': {
          const a = go(o.a);
          r = a === undefined ? undefined : evalExt(a, ty(o.a), o.ty, o.signed);
          break;
        }
        case 'trunc': {
          const a = go(o.a);
          r = a === undefined ? undefined : norm(a, o.ty);
          break;
        }
        case 'slice': {
          const a = go(o.a);
          r = a === undefined ? undefined : evalSlice(a, o.hi, o.lo);
          break;
        }
        case 'select': {
          const c = go(o.c);
          r = c === undefined ? undefined : go(c !== 0 ? o.t : o.f);
          break;
        }
        case 'bswap': {
          const a = go(o.a);
          r = a === undefined ? undefined : evalBswap(a, o.ty);
          break;
        }
        default:
          r = undefined;
      }
    }
    memo.set(x, r);
    return r;
  };
  return go(v);
}

/** The ops value v is computed from (itself included), in the block's order. */
function coneOf(defs: Map<V, Def>, v: V): Def[] {
  const seen = new Set<V>();
  const out: Def[] = [];
  const stack = [v];
  while (stack.length) {
    const x = stack.pop()!;
    if (seen.has(x)) continue;
    seen.add(x);
    const d = defs.get(x);
    if (!d) continue;
    out.push(d);
    const o = d.op;
    switch (o.op) {
      case 'load':
        stack.push(o.addr);
        if (o.guard !== undefined) stack.push(o.guard);
        break;
      case 'bin':
        stack.push(o.a, o.b);
        break;
      case 'un':
      case 'ext':
      case 'trunc':
      case 'slice':
      case 'bswap':
        stack.push(o.a);
        break;
      case 'select':
        stack.push(o.c, o.t, o.f);
        break;
      default:
        break;
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Guest pcs a block continues at that are known without running it. */
export function staticSuccessors(block: IrBlock, defs: Map<V, Def> = defsOf(block)): number[] {
  const x = block.exit;
  switch (x.kind) {
    case 'direct':
    case 'syscall':
      return [x.pc >>> 0];
    case 'branch':
      return [x.taken >>> 0, x.fallthrough >>> 0];
    case 'indirect': {
      const c = constantTarget(block, defs);
      return c === undefined ? [] : [c];
    }
  }
}

/** The target of an indirect exit that the block itself makes constant (a call through a register just loaded with an address). */
export function constantTarget(block: IrBlock, defs: Map<V, Def> = defsOf(block)): number | undefined {
  if (block.exit.kind !== 'indirect') return undefined;
  const v = evalValue(block, defs, block.exit.target, {});
  return v === undefined ? undefined : v >>> 0;
}

/**
 * The return site of a call: the address just after the block, when the
 * block saves it (stores it, or writes it to a register) — what a call does.
 * A big-endian guest's store writes the value byte-swapped (the IR's memory
 * is little-endian), so there the stored constant is the swapped address.
 */
export function returnSite(block: IrBlock, defs: Map<V, Def> = defsOf(block), bigEndian = false): number | undefined {
  if (block.insns === 0 || (block.exit.kind !== 'direct' && block.exit.kind !== 'indirect')) return undefined;
  const end = block.end | 0;
  const isConst = (v: V, want: number): boolean => {
    const d = defs.get(v);
    return d !== undefined && d.op.op === 'const' && d.op.ty === 32 && (d.op.value | 0) === want;
  };
  const isEnd = (v: V) => isConst(v, end);
  const stored = bigEndian ? evalBswap(end, 32) | 0 : end;
  for (const o of block.ops) {
    if (o.op === 'store' && o.w === 32 && o.guard === undefined && isConst(o.src, stored)) return block.end >>> 0;
    if (o.op === 'setreg' && isEnd(o.src)) return block.end >>> 0;
  }
  return undefined;
}

/**
 * Is the indirect exit a return: does the block pop its target off the
 * stack — load it from an address A and leave the stack pointer at A plus
 * the load's size? Checked by evaluating both with made-up register values.
 */
export function isReturn(block: IrBlock, stackPointer: number, defs: Map<V, Def> = defsOf(block)): boolean {
  if (block.exit.kind !== 'indirect') return false;
  const loads = coneOf(defs, block.exit.target).filter((d) => d.op.op === 'load');
  if (loads.length !== 1) return false;
  const load = loads[0].op as Extract<IrOp, { op: 'load' }>;
  let setSp: V | undefined;
  for (const o of block.ops) if (o.op === 'setreg' && o.slot === stackPointer) setSp = o.src;
  if (setSp === undefined) return false;
  for (const trial of [0x9e3779b1, 0x85ebca6b]) {
    const leaves: Leaves = {
      getreg: (o) => Math.imul(o.slot + 1, trial) ^ 0x10000,
      load: (_a, _w, index) => Math.imul(index + 7, trial),
    };
    const a = evalValue(block, defs, load.addr, leaves);
    const sp = evalValue(block, defs, setSp, leaves);
    if (a === undefined || sp === undefined || ((sp - a) | 0) !== load.w / 8) return false;
  }
  return true;
}

export interface TableSource {
  block: IrBlock;
  /** Whether the edge into the table block is the branch's taken one (for a direct exit: true). */
  taken: boolean;
}

export interface JumpTable {
  /** Address of the first entry used. */
  table: number;
  entries: number;
  targets: number[];
}

/**
 * The targets of the jump table at the end of `block` (an indirect exit),
 * for the index values `sources` (the blocks that go to it) admit — those of
 * them that bound it — reading entries with `read` (undefined where nothing
 * is mapped).
 */
export function resolveJumpTable(
  block: IrBlock,
  sources: readonly TableSource[],
  read: (addr: number, w: 8 | 16 | 32) => number | undefined,
): JumpTable | undefined {
  if (block.exit.kind !== 'indirect') return undefined;
  const defs = defsOf(block);
  const target = block.exit.target;
  const cone = coneOf(defs, target);
  const slots = new Set(cone.flatMap((d) => (d.op.op === 'getreg' ? [d.op.slot] : [])));
  const loads = cone.filter((d) => d.op.op === 'load');
  if (slots.size !== 1 || loads.length === 0) return undefined;
  const slot = [...slots][0];
  // The register's value at the block's entry, and memory as it was before the block stored anything.
  const firstSet = block.ops.findIndex((o) => o.op === 'setreg' && o.slot === slot);
  const firstStore = block.ops.findIndex((o) => o.op === 'store');
  for (const d of cone) {
    if (d.op.op === 'getreg' && firstSet >= 0 && firstSet < d.index) return undefined;
    if (d.op.op === 'load' && firstStore >= 0 && firstStore < d.index) return undefined;
  }
  const ys = new Set<number>();
  for (const s of sources) {
    const b = boundOf(s.block, slot, s.taken);
    if (b) for (let y = b[0]; y < b[1]; y++) ys.add(y);
  }
  if (ys.size === 0) return undefined;
  // The entry load: the last load in the target's cone (the one the target is made from).
  const entryLoad = loads[loads.length - 1];
  const width = (entryLoad.op as Extract<IrOp, { op: 'load' }>).w / 8;
  let first: number | undefined;
  let entries = 0;
  const targets = new Set<number>();
  for (const y of [...ys].sort((a, b) => a - b)) {
    let entryAddr: number | undefined;
    const t = evalValue(block, defs, target, {
      getreg: () => y,
      load: (addr, w, index) => {
        if (index === entryLoad.index) entryAddr = addr;
        return read(addr, w);
      },
    });
    if (t === undefined || entryAddr === undefined) continue;
    first ??= entryAddr;
    // A table indexed by byte offset (`reg + table`): only the entries' own addresses.
    if ((((entryAddr - first) % width) + width) % width !== 0) continue;
    entries++;
    targets.add(t >>> 0);
  }
  if (first === undefined || entries === 0) return undefined;
  return { table: first >>> 0, entries, targets: [...targets] };
}

/** Values of 32 bits a bounds check must refuse when it bounds from above. */
function farValues(): number[] {
  const out: number[] = [0xffffffff, 0x80000000, 0x7fffffff];
  for (let k = 0; k < 32; k++) out.push(2 ** k, 2 ** k + 1, 2 ** k - 1, 2 ** 32 - 2 ** k, 2 ** 32 - 2 ** k - 1);
  return out.map((x) => x >>> 0);
}
const FAR = farValues();

/**
 * The interval [lo, hi) of values of `slot` at the end of `block` for which
 * its branch goes the given way, if it is a plain bounds check: a small
 * interval, every other value tried going the other way. For a block that
 * goes straight on (a direct exit), the one value the slot then holds, if
 * the block makes it a small constant.
 */
export function boundOf(block: IrBlock, slot: number, taken: boolean): [number, number] | undefined {
  const defs = defsOf(block);
  let last = -1;
  block.ops.forEach((o, i) => {
    if (o.op === 'setreg' && o.slot === slot) last = i;
  });
  const lastSet = last >= 0 ? (block.ops[last] as Extract<IrOp, { op: 'setreg' }>) : undefined;
  if (block.exit.kind === 'direct') {
    const c = lastSet ? evalValue(block, defs, lastSet.src, {}) : undefined;
    return c !== undefined && c >>> 0 < LIMIT ? [c >>> 0, (c >>> 0) + 1] : undefined;
  }
  if (block.exit.kind !== 'branch') return undefined;
  const cond = block.exit.cond;
  const edge = (y: number): boolean | undefined => {
    const c = evalValue(block, defs, cond, {
      // Without a setreg, the register's value at the end is the one read anywhere in the block.
      getreg: (o) => (lastSet === undefined && o.slot === slot ? y : undefined),
      given: lastSet ? { v: lastSet.src, value: y } : undefined,
    });
    return c === undefined ? undefined : (c !== 0) === taken;
  };
  let lo = -1;
  let hi = -1;
  for (let y = 0; y <= 2 * LIMIT; y++) {
    const e = edge(y);
    if (e === undefined) return undefined;
    if (e) {
      if (lo < 0) lo = y;
      else if (hi >= 0) return undefined; // not one interval
    } else if (lo >= 0 && hi < 0) hi = y;
  }
  if (lo < 0 || hi < 0 || hi > LIMIT) return undefined;
  for (const y of FAR) if (y >= hi && edge(y) !== false) return undefined;
  return [lo, hi];
}

export { defsOf };
