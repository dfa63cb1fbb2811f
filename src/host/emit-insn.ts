// JavaScript for one decoded host instruction, generated from its variant's
// semantics the way src/interp/handlers.ts generates a handler, but for use
// inside a region function: the decoded fields are constants, a register
// field becomes the local variable holding that register (`r<slot>`), the
// zero register reads 0 and is never written, and a jump becomes a transfer
// of the region's control variable. Walking the semantics also yields the
// facts region formation needs (direct targets, fall-through, links, faults).
//
// Arithmetic is the handlers' exactly (js-ops.ts), so the engines cannot
// disagree.
// Output holds only numbers and identifiers made here.

import type { Expr, IsaModel, Loc, Stmt } from '../spec/model.js';
import { FAULT_KIND_OF } from '../interp/fault.js';
import { mulhs, mulhu } from '../interp/handlers.js';
import type { HostInsn } from './decode-insn.js';
import { bin, compare, COMPARES, fastLoad, fastStore, mask, num, privLoad, privStore, un } from './js-ops.js';

/** Fault kinds by index: generated code names a fault by its index here. */
export const FAULT_KINDS = Object.values(FAULT_KIND_OF);

/** What the region needs to know about an instruction before laying it out. */
export interface InsnFacts {
  /** Targets of jumps whose address is known now (uint32). */
  targets: number[];
  /** Some jump's target is only known at run time. */
  indirect: boolean;
  /** The instruction has a jump: it ends its basic block. */
  jumps: boolean;
  /** It can complete without transferring control (continue at npc). */
  fallthrough: boolean;
  /** It stores its npc (a call's return address): npc is a likely indirect target. */
  link: boolean;
  /** It can throw (memory access or fault statement): its pc must be recorded first. */
  mayFault: boolean;
  /** It stores to memory (not privileged): it may write code. */
  stores: boolean;
  syscall: boolean;
  /** Register slots read and written (never the zero register). */
  reads: Set<number>;
  writes: Set<number>;
}

/** How the region wants control transfers and system calls done. */
export interface InsnEnv {
  syscall(): string[];
  /** A transfer to an address known now (ends with `continue`). */
  goto(target: number): string;
  /** A transfer to an address computed at run time (`expr` is a uint32 expression). */
  gotoDynamic(expr: string): string;
}

export interface InsnOptions {
  /** Byte order of the host memory (a literal in the generated accesses). */
  little: boolean;
  /** The registers whose based accesses are privileged (HostOptions.privileged). */
  privileged?: readonly number[];
}

/** The local variable that holds register `slot` inside a region function. */
export function regLocal(slot: number): string {
  return `r${slot}`;
}

/** A generated expression: its text, whether it is a constant, whether it is free of side effects. */
interface X {
  s: string;
  /** Constant: depends only on the decoded instruction (no registers, no memory). */
  c: boolean;
  /** Pure: evaluating it cannot throw (no memory access). */
  p: boolean;
  /** Mentions npc (a link value). */
  n: boolean;
}

const constCache = new Map<string, number>();

/** Value of a constant expression, computed by the very JavaScript the region would run. */
export function evalConst(s: string): number {
  let v = constCache.get(s);
  if (v === undefined) {
    v = Number(new Function('MULHU', 'MULHS', `"use strict"; return (${s});`)(mulhu, mulhs));
    if (constCache.size > 4096) constCache.clear();
    constCache.set(s, v);
  }
  return v;
}

class InsnGen {
  readonly lines: string[] = [];
  readonly facts: InsnFacts = {
    targets: [],
    indirect: false,
    jumps: false,
    fallthrough: true,
    link: false,
    mayFault: false,
    stores: false,
    syscall: false,
    reads: new Set(),
    writes: new Set(),
  };
  /** Spec local -> its expression (constants are inlined, others bound to an L name). */
  private locals = new Map<string, X>();
  private nTmp = 0;
  /** The expression of each let, to see what an address is based on. */
  private readonly letExprs = new Map<string, Expr>();
  private indent = '';
  /** Some jump is not the last thing the instruction does: jumps go through N. */
  private usesN = false;
  /** Inside an arm of a conditional expression (evaluated only if chosen). */
  private lazy = 0;

