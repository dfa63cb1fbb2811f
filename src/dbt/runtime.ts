// The DBT runtime: runs a guest process on the host machine through
// translation. Guest memory is the host's memory at the same addresses (as
// qemu-user with guest_base 0); the code cache and the runtime area live above
// the guest's stack. Blocks are translated on demand (lift, optimize,
// generate), chained by patching their exit stubs into direct host branches,
// found through an in-memory table on indirect branches, dropped when the
// guest writes their code, and every fault is reported at the guest
// instruction with the guest state the interpreter would show.

import { performance } from 'node:perf_hooks';
import { HOST_LAYOUT, FAULT_CODES, canChain, encodeChain, generateBlock, guestSlotHome, type HostCode, type SlotHome } from '../codegen/index.js';
import { buildDecoder, type Decoder } from '../decode/index.js';
import { HostMachine, type HostStop } from '../host/index.js';
import { DEFAULT_MAX_INSNS, evalBlock, liftBlock, type IrBlock } from '../ir/index.js';
import { GuestFault, faultKindOf } from '../interp/fault.js';
import { Interpreter, type StopReason } from '../interp/interpreter.js';
import { PERM_P, PERM_X, type Memory } from '../interp/memory.js';
import { overwrittenBeforeRead } from '../opt/index.js';
import { XlatError, type IsaModel } from '../spec/index.js';
import { CODE_BASE, CODE_LIMIT, RUNTIME_BASE, BUDGET, MAX_BUDGET_CHUNK, guestHasWritableCode } from './layout.js';
import type { FaultRecipes, LazyEntry, LazyRecipe } from './lazy.js';
import { planBlock, type BlockPlan } from './plan.js';

export interface DbtOptions {
  hostEngine?: 'compile' | 'interp';
  /** Count host instructions (for --stats). */
  countHost?: boolean;
  maxSteps?: number;
  /** Called with each translated block (for `xlat run -d in_asm,op,op_opt,out_asm`). */
  onTranslate?: (t: Translation) => void;
  /** Called at each entry from the dispatcher into translated code (`xlat run -d exec,cpu`). */
  onEnter?: (e: BlockEntry) => void;
  /**
   * Never chain blocks and keep the indirect-branch table empty, so that
   * every block returns to the dispatcher (`xlat run -d nochain`, as qemu's:
   * with -d exec, every block executed is logged). Profiling implies it.
   */
  noChain?: boolean;
  /** Largest number of guest instructions in one block. */
  maxBlockInsns?: number;
  /**
   * Most guest instructions translated code may run before it returns to
   * the runtime for a new count (default MAX_BUDGET_CHUNK). Tests make it
   * small, so that budget stops happen often and anywhere; it is never less
   * than the longest block, which could otherwise never start.
   */
  budgetChunk?: number;
  /**
   * The guest's own system calls (guest ABI), for the few instructions that
   * finish a --max-steps run on the interpreter when the next block would
   * overshoot the limit.
   */
  guestSyscall?: (regs: Int32Array) => boolean;
  /**
   * Record a profile (`xlat run --profile`): every block entered, and the
   * target of every indirect branch. While profiling, blocks are never
   * chained and the indirect-branch table stays empty, so that every block
   * returns to the dispatcher and is seen there: exact counts, slower runs.
   */
  profile?: DbtProfiler;
}

/** An entry from the dispatcher into a translated block, as DbtOptions.onEnter sees it. */
export interface BlockEntry {
  guestPc: number;
  hostAt: number;
  /** Guest instructions run before this entry. */
  steps: number;
  /** The guest registers now, in the spec's slots (nothing is pending at a dispatcher entry). */
  state(): Int32Array;
  /**
   * Slots the block overwrites before reading them or faulting: their values
   * here cannot matter, and a predecessor may have left them unwritten.
   */
  writtenFirst(): number[];
}

/** What a profiling run reports (see DbtOptions.profile). */
export interface DbtProfiler {
  /** A block starting at guest pc was entered. */
  block(pc: number): void;
  /** The indirect branch at guest pc `from` went to `to`. */
  indirect(from: number, to: number): void;
}

/**
 * A block translated ahead of time (`xlat translate`), for installBlocks:
 * its host code lies at [hostAt, hostAt + size) of the code handed over with
 * it; `linked` exits were chained to another of the blocks when the file was
 * made (their bytes are encodeChain's, `original` is the unchained stub).
 */
