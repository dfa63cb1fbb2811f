// JavaScript for one decoded host instruction, generated from its variant's
// semantics the way src/interp/handlers.ts generates a handler, but for use
// inside a region function: the decoded fields are constants, a register
// field becomes the local variable holding that register (`r<slot>`), the
// zero register reads 0 and is never written, and a jump becomes a transfer
// of the region's control variable. Walking the semantics also yields the
// facts region formation needs (direct targets, fall-through, links, faults).
//
// Arithmetic is the handlers' exactly (values narrower than 32 bits kept
// unsigned, 32-bit ones as int32), so the two engines cannot disagree.
// Output holds only numbers and identifiers made here.

import type { BinOp, Expr, IsaModel, Loc, Stmt, UnOp } from '../spec/model.js';
import { FAULT_KIND_OF } from '../interp/fault.js';
import { mulhs, mulhu } from '../interp/handlers.js';
import type { HostInsn } from './decode-insn.js';

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
  syscall: boolean;
  /** Register slots read and written (never the zero register). */
  reads: Set<number>;
  writes: Set<number>;
}

/** How the region wants the instruction's system call done. */
export interface InsnEnv {
  syscall(): string[];
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

function mask(w: number): number {
  return w >= 32 ? 0xffffffff : 2 ** w - 1;
}

function num(v: number): string {
  return v < 0 ? `(${v})` : String(v);
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
    syscall: false,
    reads: new Set(),
    writes: new Set(),
  };
  /** Spec local -> its expression (constants are inlined, others bound to an L name). */
  private locals = new Map<string, X>();
  private nTmp = 0;
  private indent = '';
  /** Some jump is not the last thing the instruction does: jumps go through N. */
  private usesN = false;

  constructor(
    private readonly isa: IsaModel,
    private readonly insn: HostInsn,
    private readonly env: InsnEnv,
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
        const a = this.expr(l.addr);
        this.facts.mayFault = true;
        return { s: `M.load${l.w}(${a.s})`, c: false, p: false, n: a.n };
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
      case 'mem': {
        const a = this.expr(l.addr);
        if (v.n) this.facts.link = true;
        this.facts.mayFault = true;
        this.emit(`M.store${l.w}(${a.s}, ${v.s});`);
        return;
      }
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
        const c = this.expr(e.c);
        const t = this.expr(e.t);
        const f = this.expr(e.f);
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
        this.write(s.loc, this.expr(s.e));
        return false;
      case 'if': {
        const c = this.expr(s.c);
        if (c.c) {
          // Known when decoding (e.g. a test of the zero register): only one arm exists.
          const arm = evalConst(c.s) !== 0 ? s.t : s.f;
          this.emit('{');
          const r = this.nested(arm, tail);
          this.emit('}');
          return r;
        }
        this.emit(`if (${c.s} !== 0) {`);
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
        let target: string;
        if (x.c) {
          const t = evalConst(`${x.s} >>> 0`);
          this.facts.targets.push(t);
          target = String(t);
        } else {
          this.facts.indirect = true;
          target = `${x.s} >>> 0`;
        }
        if (tail) this.emit(`pc = ${target}; continue;`);
        else {
          this.usesN = true;
          this.emit(`N = ${target};`);
        }
        return true;
      }
      case 'fault': {
        this.facts.mayFault = true;
        this.emit(`throw FLT(${FAULT_KINDS.indexOf(FAULT_KIND_OF[s.fault])}, ${num(this.insn.pc)});`);
        return true;
      }
      case 'syscall':
        this.facts.syscall = true;
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
      this.lines.push('  if (N !== -1) { pc = N; continue; }');
    }
  }
}

function wrap(s: string, w: number): string {
  return w >= 32 ? `((${s}) | 0)` : `((${s}) & ${mask(w)})`;
}

function signed(s: string, w: number): string {
  return w >= 32 ? s : `((${s} << ${32 - w}) >> ${32 - w})`;
}

function unsigned(s: string, w: number): string {
  return w >= 32 ? `(${s} >>> 0)` : s;
}