  constructor(
    private readonly isa: IsaModel,
    private readonly insn: HostInsn,
    private readonly env: InsnEnv,
    private readonly opts: InsnOptions,
  ) {}

  private emit(s: string): void {
    this.lines.push(this.indent + s);
  }

  private fieldIndex(name: string): number {
    const i = this.insn.variant.fields.findIndex((f) => f.name === name);
    if (i < 0) throw new Error(`internal: field ${name} not in variant`);
    return i;
  }

  /** The state slot a register location names, or null for the zero register (or no register). */
  private slotOf(l: Loc & { k: 'reg' | 'regx' }): number | null {
    if (l.k === 'reg') return this.isa.registers[l.slot].zero === true ? null : l.slot;
    let index: number;
    if (l.index.k === 'field') index = this.insn.fields[this.fieldIndex(l.index.field)];
    else {
      const x = this.expr(l.index);
      if (!x.c) throw new Error('internal: register index must be known when decoding');
      index = evalConst(x.s);
    }
    const file = this.isa.files.find((f) => f.name === l.file);
    if (!file) throw new Error(`internal: register file ${l.file}`);
    const slot = file.slots[index];
    // As the interpreter does: a register number past the file reads 0, writes nowhere.
    if (slot === undefined || this.isa.registers[slot].zero === true) return null;
    return slot;
  }

  private read(l: Loc): X {
    switch (l.k) {
      case 'reg':
      case 'regx': {
        const slot = this.slotOf(l);
        if (slot === null) return { s: '0', c: true, p: true, n: false };
        this.facts.reads.add(slot);
        return { s: regLocal(slot), c: false, p: true, n: false };
      }
      case 'mem': {
        const priv = this.privileged(l.addr);
        const a = this.expr(l.addr);
        this.facts.mayFault = true;
        // A load in one arm of a conditional must stay there: it may fault.
        if (this.lazy > 0) return { s: priv ? `M.privLoad(${a.s}, ${l.w})` : `M.load${l.w}(${a.s})`, c: false, p: false, n: false };
        const A = `A${this.nTmp++}`;
        const V = `V${this.nTmp++}`;
        this.emit(`const ${A} = ${a.s} >>> 0;`);
        this.emit(`const ${V} = ${priv ? privLoad(l.w, A, this.opts.little) : fastLoad(l.w, A, this.opts.little)};`);
        // Done now, in evaluation order; what is left is a plain local.
        return { s: V, c: false, p: true, n: false };
      }
      case 'low': {
        const x = this.read(l.loc);
        return { ...x, s: `(${x.s} & ${mask(l.w)})` };
      }
    }
  }

  private write(l: Loc, v: X): void {
    switch (l.k) {
      case 'reg':
      case 'regx': {
        const slot = this.slotOf(l);
        if (slot === null) {
          // Discarded, but a load in the value still happens (and may fault).
          if (!v.p) this.emit(`${v.s};`);
          return;
        }
        if (v.n) this.facts.link = true;
        this.facts.writes.add(slot);
        this.emit(`${regLocal(slot)} = ${v.s};`);
        return;
      }
      case 'mem':
        this.store(l.w, this.expr(l.addr), v, this.privileged(l.addr));
        return;
      case 'low': {
        const m = mask(l.w);
        const t = `T${this.nTmp++}`;
        this.emit(`const ${t} = ${v.s};`);
        const old = this.read(l.loc);
        this.write(l.loc, { s: `(${old.s} & ${~m}) | ${t}`, c: false, p: old.p, n: v.n || old.n });
        return;
      }
    }
  }

  /**
   * A condition as a JavaScript boolean: a comparison is tested directly
   * rather than turned into 0/1 and compared with 0 (smaller code for V8).
   */
  private test(e: Expr): X {
    if (e.k === 'bin' && COMPARES.has(e.op)) {
      const a = this.expr(e.a);
      const b = this.expr(e.b);
      return { s: `(${compare(e.op, a.s, b.s, e.a.w)})`, c: a.c && b.c, p: a.p && b.p, n: a.n || b.n };
    }
    const x = this.expr(e);
    return { ...x, s: `(${x.s} !== 0)` };
  }

