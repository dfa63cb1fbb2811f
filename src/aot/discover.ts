// Static discovery: finds the guest's code by recursive traversal, the way
// a disassembler does. From the seeds (the entry point, every function
// symbol, and a profile's blocks and indirect targets) it lifts block after
// block with the runtime's own lifter and optimizer, follows direct
// branches, both ways of conditional ones, calls and their return sites,
// constant indirect targets, and jump tables with a bounds check in front
// of them (analyze.ts). What it cannot follow is left to the runtime, which
// translates it when (if) control gets there.

import type { Decoder } from '../decode/index.js';
import { liftBlock, type IrBlock } from '../ir/index.js';
import { PERM_R, type Memory } from '../interp/memory.js';
import { optimize, overwrittenBeforeRead } from '../opt/index.js';
import type { IsaModel } from '../spec/index.js';
import { constantTarget, defsOf, isReturn, resolveJumpTable, returnSite, staticSuccessors, type JumpTable, type TableSource } from './analyze.js';

export interface FoundBlock {
  pc: number;
  /** As lifted, and as optimized for code generation (exactly what the runtime would make of it). */
  ir: IrBlock;
  optimized: IrBlock;
}

export interface IndirectSummary {
  /** Indirect branches (distinct guest instructions ending a block in one). */
  total: number;
  /** ... whose target is loaded from the stack pointer (returns: their targets are the calls' return sites). */
  returns: number;
  /** ... with a constant target. */
  constant: number;
  /** ... through a jump table with a bounds check, and the targets found in the tables. */
  tables: number;
  tableTargets: number;
  /** ... none of the above. */
  unresolved: number;
}

export interface Discovery {
  blocks: Map<number, FoundBlock>;
  indirect: IndirectSummary;
  /** Seeds by origin (those that lie in executable memory). */
  seeds: { entry: number; symbols: number; profile: number };
}

export interface DiscoverOptions {
  entry: number;
  /** Function symbols' addresses. */
  symbols: readonly number[];
  /** Guest pcs a profile saw run (block starts, indirect targets). */
  profileTargets?: Iterable<number>;
  /** Whether code is generated with SMC checks (then no slot is dead at a block's exit, as in the runtime). */
  smcChecks: boolean;
  maxBlockInsns?: number;
}

