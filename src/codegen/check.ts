// checkRules: every lowering rule run on random values against what its
// pattern means. A rule's template is assembled (with registers chosen for
// its holes), executed instruction by instruction with the interpreter's
// handlers for the host spec, and its result compared with the IR's
// arithmetic (src/ir/arith.ts) on the same operands; block-level rules are
// checked against what the runtime expects of them (where they jump, what
// they leave in the exit and link registers). Each rule must also leave
// every register it does not own unchanged, and give the same result when
// {d} shares a register with an operand the code generator thinks it may.

import { HostMachine } from '../host/index.js';
import { GuestFault, MemFault } from '../interp/fault.js';
import { Memory, PERM_R, PERM_W, PERM_X } from '../interp/memory.js';
import { COMPARISONS, evalBin, evalBswap, evalExt, evalSlice, evalUn, norm } from '../ir/arith.js';
import type { BinOp, IsaModel, LowerPattern, LowerRule, UnOp } from '../spec/model.js';
import { LOWER_SIGNATURES } from '../spec/lower-signatures.js';
import { encodeTemplate, templateSize, type Env } from './encode.js';
import { evalHostExpr } from './hexpr.js';
import { FAULT_CODES, HOST_LAYOUT, layoutValue } from './layout.js';
import { hostInfo, type HostInfo } from './rules.js';

export interface CheckOptions {
  /** Random cases per rule (default 200). */
  trials?: number;
  seed?: number;
}

// Code runs on a HostMachine; every way out of a template is a page-zero
// address (a runtime service to the machine): its labels, the address after
// it (a jump there is appended), DISPATCH and FAULT.
const CODE = 0x2000;
const LABELS = 0x100;
const FALL = 0x800;
const CHAIN_TARGETS = 0x900;
const TABLE_TARGETS = 0xa00;
const DATA = 0x20000;
const DATA_SIZE = 0x1000;
const BASE = 0x30000;

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0, 1, 2, 3, 4, 7, 8, 15, 16, 24, 31, 32, 33, 127, 128, 255, 256, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0xffffff00, 0xffff8000, 0x12340000];

const BIN: ReadonlySet<string> = new Set([
  'add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr', 'sar', 'rol', 'ror', 'eq', 'ne', 'ltu', 'lts', 'leu', 'les', 'gtu', 'gts',
  'geu', 'ges', 'divu', 'divs', 'remu', 'rems', 'mulhu', 'mulhs', 'land', 'lor',
]);
const DIV: ReadonlySet<string> = new Set(['divu', 'divs', 'remu', 'rems']);

class OutOfDomain extends Error {}

interface Trial {
  /** Width chosen for each op node of the pattern. */
  widths: Map<LowerPattern, number>;
  /** Register variables: value and width. */
  regs: Map<string, { v: number; ty: number }>;
  /** Constant variables. */
  consts: Map<string, number>;
  labels: Map<string, number>;
}

class Checker {
  private countBefore = 0;
  private rand: () => number;
  private mem: Memory;
  private machine: HostMachine;
  private syscalls = 0;
  private nregs: number;
  private pool: number[];
  private dataBuf = new Uint8Array(DATA_SIZE);
  /** The IR's view of memory: the data area only. */
  private expectMem: Memory;
  private areaBuf = new Uint8Array(HOST_LAYOUT.AREA_SIZE);

  constructor(
    private isa: IsaModel,
    private info: HostInfo,
    seed: number,
  ) {
    this.rand = rng(seed);
    this.mem = new Memory(isa.endian, 0x40000);
    this.mem.map(CODE, 0x2000, PERM_R | PERM_X);
    this.mem.map(DATA, DATA_SIZE, PERM_R | PERM_W);
    this.mem.map(BASE, HOST_LAYOUT.AREA_SIZE, PERM_R | PERM_W);
    this.expectMem = new Memory(isa.endian, DATA + DATA_SIZE);
    this.expectMem.map(DATA, DATA_SIZE, PERM_R | PERM_W);
    this.machine = new HostMachine(isa, this.mem, () => (this.syscalls++, false), { engine: 'interp', count: true });
    this.nregs = isa.registers.length;
    for (let i = 0; i < DATA_SIZE; i++) this.dataBuf[i] = this.int(256);
    for (let i = 0; i < this.areaBuf.length; i++) this.areaBuf[i] = this.int(256);
    const h = info.host;
    const roles = new Set([h.base, h.exit, h.link, h.count]);
    const others = isa.registers.filter((r) => r.file !== undefined && !r.zero && !roles.has(r.slot) && !r.flag).map((r) => r.slot);
    this.pool = [...h.temps, ...others.filter((s) => !h.temps.includes(s))];
  }