  /** A store of v to address a (the address was evaluated first, as the handlers do). */
  private store(w: number, a: X, v: X, priv: boolean): void {
    if (v.n) this.facts.link = true;
    this.facts.mayFault = true;
    if (!priv) this.facts.stores = true;
    const A = `A${this.nTmp++}`;
    const V = `V${this.nTmp++}`;
    this.emit(`const ${A} = ${a.s} >>> 0, ${V} = ${v.s};`);
    this.emit(priv ? privStore(w, A, V, this.opts.little) : fastStore(w, A, V, this.opts.little));
  }

  /** Is the address based on the privileged register (reg, or reg ± something)? */
  private privileged(e: Expr): boolean {
    if (this.opts.privileged === undefined) return false;
    const base = (x: Expr): number | null | undefined => {
      if (x.k === 'local') {
        const d = this.letExprs.get(x.name);
        return d === undefined ? undefined : base(d);
      }
      if (x.k === 'read' && (x.loc.k === 'reg' || x.loc.k === 'regx')) return this.slotOf(x.loc);
      if (x.k === 'bin' && (x.op === 'add' || x.op === 'sub')) return base(x.a) ?? (x.op === 'add' ? base(x.b) : undefined);
      return undefined;
    };
    const b = base(e);
    return typeof b === 'number' && this.opts.privileged.includes(b);
  }

  private expr(e: Expr): X {
    const k = (s: string): X => ({ s, c: true, p: true, n: false });
    switch (e.k) {
      case 'const':
        return k(e.w >= 32 ? num(e.v | 0) : num(e.v >>> 0));
      case 'field':
        return k(num(this.insn.fields[this.fieldIndex(e.field)]));
      case 'operand': {
        const i = this.insn.variant.values.findIndex((x) => x.name === e.name);
        if (i < 0) throw new Error(`internal: operand ${e.name} not in variant`);
        return k(num(this.insn.values[i]));
      }
      case 'pc':
        return k(num(this.insn.pc));
      case 'npc':
        return { ...k(num(this.insn.npc)), n: true };
      case 'local': {
        const x = this.locals.get(e.name);
        if (!x) throw new Error(`internal: local ${e.name}`);
        return x;
      }
      case 'read':
        return this.read(e.loc);
      case 'addrof':
        if (e.loc.k !== 'mem') throw new Error('internal: addr of non-memory');
        return this.expr(e.loc.addr);
      case 'bin': {
        const a = this.expr(e.a);
        const b = this.expr(e.b);
        return { s: bin(e.op, a.s, b.s, e.w, e.a.w), c: a.c && b.c, p: a.p && b.p, n: a.n || b.n };
      }
      case 'un': {
        const a = this.expr(e.a);
        return { ...a, s: un(e.op, a.s, e.w) };
      }
      case 'ext': {
        const a = this.expr(e.a);
        let s: string;
        if (!e.signed) s = e.w >= 32 ? `(${a.s} | 0)` : a.s;
        else {
          const sh = 32 - e.a.w;
          const sx = `((${a.s} << ${sh}) >> ${sh})`;
          s = e.w >= 32 ? sx : `(${sx} & ${mask(e.w)})`;
        }
        return { ...a, s };
      }
      case 'slice': {
        const a = this.expr(e.a);
        let s = a.s;
        if (e.w < 32) s = e.lo === 0 ? `(${a.s} & ${mask(e.w)})` : `((${a.s} >>> ${e.lo}) & ${mask(e.w)})`;
        return { ...a, s };
      }
      case 'cond': {
        const c = this.test(e.c);
        this.lazy++;
        const t = this.expr(e.t);
        const f = this.expr(e.f);
        this.lazy--;
        return { s: `(${c.s} ? ${t.s} : ${f.s})`, c: c.c && t.c && f.c, p: c.p && t.p && f.p, n: c.n || t.n || f.n };
      }
    }
  }

  /** Emits a statement list; returns true when every path through it transfers control. */
  stmts(list: Stmt[], tail: boolean): boolean {
    for (let i = 0; i < list.length; i++) {
      if (this.stmt(list[i], tail && i === list.length - 1)) return true; // the rest is unreachable
    }
    return false;
  }