export interface PretranslatedBlock {
  guestPc: number;
  guestEnd: number;
  hostAt: number;
  size: number;
  /** It ends in a system call (never chained out of, as at run time). */
  noChain: boolean;
  /** Its exit is an indirect branch. */
  indirect: boolean;
  pcMap: Array<{ hostStart: number; hostEnd: number; guestPc: number }>;
  exits: Array<{ guestTarget: number; patchAt: number; original: Uint8Array; linked: boolean }>;
}

export interface Translation {
  guestPc: number;
  ir: IrBlock;
  optimized: IrBlock;
  /** What the optimizer decided beyond the IR (state left for successors and faults). */
  plan: BlockPlan;
  code: HostCode;
}

export interface DbtStats {
  guestInsns: number;
  /** Blocks translated at run time. */
  blocksTranslated: number;
  /** Blocks installed from a translated file (installBlocks). */
  blocksFromFile: number;
  translateSeconds: number;
  cacheHits: number;
  cacheMisses: number;
  chainLinks: number;
  dispatches: number;
  /** Indirect branches executed (counted only when host instructions are) and those that missed the table. */
  indirectLookups: number;
  indirectMisses: number;
  hostInsns: number;
  invalidations: number;
  cacheFlushes: number;
  /**
   * Blocks that left guest state for their successors to overwrite, blocks
   * that left it for their own faults to compute (dbt/lazy.ts), and the
   * stops that computed it.
   */
  lazyBlocks: number;
  deferBlocks: number;
  lazySettled: number;
}

interface Block {
  guestPc: number;
  guestEnd: number;
  hostAt: number;
  code: HostCode;
  /** patch sites of other blocks' exits chained to this block */
  incoming: Set<number>;
  /** this block may not be chained out of (it ends in a syscall) */
  noChain: boolean;
  /** it ends in an indirect branch (for profiles) */
  indirect: boolean;
  valid: boolean;
  /** state it leaves unwritten until a fault needs it, by guest pc of the faulting instruction (dbt/lazy.ts) */
  atFault?: FaultRecipes;
}

const PAGE_BITS = 12;

export class Dbt {
  readonly stats: DbtStats = {
    guestInsns: 0, blocksTranslated: 0, blocksFromFile: 0, translateSeconds: 0, cacheHits: 0, cacheMisses: 0, chainLinks: 0,
    dispatches: 0, indirectLookups: 0, indirectMisses: 0, hostInsns: 0, invalidations: 0, cacheFlushes: 0, lazyBlocks: 0, deferBlocks: 0, lazySettled: 0,
  };
  private readonly machine: HostMachine;
  private readonly decoder: Decoder;
  private readonly blocks = new Map<number, Block>();
  /** blocks by host address, in allocation order (for fault lookup) */
  private byHost: Block[] = [];
  /** patch site -> the exit that owns it */
  private readonly exitAt = new Map<number, { from: Block; target: number }>();
  /** guest page -> blocks whose code lies on it */
  private readonly pageBlocks = new Map<number, Set<Block>>();
  private next = CODE_BASE;
  private readonly homes: SlotHome[];
  private readonly smcChecks: boolean;
  private readonly countReg: number;
  /** Blocks may leave state for their successors (dbt/lazy.ts): the host has a mark_lazy rule. */
  private readonly lazy: boolean;
  /** DbtOptions.budgetChunk, or its default. */
  private readonly budgetChunk: number;
  /** Length of the guest state array. */
  private readonly slots: number;
  /** No chain links and no indirect-branch table entries (DbtOptions.noChain, profiling). */
  private readonly unchained: boolean;
  /** lazy block's guest pc -> what it left unwritten, and its count word (an offset from base) */
  private readonly lazyOut = new Map<number, LazyRecipe & { word: number }>();
  /** successor's guest pc -> its lazy predecessors and where it overwrites each slot */
  private readonly lazyIn = new Map<number, LazyEntry[]>();
  pc: number;

