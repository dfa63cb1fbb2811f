// The compile engine: a dispatcher over compiled regions. It looks the pc up
// in the region cache (compiling a region from there on a miss), calls the
// region function, and turns what the function returns into the next pc or
// a stop. It runs only between regions — on indirect jumps that leave a
// region, on returns to page zero and on stops — so its cost is per region
// entry, not per instruction.

import type { Decoder } from '../decode/index.js';
import { GuestFault, MemFault } from '../interp/fault.js';
import { PAGE_SHIFT, PERM_W, type Memory } from '../interp/memory.js';
import type { IsaModel } from '../spec/model.js';
import { compileRegion, makeKit, RET_BUDGET, RET_EXIT, RET_FAULT, type Kit } from './codegen.js';
import { InterpEngine } from './interp-engine.js';
import { formRegion, REGION_LIMIT, type RegionPlan } from './region.js';
import { RegionCache, type Region } from './region-cache.js';
import { SERVICE_LIMIT, type HostStats, type HostStop, type HostSyscall } from './types.js';

export class CompileEngine {
  private readonly kit: Kit;
  private readonly cache: RegionCache;
  /** Runs the last instructions of a budget exactly (made on the first such stop). */
  private tailEngine?: InterpEngine;

  constructor(
    private readonly isa: IsaModel,
    private readonly decoder: Decoder,
    private readonly memory: Memory,
    regs: Int32Array,
    syscall: HostSyscall,
    private readonly stats: HostStats,
    private readonly count: boolean,
    private readonly regionLimit: number = REGION_LIMIT,
    private readonly privileged?: readonly number[],
    /** HostOptions.watchCode */
    private readonly watchCode: boolean = false,
  ) {
    // The host's byte order, whatever the guest's (the memory's own).
    this.kit = makeKit(memory.withOrder(isa.endian === 'little'), regs, syscall);
    this.cache = new RegionCache(isa.maxLength);
    if (watchCode) {
      const previous = memory.onCodeWrite;
      memory.onCodeWrite = (addr, len) => {
        // The running region checks the flag after the writing instruction and leaves.
        if (this.cache.flush(addr >>> 0, len) > 0) this.kit.codeWritten = true;
        previous?.(addr, len);
      };
    }
  }

  /** Runs from pc until a stop; returns the stop and the pc it happened at. */
  run(pc: number, budget: number): { stop: HostStop; pc: number } {
    const kit = this.kit;
    const counting = this.count;
    kit.count = this.stats.hostInsns;
    kit.limit = counting ? kit.count + budget : Infinity;
    const cache = this.cache;
    let entries = 0;
    let stop: HostStop;
    pc = pc >>> 0;
    try {
      for (;;) {
        if (pc < SERVICE_LIMIT) {
          stop = { kind: 'service', pc };
          break;
        }
        if (counting && kit.count >= kit.limit) {
          stop = { kind: 'budget' };
          break;
        }
        const region = cache.get(pc) ?? this.compile(pc);
        if (region instanceof GuestFault) {
          stop = { kind: 'fault', fault: region, hostPc: pc };
          break;
        }
        entries++;
        const r = region.fn(pc);
        if (r >= 0) {
          pc = r;
          continue;
        }
        if (r === RET_EXIT) {
          stop = { kind: 'exit' };
        } else if (r === RET_BUDGET) {
          pc = kit.pc;
          stop = { kind: 'budget' };
        } else if (r === RET_FAULT) {
          pc = kit.pc;
          stop = { kind: 'fault', fault: toFault(kit.err, pc), hostPc: pc };
        } else {
          throw new Error(`internal: region returned ${r}`);
        }
        break;
      }
    } finally {
      kit.err = undefined;
      this.stats.regionEntries += entries;
      if (counting) this.stats.hostInsns = kit.count;
    }
    // Regions stop before a block that would pass the limit: the host
    // interpreter runs what is left of it, so a budget is exact.
    if (stop.kind === 'budget' && kit.count < kit.limit) return this.tail().run(pc, kit.limit - kit.count);
    return { stop, pc };
  }

  private tail(): InterpEngine {
    return (this.tailEngine ??= new InterpEngine(this.isa, this.decoder, this.memory, this.kit.R, this.kit.sys, this.stats, true, this.privileged));
  }

  flush(addr: number, len: number): void {
    this.cache.flush(addr >>> 0, len);
  }

  /**
   * A region for an entry at pc. When pc is an instruction of a region but no
   * case label of it, that region is formed again with pc as one more label
   * rather than a new region formed from pc: a new region would end (at the
   * size cap) somewhere arbitrary inside the old ones, and a loop longer than
   * the cap would then spawn region after region, each entered at the last
   * one's arbitrary end, before the set settled.
   */
  private compile(pc: number): Region | GuestFault {
    const host = this.cache.holding(pc);
    if (host) {
      const extra = [...host.extra, pc];
      const plan = formRegion(this.isa, this.decoder, this.memory, host.entry, this.regionLimit, extra);
      if (!(plan instanceof GuestFault) && plan.insns.has(pc)) {
        const region = this.build(plan, extra);
        this.cache.replace(host, region);
        return region;
      }
    }
    const plan = formRegion(this.isa, this.decoder, this.memory, pc, this.regionLimit);
    if (plan instanceof GuestFault) return plan;
    const region = this.build(plan, []);
    this.cache.add(region);
    return region;
  }

  private build(plan: RegionPlan, extra: number[]): Region {
    const fn = compileRegion(this.isa, plan, this.kit, {
      count: this.count,
      little: this.isa.endian === 'little',
      privileged: this.privileged,
      watchCode: this.watchCode,
    });
    this.stats.regionsCompiled++;
    const spans = [...plan.insns.values()].map(({ insn }) => [insn.pc, insn.pc + insn.length] as [number, number]);
    if (this.watchCode) {
      const PAGE = 1 << PAGE_SHIFT;
      for (const [s, e] of spans) {
        for (let p = s >>> PAGE_SHIFT; p <= (e - 1) >>> PAGE_SHIFT; p++) {
          if (!this.memory.isWatched(p * PAGE) && this.memory.anyByte(p * PAGE, (p + 1) * PAGE, (perm) => (perm & PERM_W) !== 0)) this.memory.watch(p * PAGE);
        }
      }
    }
    return { fn, entry: plan.entry, extra, labels: plan.blocks.map((b) => b.leader), spans };
  }
}

/** What a region caught, as the fault it means; anything else is a bug or a host error and goes on up. */
function toFault(e: unknown, pc: number): GuestFault {
  if (e instanceof GuestFault) return e;
  if (e instanceof MemFault) return GuestFault.fromMem(e, pc);
  throw e;
}
