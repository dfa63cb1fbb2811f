// Lifting one decoded guest instruction: its semantics tree walked in the
// interpreter's order, with the decoded fields, derived operands, pc and npc
// as constants. Conditionals become predication (see types.ts): an `if` or a
// `c ? t : f` pushes its condition on the guard, and under a guard loads,
// stores, faults and syscalls carry the guard, register writes become selects
// of the new and the current value, and a jump selects between its target
// and the next pc computed so far (the interpreter's `jump` only sets the
// next pc; later statements still run).

import type { DecodedLike } from '../decode/index.js';
import type { Expr, IsaModel, Loc, Stmt, Variant } from '../spec/model.js';
import { mask } from './arith.js';
import type { GuestState } from './lift-state.js';
import { konst, type Val, type Vals } from './lift-values.js';
import type { V } from './types.js';

/** The next guest pc as the instruction computed it: a tree of constants, values and guarded choices. */
export type NextPc = { k: 'c'; pc: number } | { k: 'v'; v: Val } | { k: 'sel'; g: V; t: NextPc; f: NextPc };

export interface InsnLift {
  next: NextPc;
  /** An unguarded syscall was made: the block exit is a syscall exit. */
  syscall: boolean;
  /** An unguarded fault was raised (perhaps under a condition that folded to true): the block ends. */
  faulted: boolean;
}

/** The conjunction of the enclosing conditions, made into IR values only when something needs it. */
class Guard {
  private parts: Array<{ c: Val; neg: boolean }> = [];
  private made: V[] = [];

  constructor(private readonly vals: Vals) {}

  get empty(): boolean {
    return this.parts.length === 0;
  }

  push(c: Val, neg: boolean): void {
    this.parts.push({ c, neg });
  }

  pop(): void {
    this.parts.pop();
    if (this.made.length > this.parts.length) this.made.length = this.parts.length;
  }

  value(): V | undefined {
    const n = this.parts.length;
    if (n === 0) return undefined;
    while (this.made.length < n) {
      const i = this.made.length;
      const p = this.parts[i];
      let g = p.neg ? this.vals.not1(p.c) : p.c;
      if (i > 0) g = this.vals.and1({ k: 'v', w: 1, v: this.made[i - 1] }, g);
      this.made.push(this.vals.mat(g));
    }
    return this.made[n - 1];
  }
}

export class InsnLifter {
  private readonly guard: Guard;
  private readonly locals = new Map<string, Val>();
  private next: NextPc;
  private syscalled = false;
  /** After an unguarded fault nothing more of the instruction runs. */
  private halted = false;

  constructor(
    private readonly isa: IsaModel,
    private readonly variant: Variant,
    private readonly decoded: DecodedLike,
    private readonly pc: number,
    npc: number,
    private readonly vals: Vals,
    private readonly state: GuestState,
  ) {
    this.guard = new Guard(vals);
    this.next = { k: 'c', pc: npc };
  }

  run(): InsnLift {
    this.stmts(this.variant.sem);
    this.state.flush();
    return { next: this.next, syscall: this.syscalled, faulted: this.halted };
  }

  /** Statements after a `fault` in the same list never run (the interpreter throws). */
  private stmts(list: Stmt[]): void {
    for (const s of list) {
      if (this.halted) return;
      this.stmt(s);
      if (s.k === 'fault') return;
    }
  }

  private stmt(s: Stmt): void {
    switch (s.k) {
      case 'let':
        this.locals.set(s.name, this.expr(s.e));
        return;
      case 'set':
        this.set(s.loc, s.e);
        return;
      case 'if': {
        const c = this.vals.truth(this.expr(s.c));
        if (c.k === 'c') {
          this.stmts(c.c !== 0 ? s.t : s.f);
          return;
        }
        this.guard.push(c, false);
        this.stmts(s.t);
        this.guard.pop();
        if (s.f.length > 0) {
          this.guard.push(c, true);
          this.stmts(s.f);
          this.guard.pop();
        }
        return;
      }
      case 'jump': {
        const x = this.expr(s.e);
        const target: NextPc = x.k === 'c' ? { k: 'c', pc: x.c >>> 0 } : { k: 'v', v: x };
        const g = this.guard.value();
        this.next = g === undefined ? target : { k: 'sel', g, t: target, f: this.next };
        return;
      }
      case 'fault': {
        this.state.flush();
        const g = this.guard.value();
        this.vals.b.fault(s.fault, this.pc, g);
        if (g === undefined) this.halted = true;
        return;
      }
      case 'syscall': {
        this.state.flush();
        const g = this.guard.value();
        this.vals.b.syscall(this.pc, g);
        this.state.forget();
        if (g === undefined) this.syscalled = true;
        return;
      }
    }
  }

  /** `loc = e`, evaluated in the handlers' order. */
  private set(loc: Loc, e: Expr): void {
    if (loc.k === 'mem') {
      // M.storeW(addr, value): the address is evaluated first.
      const addr = this.expr(loc.addr);
      this.store(loc.w, addr, this.expr(e));
      return;
    }
    this.write(loc, this.expr(e));
  }

