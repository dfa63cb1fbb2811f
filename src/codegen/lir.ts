// From an IR block to what instruction selection works on: value nodes (the
// IR's pure ops as trees the patterns match, each with its working width)
// and a list of statements in IR order — guest register reads and writes
// resolved to host homes (a state register or a spill slot), memory
// accesses, guarded ops, and the block-level constructs of the host spec:
// exit stubs, the syscall sequence mapped between the two ABIs, SMC checks
// and fault exits.

import { COMPARISONS } from '../ir/arith.js';
import type { IrBlock, Ty } from '../ir/types.js';
import type { IsaModel } from '../spec/model.js';
import { FAULT_CODES, HOST_LAYOUT, guestSlotHome } from './layout.js';

/** An argument: a value, a constant, a label (code address) or a fixed host register. */
export type Arg = { v: number } | { c: number } | { l: number } | { r: number };

export interface Node {
  /** Pattern op name: const, add, ..., zext, sext, trunc, slice, select, bswap, load8/16/32; leaves: getphys, getspill. */
  op: string;
  /** Working width (the width @N of a pattern matches): the operands' for comparisons, zext/sext and slice; else the result's. */
  w: number;
  /** Result width. */
  ty: number;
  args: Arg[];
  /** Users among live statements and nodes (counted after aliasing). */
  uses: number;
  /** Made by a statement of its own and never folded into a user (loads, guest register reads). */
  leaf: boolean;
  /** Made by a rewrite or a rematerialization: materialized where it is used. */
  inline: boolean;
}

export type LStmt =
  | { s: 'def'; v: number }
  | { s: 'load'; v: number; guard?: number }
  | { s: 'getphys'; v: number; reg: number }
  | { s: 'setphys'; reg: number; v: number }
  | { s: 'store'; w: number; addr: number; val: number; guard?: number }
  | { s: 'br'; sense: boolean; c: number; label: number }
  | { s: 'jump'; label: number }
  | { s: 'label'; label: number; independent: boolean }
  /** A block-level rule (exit_direct, exit_indirect, exit_fault, dispatch, syscall, smc_check, spill_load, spill_store). */
  | { s: 'block'; name: string; args: Arg[]; def?: number; exitTo?: number }
  | { s: 'insn'; pc: number; len: number };

export interface Lir {
  nodes: Node[];
  stmts: LStmt[];
  /** Values that are another value's register (zext, and the like): v -> the value it is. */
  aliasOf: Map<number, number>;
  labels: number;
  /** Spill slots (TEMP_OFFSET + 4 * i) taken for registers saved around a syscall. */
  tempSlots: number;
}

export interface LirOptions {
  smcChecks: boolean;
  /** Count indirect branches in the runtime area (for --stats). */
  countIndirect?: boolean;
  /**
   * The block leaves guest state unwritten that its successors overwrite:
   * it records the count at its exit (mark_lazy) in its word at base + this
   * offset, so that the runtime can tell, on a fault in a successor, that
   * the state is pending (dbt/lazy.ts).
   */
  markLazy?: number;
  /**
   * The block need not check the step budget: it only takes its guest
   * instructions from the count (the host's `charge` rule, when it has one),
   * since every path that can come back to it passes a block that checks
   * (dbt/plan.ts, needsBudgetCheck).
   */
  chargeOnly?: boolean;
}

class LirBuilder {
  nodes: Node[] = [];
  stmts: LStmt[] = [];
  aliasOf = new Map<number, number>();
  labels = 0;
  tempSlots = 0;

  constructor(
    private host: IsaModel,
    private guest: IsaModel,
  ) {}

  label(): number {
    return this.labels++;
  }

  node(n: Omit<Node, 'uses' | 'leaf' | 'inline'> & Partial<Pick<Node, 'leaf' | 'inline'>>, at?: number): number {
    const v = at ?? this.nodes.length;
    this.nodes[v] = { uses: 0, leaf: false, inline: false, ...n };
    return v;
  }

  fresh(n: Omit<Node, 'uses' | 'leaf' | 'inline'> & Partial<Pick<Node, 'leaf' | 'inline'>>): number {
    return this.node(n, this.nodes.length);
  }

  rep(v: number): number {
    let x = v;
    for (let i = 0; i < 64; i++) {
      const a = this.aliasOf.get(x);
      if (a === undefined) return x;
      x = a;
    }
    return x;
  }

  constNode(ty: number, value: number): number {
    const v = this.fresh({ op: 'const', w: ty, ty, args: [{ c: value }] });
    this.stmts.push({ s: 'def', v });
    return v;
  }