  constructor(
    private readonly guest: IsaModel,
    private readonly host: IsaModel,
    private readonly memory: Memory,
    regs: Int32Array,
    pc: number,
    hostSyscall: (regs: Int32Array) => boolean,
    private readonly opts: DbtOptions = {},
  ) {
    if (!host.host) throw new XlatError(`${host.name} has no lowering rules: it cannot be a host`);
    if (memory.anyByte(RUNTIME_BASE, CODE_LIMIT, (p) => p !== 0)) {
      throw new XlatError(`the guest's memory overlaps the translator's area at 0x${RUNTIME_BASE.toString(16)}..0x${CODE_LIMIT.toString(16)}`);
    }
    // The guest can neither read nor write the runtime's data or code: the
    // area is privileged (only host accesses based on the `base` and `link`
    // registers reach it) and the code cache is execute-only.
    memory.map(RUNTIME_BASE, HOST_LAYOUT.AREA_SIZE, PERM_P);
    memory.map(CODE_BASE, CODE_LIMIT - CODE_BASE, PERM_X);
    this.decoder = buildDecoder(guest);
    this.machine = new HostMachine(host, memory, hostSyscall, {
      engine: opts.hostEngine ?? 'compile',
      count: opts.countHost ?? false,
      privileged: [host.host.base, host.host.link],
    });
    this.homes = guest.registers.map((_, slot) => guestSlotHome(host, guest, slot));
    this.countReg = host.host.count;
    this.smcChecks = guestHasWritableCode(memory);
    this.lazy = host.host.rules.some((r) => r.name === 'mark_lazy');
    this.unchained = opts.noChain === true || opts.profile !== undefined;
    this.slots = regs.length;
    this.budgetChunk = Math.max(opts.budgetChunk ?? MAX_BUDGET_CHUNK, opts.maxBlockInsns ?? DEFAULT_MAX_INSNS);
    this.pc = pc >>> 0;
    this.machine.regs[host.host.base] = RUNTIME_BASE;
    this.putGuestState(regs);
    const previous = memory.onCodeWrite;
    memory.onCodeWrite = (addr, len) => {
      this.onCodeWrite(addr, len);
      previous?.(addr, len);
    };
  }

  // ---- guest state <-> host homes ----

  private putGuestState(regs: Int32Array): void {
    this.homes.forEach((h, slot) => {
      if (this.guest.registers[slot].zero) return;
      if ('reg' in h) this.machine.regs[h.reg] = regs[slot];
      else this.memory.dv.setInt32(RUNTIME_BASE + h.spill, regs[slot], true);
    });
  }

  private entry(guestPc: number, hostAt: number): BlockEntry {
    return {
      guestPc,
      hostAt,
      steps: this.stats.guestInsns,
      state: () => {
        const out = new Int32Array(this.slots);
        this.getGuestState(out);
        return out;
      },
      writtenFirst: () => [...overwrittenBeforeRead(this.lift(guestPc))],
    };
  }

  /** The guest registers as they are now (in host registers and spill slots). */
  getGuestState(out: Int32Array): void {
    this.homes.forEach((h, slot) => {
      if (this.guest.registers[slot].zero) out[slot] = 0;
      else if ('reg' in h) out[slot] = this.machine.regs[h.reg];
      else out[slot] = this.memory.dv.getInt32(RUNTIME_BASE + h.spill, true);
    });
  }

  // ---- translation ----

  private lift(pc: number): IrBlock {
    const M = this.memory;
    return liftBlock(this.guest, this.decoder, { bytes: M.u8, avail: (a: number) => M.fetchable(a, this.guest.maxLength) }, pc, {
      maxInsns: this.opts.maxBlockInsns,
    });
  }

  private translate(pc: number): Block {
    const t0 = performance.now();
    const ir = this.lift(pc);
    const plan = planBlock(ir, (p) => this.lift(p), {
      acrossBlocks: !this.smcChecks && this.opts.maxSteps === undefined,
      lazy: this.lazy && this.lazyOut.size < HOST_LAYOUT.LAZY_SLOTS,
    });
    const { optimized, lazy, atFault } = plan;
    if (atFault) this.stats.deferBlocks++;
    // The next free count word; a function because a full code cache is flushed (words and all) before a retry.
    const word = () => (lazy ? HOST_LAYOUT.LAZY_OFFSET + 4 * this.lazyOut.size : undefined);
    let code = this.generate(optimized, pc, word(), !plan.checkBudget);
    if (code === null) {
      this.flushCache();
      code = this.generate(optimized, pc, word(), !plan.checkBudget);
      if (code === null) throw new XlatError(`block at 0x${pc.toString(16)} does not fit the code cache`);
    }
    this.memory.writeBytes(code.at, code.bytes);
    this.machine.flush(code.at, code.bytes.length);
    const block: Block = {
      guestPc: pc,
      guestEnd: Math.max(ir.end, pc + 1),
      hostAt: code.at,
      code,
      incoming: new Set(),
      noChain: ir.exit.kind === 'syscall',
      indirect: ir.exit.kind === 'indirect',
      valid: true,
      ...(atFault ? { atFault } : {}),
    };
    this.register(block);
    this.setTable(pc, code.at);
    if (lazy) {
      this.stats.lazyBlocks++;
      this.lazyOut.set(pc, { ...lazy, word: word()! });
      for (const s of plan.lazyUntil!) {
        const list = (this.lazyIn.get(s.pc) ?? []).filter((e) => e.from !== pc);
        list.push({ from: pc, until: s.until });
        this.lazyIn.set(s.pc, list);
      }
    }
    this.stats.blocksTranslated++;
    this.stats.translateSeconds += (performance.now() - t0) / 1000;
    this.opts.onTranslate?.({ guestPc: pc, ir, optimized, plan, code });
    return block;
  }