  private int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  private value(ty: number): number {
    const r = this.rand();
    let x: number;
    if (r < 0.3) x = INTERESTING[this.int(INTERESTING.length)];
    else if (r < 0.45) x = this.int(20) - 10;
    else x = (this.int(0x10000) * 0x10000 + this.int(0x10000)) >>> 0;
    return norm(x, ty);
  }

  // ---- sampling a pattern's variables ----

  private sampleRoot(p: Extract<LowerPattern, { k: 'op' }>, t: Trial): void {
    const W = this.widthOf(p, undefined);
    t.widths.set(p, W);
    const tys = argTypes(p.op, W);
    if (p.op === 'slice') {
      this.sample(p, W, t);
      return;
    }
    p.args.forEach((a, i) => this.sample(a, tys[i], t));
  }

  private sample(p: LowerPattern, ty: number, t: Trial): void {
    switch (p.k) {
      case 'reg':
        // A variable that appears twice is one value.
        if (!t.regs.has(p.name)) t.regs.set(p.name, { v: this.value(ty), ty });
        return;
      case 'const':
        t.consts.set(p.name, this.value(ty));
        return;
      case 'label':
        t.labels.set(p.name, LABELS + 0x40 * t.labels.size);
        return;
      case 'op': {
        const W = this.widthOf(p, ty);
        t.widths.set(p, W);
        const tys = argTypes(p.op, W);
        if (p.op === 'slice') {
          this.sample(p.args[0], W, t);
          const pick = () => [0, 7, 8, 15, 16, 23, 24, 31][this.int(8)] % W;
          let hi = this.rand() < 0.3 ? W - 1 : pick();
          let lo = this.rand() < 0.3 ? hi : this.rand() < 0.3 ? 0 : pick();
          if (this.rand() < 0.2) lo = Math.max(0, hi - 7);
          if (lo > hi) [lo, hi] = [hi, lo];
          // Nested, a slice has the width its user's operand has.
          if (t.widths.size > 1 && ty <= W && ty !== W) {
            lo = this.int(W - ty + 1);
            hi = lo + ty - 1;
          }
          const [ph, pl] = [p.args[1], p.args[2]] as Array<{ name: string }>;
          t.consts.set(ph.name, hi);
          t.consts.set(pl.name, lo);
          return;
        }
        p.args.forEach((a, i) => this.sample(a, tys[i], t));
        return;
      }
    }
  }

  /**
   * The working width of an op node: as written, or for @* one at random —
   * one whose result has the width the parent's operand has (`ty`; the root
   * takes any), since IR ops are typed.
   */
  private widthOf(p: Extract<LowerPattern, { k: 'op' }>, ty: number | undefined): number {
    if (!LOWER_SIGNATURES[p.op]?.width) return 32;
    if (p.width !== '*') return p.width ?? 32;
    const ws = p.op === 'bswap' ? [16, 32] : [1, 8, 16, 32];
    const fixedResult = COMPARISONS.has(p.op as BinOp) || p.op === 'zext' || p.op === 'sext' || p.op === 'slice';
    if (ty !== undefined && !fixedResult && ws.includes(ty)) return ty;
    return ws[this.int(ws.length)];
  }