  getreg(slot: number, ty: number): number {
    const home = guestSlotHome(this.host, this.guest, slot);
    if ('reg' in home) {
      const v = this.fresh({ op: 'getphys', w: ty, ty, args: [{ r: home.reg }], leaf: true });
      this.stmts.push({ s: 'getphys', v, reg: home.reg });
      return v;
    }
    const v = this.fresh({ op: 'getspill', w: ty, ty, args: [], leaf: true });
    this.stmts.push({ s: 'block', name: 'spill_load', args: [{ c: home.spill }], def: v });
    return v;
  }

  setreg(slot: number, v: number): void {
    const home = guestSlotHome(this.host, this.guest, slot);
    if ('reg' in home) this.stmts.push({ s: 'setphys', reg: home.reg, v });
    else this.stmts.push({ s: 'block', name: 'spill_store', args: [{ v }, { c: home.spill }] });
  }

  tempSlot(): number {
    if (this.tempSlots >= HOST_LAYOUT.TEMP_SLOTS) throw new Error('codegen: out of spill slots');
    return HOST_LAYOUT.TEMP_OFFSET + 4 * this.tempSlots++;
  }

  /** The IR's ops, in order. */
  ops(block: IrBlock, opts: LirOptions, faultStubs: Array<{ label: number; code: number; pc: number }>, smcStubs: Array<{ label: number; next: number }>): void {
    const types = block.types;
    const w = (v: number) => types[v];
    // The SMC check goes at the end of each guest instruction that stores
    // (its setregs done); the block's last instruction is handled at the exit.
    let curPc = block.pc;
    let curLen = 0;
    let stored = false;
    const endInsn = () => {
      if (opts.smcChecks && stored) {
        const label = this.label();
        smcStubs.push({ label, next: (curPc + curLen) >>> 0 });
        this.stmts.push({ s: 'block', name: 'smc_check', args: [{ l: label }] });
      }
      stored = false;
    };
    for (const o of block.ops) {
      switch (o.op) {
        case 'insn':
          endInsn();
          curPc = o.pc;
          curLen = o.len;
          this.stmts.push({ s: 'insn', pc: o.pc, len: o.len });
          break;
        case 'const':
          this.node({ op: 'const', w: o.ty, ty: o.ty, args: [{ c: o.value }] }, o.dst);
          this.stmts.push({ s: 'def', v: o.dst });
          break;
        case 'getreg': {
          const home = guestSlotHome(this.host, this.guest, o.slot);
          if ('reg' in home) {
            this.node({ op: 'getphys', w: o.ty, ty: o.ty, args: [{ r: home.reg }], leaf: true }, o.dst);
            this.stmts.push({ s: 'getphys', v: o.dst, reg: home.reg });
          } else {
            this.node({ op: 'getspill', w: o.ty, ty: o.ty, args: [], leaf: true }, o.dst);
            this.stmts.push({ s: 'block', name: 'spill_load', args: [{ c: home.spill }], def: o.dst });
          }
          break;
        }
        case 'setreg':
          this.setreg(o.slot, o.src);
          break;
        case 'load':
          this.node({ op: `load${o.w}`, w: o.ty, ty: o.ty, args: [{ v: o.addr }], leaf: true }, o.dst);
          this.stmts.push({ s: 'load', v: o.dst, ...(o.guard !== undefined ? { guard: o.guard } : {}) });
          break;
        case 'store':
          this.stmts.push({ s: 'store', w: o.w, addr: o.addr, val: o.src, ...(o.guard !== undefined ? { guard: o.guard } : {}) });
          stored = true;
          break;
        case 'bin':
          this.node({ op: o.kind, w: COMPARISONS.has(o.kind) ? w(o.a) : o.ty, ty: o.ty, args: [{ v: o.a }, { v: o.b }] }, o.dst);
          this.stmts.push({ s: 'def', v: o.dst });
          break;
        case 'un':
          this.node({ op: o.kind, w: o.ty, ty: o.ty, args: [{ v: o.a }] }, o.dst);
          this.stmts.push({ s: 'def', v: o.dst });
          break;
        case 'ext': {
          const from = w(o.a);
          if (!o.signed || from >= 32) {
            // Zero-extended values need no code; a sign extension from 32 bits is the value itself.
            if (o.ty >= from) {
              this.alias(o.dst, o.a, o.ty);
              break;
            }
            this.node({ op: 'trunc', w: o.ty, ty: o.ty, args: [{ v: o.a }] }, o.dst);
          } else this.node({ op: 'sext', w: from, ty: o.ty, args: [{ v: o.a }] }, o.dst);
          this.stmts.push({ s: 'def', v: o.dst });
          break;
        }
        case 'trunc':
          if (o.ty >= w(o.a)) {
            this.alias(o.dst, o.a, o.ty);
            break;
          }
          this.node({ op: 'trunc', w: o.ty, ty: o.ty, args: [{ v: o.a }] }, o.dst);
          this.stmts.push({ s: 'def', v: o.dst });
          break;
        case 'slice':
          if (o.lo === 0 && o.hi >= w(o.a) - 1) {
            this.alias(o.dst, o.a, o.ty);
            break;
          }
          this.node({ op: 'slice', w: w(o.a), ty: o.ty, args: [{ v: o.a }, { c: o.hi }, { c: o.lo }] }, o.dst);
          this.stmts.push({ s: 'def', v: o.dst });
          break;
        case 'select':
          this.node({ op: 'select', w: o.ty, ty: o.ty, args: [{ v: o.c }, { v: o.t }, { v: o.f }] }, o.dst);
          this.stmts.push({ s: 'def', v: o.dst });
          break;
        case 'bswap':
          this.node({ op: 'bswap', w: o.ty, ty: o.ty, args: [{ v: o.a }] }, o.dst);
          this.stmts.push({ s: 'def', v: o.dst });
          break;
        case 'fault': {
          const label = this.label();
          faultStubs.push({ label, code: FAULT_CODES.indexOf(o.kind), pc: o.pc });
          if (o.guard !== undefined) this.stmts.push({ s: 'br', sense: true, c: o.guard, label });
          else this.stmts.push({ s: 'jump', label });
          break;
        }
        case 'fetchfault': {
          const label = this.label();
          faultStubs.push({ label, code: FAULT_CODES.indexOf('fetch'), pc: o.pc });
          this.stmts.push({ s: 'jump', label });
          break;
        }
        case 'syscall':
          this.syscall(o.guard, o.pc);
          break;
      }
    }
    // The last instruction's check is made at the exit, which knows the next pc.
    this.lastStored = opts.smcChecks && stored;
  }