  private nested(list: Stmt[], tail: boolean): boolean {
    const saved = this.indent;
    this.indent += '  ';
    const r = this.stmts(list, tail);
    this.indent = saved;
    return r;
  }

  /** Returns true when the statement always transfers control (jump or fault). */
  private stmt(s: Stmt, tail: boolean): boolean {
    switch (s.k) {
      case 'let': {
        this.letExprs.set(s.name, s.e);
        const x = this.expr(s.e);
        if (x.c) {
          this.locals.set(s.name, x); // inlined, so jump targets built from it stay constant
          return false;
        }
        const n = `L${this.nTmp++}`;
        this.emit(`const ${n} = ${x.s};`);
        this.locals.set(s.name, { s: n, c: false, p: true, n: x.n });
        return false;
      }
      case 'set':
        if (s.loc.k === 'mem') {
          const a = this.expr(s.loc.addr);
          this.store(s.loc.w, a, this.expr(s.e), this.privileged(s.loc.addr));
        } else this.write(s.loc, this.expr(s.e));
        return false;
      case 'if': {
        const c = this.test(s.c);
        if (c.c) {
          // Known when decoding (e.g. a test of the zero register): only one arm exists.
          const arm = evalConst(c.s) !== 0 ? s.t : s.f;
          this.emit('{');
          const r = this.nested(arm, tail);
          this.emit('}');
          return r;
        }
        this.emit(`if ${c.s} {`);
        const rt = this.nested(s.t, tail);
        let rf = false;
        if (s.f.length) {
          this.emit('} else {');
          rf = this.nested(s.f, tail);
        }
        this.emit('}');
        return rt && rf;
      }
      case 'jump': {
        const x = this.expr(s.e);
        this.facts.jumps = true;
        let known: number | null = null;
        if (x.c) {
          known = evalConst(`${x.s} >>> 0`);
          this.facts.targets.push(known);
        } else this.facts.indirect = true;
        const target = known === null ? `${x.s} >>> 0` : String(known);
        if (!tail) {
          this.usesN = true;
          this.emit(`N = ${target};`);
        } else if (known !== null) this.emit(this.env.goto(known));
        else this.emit(this.env.gotoDynamic(target));
        return true;
      }
      case 'fault': {
        this.facts.mayFault = true;
        this.emit(`throw FLT(${FAULT_KINDS.indexOf(FAULT_KIND_OF[s.fault])}, ${num(this.insn.pc)});`);
        return true;
      }
      case 'syscall':
        this.facts.syscall = true;
        this.facts.mayFault = true; // whatever the call throws is reported at this instruction
        for (const l of this.env.syscall()) this.emit(l);
        return false;
    }
  }

  run(): void {
    this.indent = '  ';
    const always = this.stmts(this.insn.variant.sem, true);
    this.facts.fallthrough = !always;
    if (this.usesN) {
      // A jump was followed by more of the instruction: it went through N.
      this.lines.unshift('  let N = -1;');
      this.lines.push(`  if (N !== -1) { ${this.env.gotoDynamic('N')} }`);
    }
  }
}

/** Code and facts of one instruction (its lines are indented for a case body). */
export function translateInsn(isa: IsaModel, insn: HostInsn, env: InsnEnv, opts: InsnOptions): { lines: string[]; facts: InsnFacts } {
  const g = new InsnGen(isa, insn, env, opts);
  g.run();
  return { lines: g.lines, facts: g.facts };
}

const NO_ENV: InsnEnv = { syscall: () => [], goto: () => '', gotoDynamic: () => '' };

/**
 * The facts, and about how much JavaScript the instruction becomes (region
 * formation runs this before the layout is known, and caps code size).
 */
export function analyzeInsn(isa: IsaModel, insn: HostInsn): { facts: InsnFacts; size: number } {
  const { lines, facts } = translateInsn(isa, insn, NO_ENV, { little: isa.endian === 'little' });
  let size = 0;
  for (const l of lines) size += l.trimStart().length + 1;
  return { facts, size };
}