  /** Enter a block in the cache, the exit and host-address indexes, and the SMC watch on its guest pages. */
  private register(block: Block): void {
    this.blocks.set(block.guestPc, block);
    this.byHost.push(block);
    for (const e of block.code.exits) this.exitAt.set(e.patchAt, { from: block, target: e.guestTarget });
    for (let p = block.guestPc >>> PAGE_BITS; p <= (block.guestEnd - 1) >>> PAGE_BITS; p++) {
      let set = this.pageBlocks.get(p);
      if (!set) {
        set = new Set();
        this.pageBlocks.set(p, set);
      }
      set.add(block);
      this.memory.watch(p << PAGE_BITS);
    }
  }

  /**
   * Install blocks translated ahead of time (xlat translate), before run():
   * `code` goes to CODE_BASE, and each block is entered in the cache exactly
   * as if it had been translated here, so chaining, the indirect-branch
   * table, SMC invalidation and precise faults work for it. Links made at
   * translation time become chain links (undone when their target is
   * invalidated, or at once when profiling). `made` says how the code was
   * generated: with SMC checks (it must be what this guest needs), and
   * whether blocks drop setregs their successors overwrite (deadAtExit). A
   * run that may stop between two blocks (maxSteps) needs exact state there,
   * so such code is then not installed: everything is translated here.
   */
  installBlocks(code: Uint8Array, blocks: readonly PretranslatedBlock[], made: { smcChecks: boolean; deadAtExit: boolean }): void {
    const bad = (what: string): never => {
      throw new XlatError(`the translated code does not fit this runtime: ${what}`);
    };
    const smcChecks = made.smcChecks;
    if (this.next !== CODE_BASE || this.blocks.size !== 0) bad('blocks must be installed before any is translated');
    if (smcChecks !== this.smcChecks) bad(`it was made ${smcChecks ? 'with' : 'without'} checks for self-modifying code, and this guest needs ${this.smcChecks ? 'them' : 'none'}`);
    if (code.length > CODE_LIMIT - CODE_BASE) bad('more code than the code cache holds');
    if (made.deadAtExit && this.opts.maxSteps !== undefined) return;
    const codeEnd = CODE_BASE + code.length;
    const hx = (n: number) => `0x${(n >>> 0).toString(16)}`;
    const sorted = [...blocks].sort((a, b) => a.hostAt - b.hostAt);
    let end = CODE_BASE;
    for (const p of sorted) {
      const where = `block of guest ${hx(p.guestPc)} at host ${hx(p.hostAt)}`;
      if (p.hostAt < end || p.size <= 0 || p.hostAt + p.size > codeEnd || this.blocks.has(p.guestPc) || p.guestEnd < p.guestPc) bad(`${where}: bad place`);
      end = p.hostAt + p.size;
      const inside = (a: number, b: number) => a >= p.hostAt && b <= p.hostAt + p.size && a <= b;
      for (const m of p.pcMap) if (!inside(m.hostStart, m.hostEnd)) bad(`${where}: bad pc map`);
      for (const e of p.exits) if (!inside(e.patchAt, e.patchAt + e.original.length)) bad(`${where}: bad exit`);
      const hostCode: HostCode = {
        bytes: code.subarray(p.hostAt - CODE_BASE, p.hostAt - CODE_BASE + p.size),
        at: p.hostAt,
        exits: p.exits.map((e) => ({ guestTarget: e.guestTarget >>> 0, patchAt: e.patchAt, original: e.original })),
        pcMap: p.pcMap,
        hostInsns: 0,
        listing: '',
        spills: 0,
      };
      this.register({
        guestPc: p.guestPc >>> 0,
        guestEnd: Math.max(p.guestEnd, p.guestPc + 1),
        hostAt: p.hostAt,
        code: hostCode,
        incoming: new Set(),
        noChain: p.noChain,
        indirect: p.indirect,
        valid: true,
      });
    }
    this.memory.writeBytes(CODE_BASE, code);
    const same = (at: number, bytes: Uint8Array) => bytes.every((x, i) => this.memory.u8[at + i] === x);
    for (const p of sorted) {
      for (const e of p.exits) {
        if (!e.linked) {
          if (!same(e.patchAt, e.original)) bad(`exit at host ${hx(e.patchAt)} is not its stub`);
          continue;
        }
        const to = this.blocks.get(e.guestTarget >>> 0);
        if (!to || p.noChain || !same(e.patchAt, encodeChain(this.host, e.patchAt, to.hostAt))) bad(`exit at host ${hx(e.patchAt)} is not a link to guest ${hx(e.guestTarget)}`);
        if (this.unchained) this.memory.writeBytes(e.patchAt, e.original);
        else to!.incoming.add(e.patchAt);
      }
    }
    // Colder blocks first, so that where two share a table entry the hotter (laid out first) keeps it.
    for (let i = sorted.length - 1; i >= 0; i--) this.setTable(sorted[i].guestPc, sorted[i].hostAt);
    this.next = (codeEnd + 7) & ~7;
    this.machine.flush(CODE_BASE, code.length);
    this.stats.blocksFromFile += sorted.length;
  }