  lastStored = false;

  private alias(dst: number, a: number, ty: number): void {
    // The node exists so that its width is known; its register is a's.
    this.node({ op: 'alias', w: ty, ty, args: [{ v: a }] }, dst);
    this.aliasOf.set(dst, a);
  }

  /**
   * The guest's system call on the host: guest argument registers to the
   * host ABI's, the guest call number mapped to the host's by comparing it
   * with each call both ABIs know (unknown: result -38 without calling), the
   * host call, its result to the guest's result register. Host registers
   * the call clobbers that hold guest state are saved around it.
   */
  private syscall(guard: number | undefined, pc: number): void {
    const h = this.host.host!;
    const hAbi = this.host.abi;
    const gAbi = this.guest.abi;
    const skip = this.label();
    if (guard !== undefined) this.stmts.push({ s: 'br', sense: false, c: guard, label: skip });
    const clobber = new Set([hAbi.syscallNumber, ...hAbi.syscallArgs, hAbi.syscallResult]);
    const homes = new Map<number, number>(); // host register -> guest slot living there
    for (let s = 0; s < this.guest.registers.length && s < h.state.length; s++) homes.set(h.state[s], s);
    const saved = new Map<number, number>(); // host register -> temp spill offset
    for (const r of clobber) {
      if (!homes.has(r)) continue;
      const off = this.tempSlot();
      saved.set(r, off);
      this.stmts.push({ s: 'block', name: 'spill_store', args: [{ r }, { c: off }] });
    }
    // Read a guest slot: from its home, or from where it was saved.
    const read = (slot: number): number => {
      const home = guestSlotHome(this.host, this.guest, slot);
      const ty = Math.min(32, this.guest.registers[slot].bits);
      if ('reg' in home && saved.has(home.reg)) {
        const v = this.fresh({ op: 'getspill', w: ty, ty, args: [], leaf: true });
        this.stmts.push({ s: 'block', name: 'spill_load', args: [{ c: saved.get(home.reg)! }], def: v });
        return v;
      }
      return this.getreg(slot, ty);
    };
    const n = Math.min(gAbi.syscallArgs.length, hAbi.syscallArgs.length);
    for (let i = 0; i < n; i++) this.stmts.push({ s: 'setphys', reg: hAbi.syscallArgs[i], v: read(gAbi.syscallArgs[i]) });
    const num = read(gAbi.syscallNumber);
    const resTy = Math.min(32, this.guest.registers[gAbi.syscallResult].bits) as Ty;
    const pairs = gAbi.calls
      .map((g) => ({ g: g.number, h: hAbi.calls.find((c) => c.name === g.name)?.number }))
      .filter((p): p is { g: number; h: number } => p.h !== undefined);
    const done = this.label();
    const call = this.label();
    const targets = pairs.map(() => this.label());
    pairs.forEach((p, i) => {
      const k = this.fresh({ op: 'const', w: 32, ty: 32, args: [{ c: p.g | 0 }], inline: true });
      const eq = this.fresh({ op: 'eq', w: 32, ty: 1, args: [{ v: num }, { v: k }], inline: true });
      this.stmts.push({ s: 'br', sense: true, c: eq, label: targets[i] });
    });
    // No call both ABIs know: ENOSYS, as the host would say.
    this.setreg(gAbi.syscallResult, this.constNode(resTy, resTy >= 32 ? -38 : (-38 >>> 0) % 2 ** resTy));
    this.stmts.push({ s: 'jump', label: done });
    pairs.forEach((p, i) => {
      this.stmts.push({ s: 'label', label: targets[i], independent: false });
      this.stmts.push({ s: 'setphys', reg: hAbi.syscallNumber, v: this.constNode(32, p.h | 0) });
      if (i < pairs.length - 1) this.stmts.push({ s: 'jump', label: call });
    });
    this.stmts.push({ s: 'label', label: call, independent: false });
    // The exit register names the guest instruction making the call: if it is
    // exit, the runtime reports that pc, as the interpreter does.
    this.stmts.push({ s: 'setphys', reg: this.host.host!.exit, v: this.constNode(32, pc | 0) });
    this.stmts.push({ s: 'block', name: 'syscall', args: [] });
    const res = this.fresh({ op: 'getphys', w: resTy, ty: resTy, args: [{ r: hAbi.syscallResult }], leaf: true });
    this.stmts.push({ s: 'getphys', v: res, reg: hAbi.syscallResult });
    this.setreg(gAbi.syscallResult, res);
    this.stmts.push({ s: 'label', label: done, independent: false });
    const resHome = guestSlotHome(this.host, this.guest, gAbi.syscallResult);
    for (const [r, off] of saved) {
      if ('reg' in resHome && resHome.reg === r) continue;
      const v = this.fresh({ op: 'getspill', w: 32, ty: 32, args: [], leaf: true });
      this.stmts.push({ s: 'block', name: 'spill_load', args: [{ c: off }], def: v });
      this.stmts.push({ s: 'setphys', reg: r, v });
    }
    this.stmts.push({ s: 'label', label: skip, independent: false });
  }