export function discover(guest: IsaModel, decoder: Decoder, memory: Memory, opts: DiscoverOptions): Discovery {
  const fetch = { bytes: memory.u8, avail: (a: number) => memory.fetchable(a, guest.maxLength) };
  const lifted = new Map<number, IrBlock>();
  const lift = (pc: number): IrBlock => {
    let b = lifted.get(pc);
    if (!b) {
      b = liftBlock(guest, decoder, fetch, pc, { maxInsns: opts.maxBlockInsns });
      lifted.set(pc, b);
    }
    return b;
  };
  // The runtime's rule (src/dbt/runtime.ts deadAtExit): slots every direct successor overwrites before reading.
  const deadAtExit = (ir: IrBlock): Set<number> | undefined => {
    if (opts.smcChecks) return undefined;
    const succ = ir.exit.kind === 'direct' ? [ir.exit.pc] : ir.exit.kind === 'branch' ? [ir.exit.taken, ir.exit.fallthrough] : undefined;
    if (!succ) return undefined;
    let dead: Set<number> | undefined;
    for (const s of succ) {
      const w = overwrittenBeforeRead(lift(s));
      dead = dead === undefined ? w : new Set([...dead].filter((x) => w.has(x)));
    }
    return dead;
  };
  const isCode = (pc: number) => memory.fetchable(pc >>> 0, 1) > 0;

  const blocks = new Map<number, FoundBlock>();
  const sources = new Map<number, TableSource[]>();
  const queue: number[] = [];
  const push = (pc: number) => {
    pc >>>= 0;
    if (!blocks.has(pc) && isCode(pc)) queue.push(pc);
  };
  const seeds = { entry: 0, symbols: 0, profile: 0 };
  if (isCode(opts.entry)) seeds.entry = 1;
  push(opts.entry);
  for (const s of new Set(opts.symbols)) {
    if (isCode(s)) seeds.symbols++;
    push(s);
  }
  for (const s of new Set(opts.profileTargets ?? [])) {
    if (isCode(s)) seeds.profile++;
    push(s);
  }

  const drain = () => {
    while (queue.length) {
      const pc = queue.pop()!;
      if (blocks.has(pc)) continue;
      const ir = lift(pc);
      const optimized = optimize(ir, { deadAtExit: deadAtExit(ir) });
      blocks.set(pc, { pc, ir, optimized });
      const defs = defsOf(optimized);
      const x = optimized.exit;
      // Where a jump table's bound may come from: the edges into each block.
      const edges: Array<[number, boolean]> = x.kind === 'branch' ? [[x.taken, true], [x.fallthrough, false]] : x.kind === 'direct' ? [[x.pc, true]] : [];
      for (const [to, taken] of edges) {
        let list = sources.get(to >>> 0);
        if (!list) sources.set(to >>> 0, (list = []));
        list.push({ block: optimized, taken });
      }
      for (const s of staticSuccessors(optimized, defs)) push(s);
      const ret = returnSite(optimized, defs, guest.endian === 'big');
      if (ret !== undefined) push(ret);
    }
  };

  const read = (addr: number, w: 8 | 16 | 32): number | undefined => {
    const n = w / 8;
    let v = 0;
    for (let i = n - 1; i >= 0; i--) {
      if ((memory.permAt(addr + i) & PERM_R) === 0) return undefined;
      v = v * 256 + memory.u8[addr + i];
    }
    return v;
  };

  // Jump tables are looked for once the blocks that go to them have been found; what they lead to may hold
  // more blocks that go to them (a loop around a switch): again, until nothing new turns up.
  const tables = new Map<number, JumpTable>();
  const triedWith = new Map<number, number>();
  for (;;) {
    drain();
    for (const b of blocks.values()) {
      const src = sources.get(b.pc);
      if (b.optimized.exit.kind !== 'indirect' || !src || triedWith.get(b.pc) === src.length) continue;
      triedWith.set(b.pc, src.length);
      const t = resolveJumpTable(b.optimized, src, read);
      if (!t) continue;
      tables.set(b.pc, t);
      for (const x of t.targets) push(x);
    }
    if (queue.length === 0) break;
  }

  // One count per guest instruction that ends blocks with an indirect branch.
  const byInsn = new Map<number, 'return' | 'constant' | 'table' | 'unresolved'>();
  let tableTargets = 0;
  for (const b of blocks.values()) {
    const o = b.optimized;
    if (o.exit.kind !== 'indirect' || o.insns === 0) continue;
    const last = lastInsnPc(o);
    const kind = tables.get(b.pc)
      ? 'table'
      : constantTarget(o) !== undefined
        ? 'constant'
        : isReturn(o, guest.abi.stackPointer)
          ? 'return'
          : 'unresolved';
    const old = byInsn.get(last);
    if (old === undefined || old === 'unresolved') byInsn.set(last, kind);
    if (kind === 'table') tableTargets += tables.get(b.pc)!.targets.length;
  }
  const count = (k: string) => [...byInsn.values()].filter((x) => x === k).length;
  return {
    blocks,
    seeds,
    indirect: {
      total: byInsn.size,
      returns: count('return'),
      constant: count('constant'),
      tables: count('table'),
      tableTargets,
      unresolved: count('unresolved'),
    },
  };
}

function lastInsnPc(b: IrBlock): number {
  for (let i = b.ops.length - 1; i >= 0; i--) {
    const o = b.ops[i];
    if (o.op === 'insn') return o.pc >>> 0;
  }
  return b.pc >>> 0;
}