  /** The IR's value of a pattern node; throws OutOfDomain for a division by zero. */
  private evalP(p: LowerPattern, t: Trial, mem: Memory): { v: number; ty: number } {
    switch (p.k) {
      case 'reg':
        return t.regs.get(p.name)!;
      case 'const':
        return { v: t.consts.get(p.name)!, ty: 32 };
      case 'label':
        return { v: t.labels.get(p.name)!, ty: 32 };
      case 'op': {
        const W = t.widths.get(p)!;
        const a = () => this.evalP(p.args[0], t, mem).v;
        const b = () => this.evalP(p.args[1], t, mem).v;
        if (BIN.has(p.op)) {
          const x = a();
          const y = b();
          if (DIV.has(p.op) && y === 0) throw new OutOfDomain();
          if (COMPARISONS.has(p.op as BinOp)) return { v: evalBin(p.op as BinOp, 1, x, y, W), ty: 1 };
          return { v: evalBin(p.op as BinOp, W, x, y, W), ty: W };
        }
        switch (p.op) {
          case 'neg':
          case 'not':
          case 'lnot':
            return { v: evalUn(p.op as UnOp, W, a()), ty: W };
          case 'const':
            return { v: norm(t.consts.get((p.args[0] as { name: string }).name)!, W), ty: W };
          case 'zext':
            return { v: evalExt(a(), W, 32, false), ty: 32 };
          case 'sext':
            return { v: evalExt(a(), W, 32, true), ty: 32 };
          case 'trunc':
            return { v: norm(a(), W), ty: W };
          case 'slice': {
            const hi = t.consts.get((p.args[1] as { name: string }).name)!;
            const lo = t.consts.get((p.args[2] as { name: string }).name)!;
            return { v: evalSlice(a(), hi, lo), ty: hi - lo + 1 };
          }
          case 'select': {
            const c = a();
            return { v: c !== 0 ? b() : this.evalP(p.args[2], t, mem).v, ty: W };
          }
          case 'bswap':
            return { v: evalBswap(a(), W as 16 | 32), ty: W };
          case 'load8':
            return { v: mem.load8(a()), ty: 8 };
          case 'load16':
            return { v: mem.load16(a()), ty: 16 };
          case 'load32':
            return { v: mem.load32(a()), ty: 32 };
        }
        throw new Error(`internal: checker cannot evaluate ${p.op}`);
      }
    }
  }

  // ---- running a template ----

  /** Assemble a rule at CODE with these registers and values; returns the code's length. */
  private assemble(r: LowerRule, regs: Map<string, number>, vals: Map<string, number>): number {
    const labels = new Map<string, number>();
    const env: Env = {
      reg: (h) => {
        const x = regs.get(h);
        if (x === undefined) throw new Error(`no register for {${h}}`);
        return x;
      },
      value: (n) => vals.get(n) ?? labels.get(n) ?? layoutValue(n),
    };
    // Two passes: local labels, then the bytes.
    for (let pass = 0; pass < 3; pass++) {
      let addr = CODE;
      for (const t of r.insns) {
        if (t.label !== undefined) labels.set(t.label, addr);
        addr += templateSize(this.isa, t, env, addr);
      }
    }
    let addr = CODE;
    for (const t of r.insns) {
      for (const b of encodeTemplate(this.isa, t, env, addr)) {
        this.mem.writeBytes(addr, b);
        addr += b.length;
      }
    }
    const len = addr - CODE;
    // Falling off the end: a jump to FALL.
    const j = this.info.byName.get('jump')?.[0];
    if (!j) throw new Error('no jump rule');
    const jl = (j.pattern.args[0] as { name: string }).name;
    const jenv: Env = { reg: () => 0, value: (n) => (n === jl ? FALL : layoutValue(n)) };
    for (const t of j.insns) {
      for (const b of encodeTemplate(this.isa, t, jenv, addr)) {
        this.mem.writeBytes(addr, b);
        addr += b.length;
      }
    }
    this.machine.flush(CODE, addr - CODE);
    return len;
  }