  /** The block's exit; with SMC checks after a last instruction that stored, a check first and an unchained way out. */
  exit(block: IrBlock, opts: LirOptions): void {
    const x = block.exit;
    const h = this.host.host!;
    if (opts.markLazy !== undefined && (x.kind === 'direct' || x.kind === 'branch')) this.stmts.push({ s: 'block', name: 'mark_lazy', args: [{ c: opts.markLazy }] });
    const flagged = this.lastStored ? this.label() : -1;
    if (flagged >= 0) this.stmts.push({ s: 'block', name: 'smc_check', args: [{ l: flagged }] });
    const direct = (pc: number) => this.stmts.push({ s: 'block', name: 'exit_direct', args: [{ c: pc | 0 }], exitTo: pc >>> 0 });
    const unchained = (pc: number) => {
      this.stmts.push({ s: 'setphys', reg: h.exit, v: this.constNode(32, pc | 0) });
      this.stmts.push({ s: 'block', name: 'dispatch', args: [] });
    };
    switch (x.kind) {
      case 'direct':
      case 'syscall':
        direct(x.pc);
        if (flagged >= 0) {
          this.stmts.push({ s: 'label', label: flagged, independent: true });
          unchained(x.pc);
        }
        break;
      case 'branch': {
        if ((x.taken >>> 0) === (x.fallthrough >>> 0)) {
          direct(x.taken);
          if (flagged >= 0) {
            this.stmts.push({ s: 'label', label: flagged, independent: true });
            unchained(x.taken);
          }
          break;
        }
        const taken = this.label();
        this.stmts.push({ s: 'br', sense: true, c: x.cond, label: taken });
        direct(x.fallthrough);
        this.stmts.push({ s: 'label', label: taken, independent: true });
        direct(x.taken);
        if (flagged >= 0) {
          const t2 = this.label();
          this.stmts.push({ s: 'label', label: flagged, independent: false });
          this.stmts.push({ s: 'br', sense: true, c: x.cond, label: t2 });
          unchained(x.fallthrough);
          this.stmts.push({ s: 'label', label: t2, independent: true });
          unchained(x.taken);
        }
        break;
      }
      case 'indirect':
        if (opts.countIndirect) this.stmts.push({ s: 'block', name: 'count_indirect', args: [] });
        this.stmts.push({ s: 'block', name: 'exit_indirect', args: [{ v: x.target }] });
        if (flagged >= 0) {
          this.stmts.push({ s: 'label', label: flagged, independent: false });
          this.stmts.push({ s: 'setphys', reg: h.exit, v: x.target });
          this.stmts.push({ s: 'block', name: 'dispatch', args: [] });
        }
        break;
    }
  }