  private write(loc: Loc, x: Val): void {
    switch (loc.k) {
      case 'reg':
      case 'regx': {
        const slot = this.slotOf(loc);
        if (slot === undefined) return;
        const g = this.guard.value();
        this.state.write(slot, g === undefined ? x : this.vals.select(loc.w, { k: 'v', w: 1, v: g }, x, this.state.read(slot)));
        return;
      }
      case 'mem':
        this.store(loc.w, this.expr(loc.addr), x);
        return;
      case 'low': {
        // The handlers' read-modify-write: inner = (inner & ~mask) | value.
        const inner = loc.loc;
        const keep = konst(inner.w, ~mask(loc.w));
        const merge = (old: Val): Val =>
          this.vals.bin('or', inner.w, this.vals.bin('and', inner.w, old, keep), this.vals.ext(inner.w, false, x));
        if (inner.k === 'mem') {
          const addr = this.expr(inner.addr);
          this.store(inner.w, addr, merge(this.load(inner.w, this.expr(inner.addr))));
        } else {
          this.write(inner, merge(this.read(inner)));
        }
        return;
      }
    }
  }

  private read(loc: Loc): Val {
    switch (loc.k) {
      case 'reg':
      case 'regx': {
        const slot = this.slotOf(loc);
        return slot === undefined ? konst(loc.w, 0) : this.state.read(slot);
      }
      case 'mem':
        return this.load(loc.w, this.expr(loc.addr));
      case 'low':
        return this.vals.slice(loc.w - 1, 0, this.read(loc.loc));
    }
  }

  private load(w: number, addr: Val): Val {
    this.state.flush(); // a load can fault: the state must be the interpreter's here
    return this.vals.load(memWidth(w), addr, this.guard.value());
  }

  private store(w: number, addr: Val, x: Val): void {
    this.state.flush();
    this.vals.store(memWidth(w), addr, x, this.guard.value());
  }

  /** The state slot of a register location; undefined for a zero register or an index past the file. */
  private slotOf(loc: Loc & { k: 'reg' | 'regx' }): number | undefined {
    let slot: number | undefined;
    if (loc.k === 'reg') slot = loc.slot;
    else {
      if (loc.index.k !== 'field') throw new Error('lift: register index must be a field');
      const file = this.isa.files.find((f) => f.name === loc.file);
      if (file === undefined) throw new Error(`lift: no register file ${loc.file}`);
      slot = file.slots[this.field(loc.index.field)];
    }
    return slot === undefined || this.isa.registers[slot].zero ? undefined : slot;
  }

  private field(name: string): number {
    const i = this.variant.fields.findIndex((f) => f.name === name);
    if (i < 0) throw new Error(`lift: field ${name} not in variant`);
    return this.decoded.fields[i];
  }

  private expr(e: Expr): Val {
    const v = this.vals;
    switch (e.k) {
      case 'const':
        return konst(e.w, e.v);
      case 'field':
        return konst(e.w, this.field(e.field));
      case 'operand': {
        const i = this.variant.values.findIndex((x) => x.name === e.name);
        if (i < 0) throw new Error(`lift: operand ${e.name} not in variant`);
        return konst(e.w, this.decoded.values[i]);
      }
      case 'pc':
        return konst(e.w, this.pc);
      case 'npc':
        return konst(e.w, this.pc + this.decoded.length);
      case 'local': {
        const x = this.locals.get(e.name);
        if (x === undefined) throw new Error(`lift: local ${e.name} used before its let`);
        return x;
      }
      case 'read':
        return this.read(e.loc);
      case 'addrof':
        if (e.loc.k !== 'mem') throw new Error('lift: address of a non-memory location');
        return this.expr(e.loc.addr);
      case 'bin': {
        const a = this.expr(e.a);
        return v.bin(e.op, e.w, a, this.expr(e.b));
      }
      case 'un':
        return v.un(e.op, e.w, this.expr(e.a));
      case 'ext':
        return v.ext(e.w, e.signed, this.expr(e.a));
      case 'slice':
        return v.slice(e.hi, e.lo, this.expr(e.a));
      case 'cond': {
        // Only one arm runs in the interpreter: each arm's loads are guarded by its side.
        const c = v.truth(this.expr(e.c));
        if (c.k === 'c') return this.expr(c.c !== 0 ? e.t : e.f);
        this.guard.push(c, false);
        const t = this.expr(e.t);
        this.guard.pop();
        this.guard.push(c, true);
        const f = this.expr(e.f);
        this.guard.pop();
        return v.select(e.w, c, t, f);
      }
    }
  }
}

function memWidth(w: number): 8 | 16 | 32 {
  if (w === 8 || w === 16 || w === 32) return w;
  throw new Error(`lift: memory access of ${w} bits`);
}