// The same JavaScript as the interpreter's handlers (src/interp/handlers.ts).
function bin(op: BinOp, a: string, b: string, w: number, aw: number): string {
  switch (op) {
    case 'add':
      return wrap(`${a} + ${b}`, w);
    case 'sub':
      return wrap(`${a} - ${b}`, w);
    case 'mul':
      return w >= 32 ? `Math.imul(${a}, ${b})` : `(Math.imul(${a}, ${b}) & ${mask(w)})`;
    case 'and':
    case 'land':
      return `(${a} & ${b})`;
    case 'or':
    case 'lor':
      return `(${a} | ${b})`;
    case 'xor':
      return `(${a} ^ ${b})`;
    case 'shl':
      return w >= 32 ? `(${a} << ${b})` : `((${a} << ${b}) & ${mask(w)})`;
    case 'shr':
      return w >= 32 ? `((${a} >>> ${b}) | 0)` : `(${a} >>> ${b})`;
    case 'sar':
      return w >= 32 ? `(${a} >> ${b})` : `((${signed(a, w)} >> ${b}) & ${mask(w)})`;
    case 'rol':
      return `((${a} << (${b} & 31)) | (${a} >>> ((32 - (${b} & 31)) & 31)))`;
    case 'ror':
      return `((${a} >>> (${b} & 31)) | (${a} << ((32 - (${b} & 31)) & 31)))`;
    case 'eq':
      return `(${a} === ${b} ? 1 : 0)`;
    case 'ne':
      return `(${a} !== ${b} ? 1 : 0)`;
    case 'ltu':
      return `(${unsigned(a, aw)} < ${unsigned(b, aw)} ? 1 : 0)`;
    case 'leu':
      return `(${unsigned(a, aw)} <= ${unsigned(b, aw)} ? 1 : 0)`;
    case 'gtu':
      return `(${unsigned(a, aw)} > ${unsigned(b, aw)} ? 1 : 0)`;
    case 'geu':
      return `(${unsigned(a, aw)} >= ${unsigned(b, aw)} ? 1 : 0)`;
    case 'lts':
      return `(${signed(a, aw)} < ${signed(b, aw)} ? 1 : 0)`;
    case 'les':
      return `(${signed(a, aw)} <= ${signed(b, aw)} ? 1 : 0)`;
    case 'gts':
      return `(${signed(a, aw)} > ${signed(b, aw)} ? 1 : 0)`;
    case 'ges':
      return `(${signed(a, aw)} >= ${signed(b, aw)} ? 1 : 0)`;
    case 'divu':
      return `(((${a} >>> 0) / (${b} >>> 0)) | 0)`;
    case 'remu':
      return `(((${a} >>> 0) % (${b} >>> 0)) | 0)`;
    case 'divs':
      return `((${a} / ${b}) | 0)`;
    case 'rems':
      return `((${a} % ${b}) | 0)`;
    case 'mulhu':
      return `MULHU(${a}, ${b})`;
    case 'mulhs':
      return `MULHS(${a}, ${b})`;
  }
}

function un(op: UnOp, a: string, w: number): string {
  switch (op) {
    case 'neg':
      return wrap(`-${a}`, w);
    case 'not':
      return w >= 32 ? `(~${a})` : `(~${a} & ${mask(w)})`;
    case 'lnot':
      return `(${a} ^ 1)`;
  }
}

/** Code and facts of one instruction (its lines are indented for a case body). */
export function translateInsn(isa: IsaModel, insn: HostInsn, env: InsnEnv): { lines: string[]; facts: InsnFacts } {
  const g = new InsnGen(isa, insn, env);
  g.run();
  return { lines: g.lines, facts: g.facts };
}

const NO_ENV: InsnEnv = { syscall: () => [] };

/** The facts alone (region formation runs this before the layout is known). */
export function insnFacts(isa: IsaModel, insn: HostInsn): InsnFacts {
  return translateInsn(isa, insn, NO_ENV).facts;
}