  /** Run the code at CODE until it reaches page zero; returns where (or the fault). */
  private run(R: Int32Array): { pc: number } | { fault: GuestFault } {
    this.machine.regs.set(R.subarray(0, this.machine.regs.length));
    const stop = this.machine.run(CODE, 1000);
    R.set(this.machine.regs);
    switch (stop.kind) {
      case 'service':
        return { pc: stop.pc };
      case 'fault':
        return { fault: stop.fault };
      case 'budget':
        throw new Error('host code does not leave the template (a loop?)');
      case 'exit':
        throw new Error('host code exited');
    }
  }

  // ---- one rule ----

  check(r: LowerRule, trials: number, problems: string[]): void {
    const sig = LOWER_SIGNATURES[r.name];
    const facts = this.info.facts.get(r)!;
    const h = this.info.host;
    const fail = (msg: string): void => {
      problems.push(`${r.where}: ${r.name}: ${msg}`);
    };
    // Templates may write {d}, temps and, leaving a block, exit and link; nothing else.
    const mayWrite = new Set(['d', ...Array.from({ length: r.temps }, (_, i) => `t${i}`)]);
    if (r.name.startsWith('exit_') || r.name === 'dispatch') {
      mayWrite.add('exit');
      mayWrite.add('link');
    }
    if (r.name === 'count' || r.name === 'charge') mayWrite.add('count');
    for (const w of facts.writes) if (!mayWrite.has(w)) return fail(`its template writes {${w}}`);
    const abi = this.isa.abi;
    const sysClobber = new Set([abi.syscallNumber, ...abi.syscallArgs, abi.syscallResult]);
    for (const s of facts.fixedWrites) {
      if (r.name === 'syscall' && sysClobber.has(s)) continue;
      return fail(`its template writes ${this.isa.registers[s].name}, which it does not own`);
    }
    let applied = 0;
    let reported = 0;
    for (let k = 0; k < trials * 20 && applied < trials && reported < 3; k++) {
      const t: Trial = { widths: new Map(), regs: new Map(), consts: new Map(), labels: new Map() };
      this.sampleRoot(r.pattern, t);
      this.blockConsts(r, t);
      const guardOk = (x: number) => x !== undefined && x !== 0;
      if (r.guard && !guardOk(evalHostExpr(r.guard, (n) => t.consts.get(n) ?? layoutValue(n))!)) continue;
      // Addresses of memory patterns land in the data area.
      if (r.name.startsWith('load') || r.name.startsWith('store')) this.placeAddress(r.pattern.args[0], t);
      const err = this.trial(r, t, sig?.value ?? false, undefined);
      if (err === 'skip') continue;
      applied++;
      if (err) {
        fail(err);
        reported++;
        continue;
      }
      // {d} in an operand's register, where the code generator allows it.
      for (const v of facts.aliasSafe) {
        if (!t.regs.has(v) || !sig?.value || r.alias !== undefined) continue;
        const e2 = this.trial(r, t, true, v);
        if (e2 && e2 !== 'skip') {
          fail(`with {d} = {${v}}: ${e2}`);
          reported++;
        }
      }
    }
    if (applied === 0 && reported === 0) fail(`its guard held for none of ${trials * 20} random cases`);
    void h;
  }

  /** Constants of block-level rules: in the ranges the code generator uses. */
  private blockConsts(r: LowerRule, t: Trial): void {
    const name = (i: number) => (r.pattern.args[i] as { name: string }).name;
    switch (r.name) {
      case 'spill_load':
        t.consts.set(name(0), HOST_LAYOUT.SPILL_OFFSET + 4 * this.int(HOST_LAYOUT.SPILL_SLOTS));
        break;
      case 'spill_store':
        t.consts.set(name(1), HOST_LAYOUT.TEMP_OFFSET + 4 * this.int(HOST_LAYOUT.TEMP_SLOTS));
        break;
      case 'mark_lazy':
        t.consts.set(name(0), HOST_LAYOUT.LAZY_OFFSET + 4 * this.int(HOST_LAYOUT.LAZY_SLOTS));
        break;
      case 'exit_direct':
        t.consts.set(name(0), this.int(0x40000000));
        break;
      case 'exit_budget':
        t.consts.set(name(0), this.int(0x40000000));
        break;
      case 'count':
      case 'charge':
        t.consts.set(name(0), 1 + this.int(64));
        break;
      case 'exit_fault':
        t.consts.set(name(0), this.int(FAULT_CODES.length));
        t.consts.set(name(1), this.int(0x40000000));
        break;
      case 'chain':
        t.consts.set(name(0), CHAIN_TARGETS + 4 * this.int(0x40));
        break;
      case 'exit_indirect': {
        const g = r.pattern.args[0] as { name: string };
        t.regs.set(g.name, { v: this.int(0x40000000), ty: 32 });
        break;
      }
    }
  }