  private generate(ir: IrBlock, pc: number, markLazy: number | undefined, chargeOnly: boolean): HostCode | null {
    const code = generateBlock(this.host, this.guest, ir, this.next, { smcChecks: this.smcChecks, countIndirect: this.opts.countHost === true, markLazy, chargeOnly });
    if (code.at + code.bytes.length > CODE_LIMIT) return null;
    this.next = (code.at + code.bytes.length + 7) & ~7;
    void pc;
    return code;
  }

  private tableEntry(pc: number): number {
    return RUNTIME_BASE + HOST_LAYOUT.TABLE_OFFSET + (pc & (HOST_LAYOUT.TABLE_ENTRIES - 1)) * HOST_LAYOUT.TABLE_ENTRY_SIZE;
  }

  private setTable(pc: number, hostAt: number): void {
    if (this.unchained) return; // every indirect branch goes to the dispatcher
    const e = this.tableEntry(pc);
    this.memory.dv.setUint32(e, pc >>> 0, true);
    this.memory.dv.setUint32(e + 4, hostAt >>> 0, true);
  }

  private clearTable(pc: number): void {
    const e = this.tableEntry(pc);
    if (this.memory.dv.getUint32(e, true) === pc >>> 0) {
      // A tag no guest pc can take after masking... any odd-aligned mismatch works: use pc ^ 1 with host 0.
      this.memory.dv.setUint32(e, (pc ^ 1) >>> 0, true);
      this.memory.dv.setUint32(e + 4, 0, true);
    }
  }

  /** Start over with an empty code cache (it is full). */
  private flushCache(): void {
    for (const b of this.blocks.values()) b.valid = false;
    this.blocks.clear();
    this.byHost = [];
    this.exitAt.clear();
    this.pageBlocks.clear();
    this.lazyOut.clear();
    this.lazyIn.clear();
    this.memory.writeBytes(RUNTIME_BASE + HOST_LAYOUT.TABLE_OFFSET, new Uint8Array(HOST_LAYOUT.TABLE_SIZE).fill(0xff));
    this.next = CODE_BASE;
    this.machine.flush(CODE_BASE, CODE_LIMIT - CODE_BASE);
    this.stats.cacheFlushes++;
  }

  // ---- chaining and invalidation ----

  private chain(patchAt: number, to: Block): void {
    if (this.unchained) return; // every block returns to the dispatcher
    const ex = this.exitAt.get(patchAt);
    if (!ex || !ex.from.valid || ex.from.noChain || ex.target !== to.guestPc) return;
    if (!canChain(this.host, patchAt, to.hostAt)) return;
    this.memory.writeBytes(patchAt, encodeChain(this.host, patchAt, to.hostAt));
    this.machine.flush(patchAt, 4);
    to.incoming.add(patchAt);
    this.stats.chainLinks++;
  }

