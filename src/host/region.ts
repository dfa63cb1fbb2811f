// Region formation: which host instructions one compiled function covers,
// and how they split into basic blocks. A region is everything reachable
// from its entry by fall-through and direct branches (whose targets are
// known when decoding), plus the return sites of calls (an instruction that
// stores its npc is a call; the matching return is an indirect jump that is
// likely to land there, and finding the return site among the region's case
// labels keeps call/return loops inside one JavaScript loop). Formation stops
// at indirect jumps, at page zero (runtime services), at bytes that do not
// decode, and at a size cap.
//
// Every block leader becomes a case label of the region's switch, so it is
// also a valid entry point of the region. Extra leaders let a region be
// formed again with more entry points (see compile-engine.ts).

import type { Decoder } from '../decode/index.js';
import type { GuestFault } from '../interp/fault.js';
import type { Memory } from '../interp/memory.js';
import type { IsaModel } from '../spec/model.js';
import { fetchInsn, type HostInsn } from './decode-insn.js';
import { analyzeInsn, type InsnFacts } from './emit-insn.js';
import { SERVICE_LIMIT } from './types.js';

export interface RegionInsn {
  insn: HostInsn;
  facts: InsnFacts;
}

/** A straight run of instructions entered only at its first; only the last may jump. */
export interface Block {
  leader: number;
  insns: RegionInsn[];
}

export interface RegionPlan {
  entry: number;
  /** Sorted by leader address, which is also the layout order of the cases. */
  blocks: Block[];
  /** Every instruction of the region by address. */
  insns: Map<number, RegionInsn>;
}

/** Default cap on a region's instructions. */
export const REGION_LIMIT = 600;

/**
 * Cap on a region's generated JavaScript, in characters. TurboFan's compile
 * time grows faster than linearly with the size of one function built as a
 * single big loop (about 0.1 s for 20 KB of memory-heavy code, over 2 s for
 * 100 KB), and until it is done the region runs unoptimized; beyond about
 * 60 KB of bytecode V8 does not optimize a function at all. ALU code is a few
 * dozen characters an instruction, a checked load or store a few hundred,
 * so this cap binds only on memory-heavy code.
 */
export const REGION_CODE_LIMIT = 24_000;

/** Plans the region entered at `entry`, or returns the fault fetching the entry raises. */
export function formRegion(
  isa: IsaModel,
  decoder: Decoder,
  memory: Memory,
  entry: number,
  limit: number = REGION_LIMIT,
  /** More addresses that must start blocks (entries wanted besides `entry`). */
  extraLeaders: readonly number[] = [],
): RegionPlan | GuestFault {
  const first = fetchInsn(isa, decoder, memory, entry);
  if (!('variant' in first)) return first;

  const insns = new Map<number, RegionInsn>();
  const leaders = new Set<number>([entry, ...extraLeaders]);
  /** How many included instructions fall through into each address. */
  const fallInto = new Map<number, number>();
  const work: number[] = [];
  const seen = new Set<number>();
  const push = (pc: number) => {
    if (pc >= SERVICE_LIMIT && !seen.has(pc)) {
      seen.add(pc);
      work.push(pc);
    }
  };

  let size = 0;
  const add = (insn: HostInsn) => {
    const { facts, size: n } = analyzeInsn(isa, insn);
    size += n;
    insns.set(insn.pc, { insn, facts });
    for (const t of facts.targets) {
      leaders.add(t);
      push(t);
    }
    if (facts.link) {
      leaders.add(insn.npc);
      push(insn.npc);
    }
    if (facts.fallthrough) {
      fallInto.set(insn.npc, (fallInto.get(insn.npc) ?? 0) + 1);
      if (facts.jumps) leaders.add(insn.npc); // the not-taken side of a branch starts a block
      push(insn.npc);
    }
  };

  seen.add(entry);
  add(first);
  // Breadth first, so a capped region keeps the code nearest its entry.
  for (let i = 0; i < work.length && insns.size < limit && size < REGION_CODE_LIMIT; i++) {
    const r = fetchInsn(isa, decoder, memory, work[i]);
    if ('variant' in r) add(r);
  }

  // A place several instructions fall into (possible with variable-length
  // code) must start a block, or its code would be laid out twice.
  for (const [pc, n] of fallInto) if (n > 1) leaders.add(pc);

  const blocks: Block[] = [];
  for (const leader of [...leaders].sort((a, b) => a - b)) {
    let cur = insns.get(leader);
    if (!cur) continue; // a target outside the region: branches there leave it
    const block: Block = { leader, insns: [cur] };
    for (;;) {
      const f = cur.facts;
      if (f.jumps || !f.fallthrough || leaders.has(cur.insn.npc)) break;
      const next = insns.get(cur.insn.npc);
      if (!next) break;
      block.insns.push(next);
      cur = next;
    }
    blocks.push(block);
  }
  return { entry, blocks, insns };
}