  /** Make the address argument of a memory pattern land in the data area (solving for its one register). */
  private placeAddress(p: LowerPattern, t: Trial): void {
    const vars: string[] = [];
    const collect = (q: LowerPattern) => {
      if (q.k === 'reg') vars.push(q.name);
      else if (q.k === 'op') q.args.forEach(collect);
    };
    collect(p);
    if (vars.length !== 1) return;
    const target = DATA + 8 + this.int(DATA_SIZE - 16);
    t.regs.set(vars[0], { v: 0, ty: 32 });
    let base: number;
    try {
      base = this.evalP(p, t, this.mem).v;
    } catch {
      return;
    }
    t.regs.set(vars[0], { v: (target - base) | 0, ty: 32 });
  }

  /** One run; an error message, 'skip' (out of the IR's domain), or undefined. */
  private trial(r: LowerRule, t: Trial, value: boolean, dAlias: string | undefined): string | 'skip' | undefined {
    const h = this.info.host;
    const R = new Int32Array(this.nregs);
    for (let i = 0; i < this.nregs; i++) R[i] = this.isa.registers[i].zero ? 0 : (this.int(0x10000) * 0x10000 + this.int(0x10000)) | 0;
    R[h.base] = BASE;
    // Registers for the holes: pattern registers, d, temps; roles are fixed.
    const regs = new Map<string, number>([
      ['exit', h.exit],
      ['link', h.link],
      ['base', h.base],
      ['count', h.count],
    ]);
    const budget = [0, 1, 5, 64, 65, 1000, 0x3fffffff, -1][this.int(8)] + this.int(3) - 1;
    R[h.count] = budget;
    let next = 0;
    const take = () => {
      if (next >= this.pool.length) throw new Error('not enough registers to check a rule');
      return this.pool[next++];
    };
    for (const [name, x] of t.regs) {
      const reg = take();
      regs.set(name, reg);
      R[reg] = x.v;
    }
    if (value && r.alias === undefined) regs.set('d', dAlias !== undefined ? regs.get(dAlias)! : take());
    for (let i = 0; i < r.temps; i++) regs.set(`t${i}`, take());
    // Memory: random data, a table entry for exit_indirect, a flag word for smc_check.
    const data = this.dataBuf;
    this.mem.writeBytes(DATA, data);
    this.mem.writeBytes(BASE, this.areaBuf);
    for (let i = 0; i < 16; i++) this.mem.store8(DATA + this.int(DATA_SIZE), this.int(256));
    this.mem.store32(BASE + HOST_LAYOUT.SPILL_OFFSET + 4 * this.int(HOST_LAYOUT.SPILL_SLOTS), this.value(32));
    const flag = this.rand() < 0.5 ? 0 : 1 + this.int(1000);
    const hit = this.rand() < 0.5;
    const hostTarget = TABLE_TARGETS + 4 * this.int(0x40);
    if (r.name === 'smc_check') this.mem.store32(BASE + HOST_LAYOUT.FLAG_OFFSET, flag);
    if (r.name === 'count_indirect') {
      this.countBefore = this.int(0x10000);
      this.mem.store32(BASE + HOST_LAYOUT.INDIRECT_COUNT_OFFSET, this.countBefore);
    }
    if (r.name === 'exit_indirect') {
      const g = t.regs.get((r.pattern.args[0] as { name: string }).name)!.v;
      const entry = BASE + HOST_LAYOUT.TABLE_OFFSET + HOST_LAYOUT.TABLE_ENTRY_SIZE * (g & (HOST_LAYOUT.TABLE_ENTRIES - 1));
      this.mem.store32(entry, hit ? g : g ^ 0x10000);
      this.mem.store32(entry + 4, hostTarget);
    }
    // The IR's expectation, on a copy of memory.
    let expect: { v: number; ty: number } | undefined;
    const before = new Int32Array(R);
    const expectMem = this.expectMem;
    expectMem.writeBytes(DATA, this.mem.readBytes(DATA, DATA_SIZE));
    let expectFault = false;
    try {
      if (value && r.name !== 'move' && r.name !== 'spill_load') expect = this.evalP(r.pattern, t, expectMem);
      if (r.name.startsWith('store')) {
        const w = Number(r.name.slice(5));
        const addr = this.evalP(r.pattern.args[0], t, expectMem).v;
        const v = this.evalP(r.pattern.args[1], t, expectMem).v;
        if (w === 8) expectMem.store8(addr, v);
        else if (w === 16) expectMem.store16(addr, v);
        else expectMem.store32(addr, v);
      }
    } catch (e) {
      if (e instanceof OutOfDomain) return 'skip';
      if (e instanceof MemFault) expectFault = true;
      else throw e;
    }
    const vals = new Map<string, number>(t.consts);
    for (const [k, l] of t.labels) vals.set(k, l);
    vals.set('self', CODE);
    let len: number;
    try {
      len = this.assemble(r, regs, vals);
    } catch (e) {
      return `cannot be encoded: ${(e as Error).message}`;
    }
    this.syscalls = 0;
    const res = this.run(R);
    const desc = () =>
      [...t.regs].map(([k, x]) => `${k}=0x${(x.v >>> 0).toString(16)}:i${x.ty}`).concat([...t.consts].map(([k, c]) => `${k}=${c | 0}`)).join(' ');
    if ('fault' in res) {
      if (expectFault) return undefined;
      return `faults (${res.fault.message}) for ${desc()}`;
    }
    if (expectFault) return `does not fault where the IR does, for ${desc()}`;
    const d = r.alias !== undefined ? regs.get(r.alias) : regs.get('d');
    // Registers it does not own are unchanged.
    const own = new Set<number>([...(r.temps ? Array.from({ length: r.temps }, (_, i) => regs.get(`t${i}`)!) : [])]);
    if (d !== undefined && r.alias === undefined) own.add(d);
    if (r.name.startsWith('exit_') || r.name === 'dispatch') {
      own.add(h.exit);
      own.add(h.link);
    }
    if (r.name === 'count' || r.name === 'charge') own.add(h.count);
    if (r.name === 'syscall') {
      const abi = this.isa.abi;
      for (const s of [abi.syscallNumber, ...abi.syscallArgs, abi.syscallResult]) own.add(s);
    }
    for (let i = 0; i < this.nregs; i++) {
      if (own.has(i) || this.isa.registers[i].zero) continue;
      if (R[i] !== before[i]) return `changes ${this.isa.registers[i].name}, which it does not own, for ${desc()}`;
    }
    const label = (name: string) => t.labels.get(name);
    const fellThrough = res.pc === FALL;
    void len;
    const hex = (x: number) => `0x${(x >>> 0).toString(16)}`;
    switch (r.name) {
      case 'br_true':
      case 'br_false': {
        let c: number;
        try {
          c = this.evalP(r.pattern.args[0], t, expectMem).v;
        } catch (e) {
          if (e instanceof OutOfDomain) return 'skip';
          throw e;
        }
        const taken = (c !== 0) === (r.name === 'br_true');
        const l = label((r.pattern.args[1] as { name: string }).name)!;
        if (taken && res.pc !== l) return `does not branch for ${desc()}`;
        if (!taken && !fellThrough) return `branches (to ${hex(res.pc)}) for ${desc()}`;
        return undefined;
      }
      case 'jump':
        return res.pc === label((r.pattern.args[0] as { name: string }).name) ? undefined : 'does not jump to its label';
      case 'smc_check': {
        const l = label((r.pattern.args[0] as { name: string }).name)!;
        if (flag !== 0 && res.pc !== l) return 'does not branch when the flag is set';
        if (flag === 0 && !fellThrough) return 'branches when the flag is clear';
        return undefined;
      }
      case 'chain': {
        const target = t.consts.get((r.pattern.args[0] as { name: string }).name)!;
        return res.pc === target ? undefined : `goes to ${hex(res.pc)}, not ${hex(target)}`;
      }
      case 'exit_direct': {
        const g = t.consts.get((r.pattern.args[0] as { name: string }).name)!;
        if (res.pc !== HOST_LAYOUT.DISPATCH) return `goes to ${hex(res.pc)}, not DISPATCH`;
        if (R[h.exit] >>> 0 !== g >>> 0) return `leaves exit = ${hex(R[h.exit])}, not ${hex(g)}`;
        if (R[h.link] >>> 0 !== CODE) return `leaves link = ${hex(R[h.link])}, not its own address ${hex(CODE)}`;
        return undefined;
      }
      case 'count': {
        const n = t.consts.get((r.pattern.args[0] as { name: string }).name)!;
        const l = label((r.pattern.args[1] as { name: string }).name)!;
        const left = (budget - n) | 0;
        if (R[h.count] !== left) return `leaves count = ${R[h.count]}, not ${budget} - ${n}`;
        if (left < 0 && res.pc !== l) return `does not branch when the count goes negative (${budget} - ${n})`;
        if (left >= 0 && !fellThrough) return `branches when the count is ${left}`;
        return undefined;
      }
      case 'charge': {
        const n = t.consts.get((r.pattern.args[0] as { name: string }).name)!;
        if (R[h.count] !== ((budget - n) | 0)) return `leaves count = ${R[h.count]}, not ${budget} - ${n}`;
        if (!fellThrough) return 'does not fall through';
        return undefined;
      }
      case 'exit_budget': {
        const g = t.consts.get((r.pattern.args[0] as { name: string }).name)!;
        if (res.pc !== HOST_LAYOUT.BUDGET) return `goes to ${hex(res.pc)}, not BUDGET`;
        if (R[h.exit] >>> 0 !== g >>> 0) return `leaves exit = ${hex(R[h.exit])}, not ${hex(g)}`;
        return undefined;
      }
      case 'mark_lazy': {
        const word = this.mem.load32(BASE + t.consts.get((r.pattern.args[0] as { name: string }).name)!);
        if (word !== R[h.count]) return `leaves ${word} at LAZY_OFFSET, not the count ${R[h.count]}`;
        if (!fellThrough) return 'does not fall through';
        return undefined;
      }
      case 'count_indirect': {
        const was = this.countBefore;
        const now = this.mem.load32(BASE + HOST_LAYOUT.INDIRECT_COUNT_OFFSET);
        if (now !== ((was + 1) | 0)) return `leaves the counter at ${now}, not ${was} + 1`;
        if (!fellThrough) return 'does not fall through';
        return undefined;
      }
      case 'dispatch':
        if (res.pc !== HOST_LAYOUT.DISPATCH) return `goes to ${hex(res.pc)}, not DISPATCH`;
        if (R[h.link] !== 0) return 'leaves link non-zero';
        if (R[h.exit] !== before[h.exit]) return 'changes the exit register';
        return undefined;
      case 'exit_fault': {
        const kind = t.consts.get((r.pattern.args[0] as { name: string }).name)!;
        const pc = t.consts.get((r.pattern.args[1] as { name: string }).name)!;
        if (res.pc !== HOST_LAYOUT.FAULT) return `goes to ${hex(res.pc)}, not FAULT`;
        if (R[h.exit] >>> 0 !== pc >>> 0 || R[h.link] !== kind) return 'leaves the wrong pc or kind';
        return undefined;
      }
      case 'exit_indirect': {
        const g = t.regs.get((r.pattern.args[0] as { name: string }).name)!.v;
        if (hit) return res.pc === hostTarget ? undefined : `misses a table entry that matches (went to ${hex(res.pc)})`;
        if (res.pc !== HOST_LAYOUT.DISPATCH) return `goes to ${hex(res.pc)} on a miss, not DISPATCH`;
        if (R[h.exit] >>> 0 !== g >>> 0 || R[h.link] !== 0) return 'leaves the wrong exit or link on a miss';
        return undefined;
      }
      case 'syscall':
        return this.syscalls === 1 && fellThrough ? undefined : 'does not make exactly one system call';
      case 'move':
        return R[d!] === (t.regs.get((r.pattern.args[0] as { name: string }).name)!.v | 0) ? undefined : `moves wrongly for ${desc()}`;
      case 'spill_load': {
        const off = t.consts.get((r.pattern.args[0] as { name: string }).name)!;
        return R[d!] === this.mem.load32(BASE + off) ? undefined : 'loads the wrong word';
      }
      case 'spill_store': {
        const off = t.consts.get((r.pattern.args[1] as { name: string }).name)!;
        const v = t.regs.get((r.pattern.args[0] as { name: string }).name)!.v;
        return this.mem.load32(BASE + off) === (v | 0) ? undefined : 'stores the wrong word';
      }
    }
    if (!fellThrough) return `leaves its template (to ${hex(res.pc)}) for ${desc()}`;
    if (r.name.startsWith('store')) {
      const got = this.mem.readBytes(DATA, DATA_SIZE);
      const want = expectMem.readBytes(DATA, DATA_SIZE);
      for (let i = 0; i < DATA_SIZE; i++) {
        if (got[i] !== want[i]) return `memory at ${hex(DATA + i)} is ${got[i]}, not ${want[i]}, for ${desc()}`;
      }
      return undefined;
    }
    if (expect && d !== undefined) {
      const want = expect.ty >= 32 ? expect.v | 0 : expect.v >>> 0;
      const got = expect.ty >= 32 ? R[d] | 0 : R[d] >>> 0;
      if (got !== want) return `gives ${hex(got)}, not ${hex(want)} (i${expect.ty}), for ${desc()}`;
    }
    return undefined;
  }
}