  private invalidate(b: Block): void {
    if (!b.valid) return;
    b.valid = false;
    this.blocks.delete(b.guestPc);
    this.clearTable(b.guestPc);
    for (const site of b.incoming) {
      const ex = this.exitAt.get(site);
      if (!ex || !ex.from.valid) continue;
      const orig = ex.from.code.exits.find((e) => e.patchAt === site)?.original;
      if (orig) {
        this.memory.writeBytes(site, orig);
        this.machine.flush(site, orig.length);
      }
    }
    b.incoming.clear();
    for (const e of b.code.exits) this.exitAt.delete(e.patchAt);
    this.stats.invalidations++;
  }

  private onCodeWrite(addr: number, len: number): void {
    if (addr >= RUNTIME_BASE) return; // the runtime's own writes
    const first = Math.max(0, addr - this.guest.maxLength + 1) >>> PAGE_BITS;
    const last = (addr + Math.max(len, 1) - 1) >>> PAGE_BITS;
    let hit = false;
    for (let p = first; p <= last; p++) {
      const set = this.pageBlocks.get(p);
      if (!set) continue;
      for (const b of [...set]) {
        if (b.guestPc < addr + len && addr < b.guestEnd) {
          this.invalidate(b);
          set.delete(b);
          hit = true;
        }
      }
    }
    // Translated code checks this word after its stores and leaves its block when set.
    if (hit) this.memory.dv.setUint32(RUNTIME_BASE + HOST_LAYOUT.FLAG_OFFSET, 1, true);
  }

  // ---- running ----