  /** Out-of-line stubs: fault exits and the exits of mid-block SMC checks. */
  stubs(faultStubs: Array<{ label: number; code: number; pc: number }>, smcStubs: Array<{ label: number; next: number }>): void {
    for (const f of faultStubs) {
      this.stmts.push({ s: 'label', label: f.label, independent: true });
      this.stmts.push({ s: 'block', name: 'exit_fault', args: [{ c: f.code }, { c: f.pc | 0 }] });
    }
    const h = this.host.host!;
    for (const s of smcStubs) {
      this.stmts.push({ s: 'label', label: s.label, independent: true });
      this.stmts.push({ s: 'setphys', reg: h.exit, v: this.constNode(32, s.next | 0) });
      this.stmts.push({ s: 'block', name: 'dispatch', args: [] });
    }
  }

  /** Users of each value among what is live: statements, and the nodes they reach. */
  countUses(): void {
    for (const n of this.nodes) if (n) n.uses = 0;
    const seen = new Uint8Array(this.nodes.length);
    const visit = (v0: number) => {
      const v = this.rep(v0);
      const n = this.nodes[v];
      n.uses++;
      if (seen[v]) return;
      seen[v] = 1;
      for (const a of n.args) if ('v' in a) visit(a.v);
    };
    for (const st of this.stmts) {
      switch (st.s) {
        case 'load':
          visit(st.v);
          this.nodes[this.rep(st.v)].uses--; // the statement defines it, it does not use it
          if (st.guard !== undefined) visit(st.guard);
          break;
        case 'setphys':
          visit(st.v);
          break;
        case 'store':
          visit(st.addr);
          visit(st.val);
          if (st.guard !== undefined) visit(st.guard);
          break;
        case 'br':
          visit(st.c);
          break;
        case 'block':
          for (const a of st.args) if ('v' in a) visit(a.v);
          break;
        default:
          break;
      }
    }
  }
}

export function buildLir(host: IsaModel, guest: IsaModel, block: IrBlock, opts: LirOptions): Lir {
  const b = new LirBuilder(host, guest);
  b.nodes = new Array(block.nextValue);
  const faultStubs: Array<{ label: number; code: number; pc: number }> = [];
  const smcStubs: Array<{ label: number; next: number }> = [];
  // The step budget: a block takes its guest instructions from the count at
  // its entry, and leaves before doing anything if that leaves it negative.
  const charge = opts.chargeOnly === true && block.insns > 0 && host.host!.rules.some((r) => r.name === 'charge');
  if (charge) b.stmts.push({ s: 'block', name: 'charge', args: [{ c: block.insns }] });
  const budget = block.insns > 0 && !charge ? b.label() : -1;
  if (budget >= 0) b.stmts.push({ s: 'block', name: 'count', args: [{ c: block.insns }, { l: budget }] });
  b.ops(block, opts, faultStubs, smcStubs);
  b.exit(block, opts);
  b.stubs(faultStubs, smcStubs);
  if (budget >= 0) {
    b.stmts.push({ s: 'label', label: budget, independent: true });
    b.stmts.push({ s: 'block', name: 'exit_budget', args: [{ c: block.pc | 0 }] });
  }
  for (let v = 0; v < b.nodes.length; v++) {
    if (!b.nodes[v]) b.nodes[v] = { op: 'undef', w: 32, ty: 32, args: [], uses: 0, leaf: true, inline: false };
  }
  b.countUses();
  return { nodes: b.nodes, stmts: b.stmts, aliasOf: b.aliasOf, labels: b.labels, tempSlots: b.tempSlots };
}