/** Operand widths of an op at working width W (the first argument's width for comparisons and extensions). */
function argTypes(op: string, W: number): number[] {
  switch (op) {
    case 'select':
      return [1, W, W];
    case 'trunc':
      return [32];
    case 'br_true':
    case 'br_false':
      return [1, 32];
    case 'move':
    case 'exit_indirect':
      return [32];
    case 'spill_store':
      return [32, 32];
    default:
      if (op.startsWith('load')) return [32];
      if (op.startsWith('store')) return [32, 32];
      return [W, W, W];
  }
}

/**
 * Check every lowering rule of a host spec on random values: problems, one
 * line each (empty when every rule computes what its pattern means). Also
 * names IR ops at 32 bits that no rule takes without a guard.
 */
export function checkRules(host: IsaModel, opts: CheckOptions = {}): string[] {
  const info = hostInfo(host);
  const problems: string[] = [];
  const c = new Checker(host, info, opts.seed ?? 1);
  const trials = opts.trials ?? 200;
  for (const r of info.host.rules) {
    try {
      c.check(r, trials, problems);
    } catch (e) {
      problems.push(`${r.where}: ${r.name}: ${(e as Error).message}`);
    }
  }
  // Every IR op needs a rule that always applies at 32 bits (the others are rewritten to 32 bits).
  const ops = [...BIN, 'neg', 'not', 'const', 'select', 'load8', 'load16', 'load32', 'store8', 'store16', 'store32', 'move', 'spill_load', 'spill_store', 'br_true', 'br_false', 'jump', 'exit_indirect'];
  for (const op of ops) {
    const ok = (info.byName.get(op) ?? []).some(
      (r) => r.guard === null && (r.pattern.width === null || r.pattern.width === '*' || r.pattern.width === 32) && r.pattern.args.every((a) => a.k !== 'op'),
    );
    if (!ok && !['land', 'lor'].includes(op)) problems.push(`${host.name}: no rule takes every ${op} at 32 bits (one without a guard or nested ops)`);
  }
  return problems;
}