  private blockAtHost(hostPc: number): Block | undefined {
    let lo = 0;
    let hi = this.byHost.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = this.byHost[mid];
      if (hostPc < b.hostAt) hi = mid - 1;
      else if (hostPc >= b.hostAt + b.code.bytes.length) lo = mid + 1;
      else return b;
    }
    return undefined;
  }

  private guestPcAtHost(hostPc: number): number | undefined {
    const b = this.blockAtHost(hostPc);
    if (!b) return undefined;
    for (const m of b.code.pcMap) if (hostPc >= m.hostStart && hostPc < m.hostEnd) return m.guestPc;
    return undefined;
  }

  private finishOnInterpreter(regs: Int32Array, pc: number, steps: number): StopReason {
    this.stats.hostInsns = this.machine.stats.hostInsns;
    this.stats.indirectLookups = this.memory.dv.getUint32(RUNTIME_BASE + HOST_LAYOUT.INDIRECT_COUNT_OFFSET, true);
    this.getGuestState(regs);
    const sys = this.opts.guestSyscall;
    if (!sys) {
      this.pc = pc;
      return { kind: 'max-steps' };
    }
    const interp = new Interpreter(this.guest, this.decoder, { memory: this.memory, regs, pc, syscall: sys });
    const r = interp.run(steps);
    this.stats.guestInsns += r.steps;
    this.pc = interp.pc;
    return r.stop;
  }

  /** While profiling one block runs per dispatch: record it (unless its entry check stopped it) and its indirect target. */
  private profileStep(block: Block, hs: HostStop): void {
    const prof = this.opts.profile!;
    const h = this.host.host!;
    if (hs.kind === 'service' && hs.pc === BUDGET) return;
    prof.block(block.guestPc);
    // An indirect branch as the guest wrote it: the optimizer may have made its target a constant (push f; ret).
    if (block.indirect && hs.kind === 'service' && hs.pc === HOST_LAYOUT.DISPATCH && block.code.pcMap.length > 0) {
      prof.indirect(block.code.pcMap[block.code.pcMap.length - 1].guestPc, this.machine.regs[h.exit] >>> 0);
    }
  }

  /** Instructions of a block (counted at its entry) from guest pc `pc` on, when the block left there. */
  private notRunAfter(pc: number): number {
    for (let i = this.byHost.length - 1; i >= 0; i--) {
      const m = this.byHost[i].code.pcMap;
      const idx = m.findIndex((x) => x.guestPc === pc);
      if (idx > 0) return m.length - idx;
    }
    return 0;
  }

  // ---- state a lazy block left (dbt/lazy.ts) ----

  /** The count a lazy block recorded at its last exit, minus the count now: the guest instructions charged since. */
  private lazyAge(word: number, left: number): number {
    return (this.memory.dv.getInt32(RUNTIME_BASE + word, true) - left) | 0;
  }

  /** Compute what a lazy block left from the guest state now, and write the slots `pending` names to their homes. */
  private applyLazy(recipe: LazyRecipe, pending: (slot: number) => boolean): void {
    const regs = new Int32Array(this.guest.registers.length);
    this.getGuestState(regs);
    evalBlock(recipe.block, regs, this.memory);
    this.stats.lazySettled++;
    for (const slot of recipe.slots) {
      if (!pending(slot)) continue;
      const h = this.homes[slot];
      if ('reg' in h) this.machine.regs[h.reg] = regs[slot];
      else this.memory.dv.setInt32(RUNTIME_BASE + h.spill, regs[slot], true);
    }
  }

  /**
   * A stop in block `c` before its instruction at guest pc `gpc` (a fault
   * there, or the budget at its entry): if `c` was entered straight from its
   * lazy predecessor, the slots it has not yet overwritten are that block's.
   */
  private settleLazyIn(c: Block | undefined, gpc: number, left: number): void {
    if (!this.lazy || !c) return;
    // At most one predecessor's word can match: each exit records a different count.
    const entry = this.lazyIn.get(c.guestPc)?.find((e) => {
      const r = this.lazyOut.get(e.from);
      return r !== undefined && this.lazyAge(r.word, left) === c.code.pcMap.length;
    });
    if (!entry) return;
    const recipe = this.lazyOut.get(entry.from)!;
    const index = (pc: number) => c.code.pcMap.findIndex((m) => m.guestPc === pc);
    const at = index(gpc);
    this.applyLazy(recipe, (slot) => {
      const until = entry.until.get(slot);
      return until !== undefined && at <= index(until);
    });
  }

  /** A fault in block `c` at guest pc `gpc`: the state the block itself left for that fault to compute. */
  private settleAtFault(c: Block | undefined, gpc: number): void {
    const recipe = c?.atFault?.get(gpc);
    if (recipe) this.applyLazy(recipe, () => true);
  }

  /** The block at host address `hostAt` left through its exit stub to the dispatcher: what it left lazily, all of it. */
  private settleLazyOut(hostAt: number, left: number): void {
    if (!this.lazy || hostAt === 0) return;
    const b = this.blockAtHost(hostAt);
    const recipe = b && this.lazyOut.get(b.guestPc);
    if (recipe && this.lazyAge(recipe.word, left) === 0) this.applyLazy(recipe, () => true);
  }

  /** Run until exit, fault or the step limit. Guest registers are in `regs` afterwards. */
  run(regs: Int32Array): { stop: StopReason } {
    const machine = this.machine;
    const maxSteps = this.opts.maxSteps ?? Infinity;
    let remaining = maxSteps;
    let stop: StopReason | undefined;
    let pc = this.pc;
    while (stop === undefined) {
      if (remaining <= 0) {
        // The limit falls exactly here: stop before fetching anything, as the interpreter does.
        stop = { kind: 'max-steps' };
        break;
      }
      // The budget register counts down; blocks leave through BUDGET when it goes negative.
      const chunk = Math.min(remaining, this.budgetChunk);
      machine.regs[this.countReg] = chunk;
      this.memory.dv.setUint32(RUNTIME_BASE + HOST_LAYOUT.FLAG_OFFSET, 0, true);
      // Nothing is pending now (every stop below settled it); -1 matches no count.
      for (const r of this.lazyOut.values()) this.memory.dv.setInt32(RUNTIME_BASE + r.word, -1, true);
      let block = this.blocks.get(pc);
      if (block) this.stats.cacheHits++;
      else {
        this.stats.cacheMisses++;
        block = this.translate(pc);
      }
      this.stats.dispatches++;
      if (this.opts.onEnter) this.opts.onEnter(this.entry(pc, block.hostAt));
      const hs: HostStop = machine.run(block.hostAt);
      const left = machine.regs[this.countReg];
      if (this.opts.profile) this.profileStep(block, hs);
      switch (hs.kind) {
        case 'service': {
          const used = chunk - left;
          if (hs.pc === BUDGET) {
            // The block at the exit register did not start: its count was taken back by the stub? No: add it back.
            const resume = machine.regs[this.host.host!.exit] >>> 0;
            const taken = chunk - left;
            const blk = this.blocks.get(resume);
            this.settleLazyIn(blk, resume, left);
            const notRun = blk ? blk.code.pcMap.length : 0;
            this.stats.guestInsns += taken - notRun;
            remaining -= taken - notRun;
            pc = resume;
            if (maxSteps !== Infinity && remaining < (blk ? blk.code.pcMap.length : 1)) {
              // The next block does not fit the limit: the last few instructions run on the
              // interpreter, so that --max-steps stops exactly where the interpreter would.
              stop = this.finishOnInterpreter(regs, pc, remaining);
              return { stop };
            }
            break;
          }
          this.stats.guestInsns += used;
          remaining -= used;
          if (hs.pc === HOST_LAYOUT.DISPATCH) {
            const target = machine.regs[this.host.host!.exit] >>> 0;
            const link = machine.regs[this.host.host!.link] >>> 0;
            this.settleLazyOut(link, left);
            if (link === 0 && this.memory.dv.getUint32(RUNTIME_BASE + HOST_LAYOUT.FLAG_OFFSET, true) !== 0) {
              // A block left early after a store to translated code: the rest of it did not run.
              const notRun = this.notRunAfter(target);
              this.stats.guestInsns -= notRun;
              remaining += notRun;
            }
            if (link === 0) this.stats.indirectMisses++;
            pc = target;
            if (link !== 0) {
              let to = this.blocks.get(target);
              if (!to) {
                this.stats.cacheMisses++;
                to = this.translate(target);
              }
              this.chain(link, to);
            }
          } else if (hs.pc === HOST_LAYOUT.FAULT) {
            const gpc = machine.regs[this.host.host!.exit] >>> 0;
            // The fault stub's block counted all its instructions at entry; the faulting one and later ones did not run.
            // The stub left an address inside itself in the first temp.
            const owner = this.blockAtHost((machine.regs[this.host.host!.temps[0]] >>> 0) - 4);
            this.settleLazyIn(owner, gpc, left);
            this.settleAtFault(owner, gpc);
            if (owner) {
              const idx = owner.code.pcMap.findIndex((m) => m.guestPc === gpc);
              const notRun = idx < 0 ? 0 : owner.code.pcMap.length - idx;
              this.stats.guestInsns -= notRun;
              remaining += notRun;
            }
            const code = FAULT_CODES[machine.regs[this.host.host!.link]];
            pc = gpc;
            // A fetch fault's address is the instruction's first byte, as on the interpreter.
            if (code === 'fetch') stop = { kind: 'fault', fault: new GuestFault('segmentation fault', gpc, gpc, 'fetch') };
            else stop = { kind: 'fault', fault: new GuestFault(faultKindOf(code ?? 'illegal'), gpc) };
          } else {
            throw new XlatError(`translated code jumped to 0x${hs.pc.toString(16)} (no service there)`);
          }
          break;
        }
        case 'exit': {
          this.stats.guestInsns += chunk - left;
          stop = { kind: 'exit' };
          // As the interpreter does, leave pc at the instruction that made the exit call
          // (the syscall stub put its guest pc in the exit register).
          pc = machine.regs[this.host.host!.exit] >>> 0;
          break;
        }
        case 'fault': {
          const gpc = this.guestPcAtHost(hs.hostPc);
          if (gpc === undefined) throw new XlatError(`host fault outside translated code: ${hs.fault.message} (host pc 0x${hs.hostPc.toString(16)})`);
          const blk = this.blockAtHost(hs.hostPc)!;
          this.settleLazyIn(blk, gpc, left);
          this.settleAtFault(blk, gpc);
          const idx = blk.code.pcMap.findIndex((m) => m.guestPc === gpc);
          // The block's count was taken at its entry; the faulting instruction and those after it did not complete.
          this.stats.guestInsns += chunk - left - (blk.code.pcMap.length - idx);
          pc = gpc;
          const f = hs.fault;
          stop = { kind: 'fault', fault: new GuestFault(f.kind, gpc, f.addr, f.access) };
          break;
        }
        case 'budget':
          throw new XlatError('host machine budget stop in translated code');
      }
    }
    this.stats.hostInsns = machine.stats.hostInsns;
    this.stats.indirectLookups = this.memory.dv.getUint32(RUNTIME_BASE + HOST_LAYOUT.INDIRECT_COUNT_OFFSET, true);
    this.pc = pc;
    this.getGuestState(regs);
    return { stop };
  }
}
