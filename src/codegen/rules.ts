// What the code generator knows of a host spec's lowering rules, worked out
// once per host: the rules by root op in the order they are tried, and for
// each rule facts read from the host instructions' own semantics — which
// register holes each template instruction reads and writes and which may
// fault — from which follow whether the result {d} may share a register with
// an operand, and whether {d} may be a guest register's home (no instruction
// that may fault after the first write of {d}).

import type { Expr, HostModel, IsaModel, LowerInsn, LowerOperand, LowerPattern, LowerRule, OperandTemplate, PseudoOperand, Stmt, Variant } from '../spec/model.js';

export interface InsnFacts {
  reads: Set<string>;
  writes: Set<string>;
  mayFault: boolean;
}

export interface RuleFacts {
  /** Template instructions in order (a pseudo-instruction: all its alternatives' instructions, conservatively). */
  seq: InsnFacts[];
  /** Register variables {d} may share a register with. */
  aliasSafe: Set<string>;
  /** {d} may be written directly into a guest register's home. */
  homeSafe: boolean;
  /** Register holes written anywhere. */
  writes: Set<string>;
  /** Registers the instructions write implicitly (not through an operand). */
  fixedWrites: Set<number>;
}

export interface HostInfo {
  isa: IsaModel;
  host: HostModel;
  /** Rules by root name, in the order they are tried: prio, then larger patterns, then declaration order. */
  byName: Map<string, LowerRule[]>;
  facts: Map<LowerRule, RuleFacts>;
  /** The move rule's instruction (to drop moves of a register to itself). */
  move?: { insn: LowerInsn; src: string };
}

const infos = new WeakMap<IsaModel, HostInfo>();

export function patternSize(p: LowerPattern): number {
  if (p.k === 'op') return 1 + p.args.reduce((n, a) => n + patternSize(a), 0);
  return p.k === 'const' ? 1 : 0;
}

export function hostInfo(isa: IsaModel): HostInfo {
  let info = infos.get(isa);
  if (info) return info;
  const host = isa.host;
  if (!host) throw new Error(`${isa.name} has no lowering rules: it cannot be a host`);
  const byName = new Map<string, LowerRule[]>();
  for (const r of host.rules) {
    const list = byName.get(r.name) ?? [];
    list.push(r);
    byName.set(r.name, list);
  }
  for (const list of byName.values()) {
    list.sort((a, b) => b.prio - a.prio || patternSize(b.pattern) - patternSize(a.pattern) || a.index - b.index);
  }
  const facts = new Map<LowerRule, RuleFacts>();
  for (const r of host.rules) facts.set(r, ruleFacts(isa, r));
  info = { isa, host, byName, facts };
  const mv = byName.get('move')?.find((r) => r.guard === null && r.insns.length === 1 && r.pattern.args[0]?.k === 'reg');
  if (mv) info.move = { insn: mv.insns[0], src: (mv.pattern.args[0] as { name: string }).name };
  infos.set(isa, info);
  return info;
}

// ---- semantics facts of one variant ----

interface SemFacts {
  reads: Set<string>;
  writes: Set<string>;
  fixedWrites: Set<number>;
  mayFault: boolean;
}

const semCache = new WeakMap<Variant, SemFacts>();

function semFacts(v: Variant): SemFacts {
  let f = semCache.get(v);
  if (f) return f;
  const out: SemFacts = { reads: new Set(), writes: new Set(), fixedWrites: new Set(), mayFault: false };
  const expr = (e: Expr): void => {
    switch (e.k) {
      case 'read':
        readLoc(e.loc);
        return;
      case 'addrof':
        if (e.loc.k === 'mem') expr(e.loc.addr);
        return;
      case 'bin':
        expr(e.a);
        expr(e.b);
        return;
      case 'un':
      case 'ext':
      case 'slice':
        expr(e.a);
        return;
      case 'cond':
        expr(e.c);
        expr(e.t);
        expr(e.f);
        return;
      default:
        return;
    }
  };
  const readLoc = (l: Extract<Expr, { k: 'read' }>['loc']): void => {
    if (l.k === 'regx') {
      if (l.index.k === 'field') out.reads.add(l.index.field);
      else expr(l.index);
    } else if (l.k === 'mem') {
      out.mayFault = true;
      expr(l.addr);
    } else if (l.k === 'low') readLoc(l.loc);
  };
  const writeLoc = (l: Extract<Expr, { k: 'read' }>['loc']): void => {
    if (l.k === 'regx') {
      if (l.index.k === 'field') out.writes.add(l.index.field);
      else expr(l.index);
    } else if (l.k === 'reg') out.fixedWrites.add(l.slot);
    else if (l.k === 'mem') {
      out.mayFault = true;
      expr(l.addr);
    } else if (l.k === 'low') {
      readLoc(l.loc);
      writeLoc(l.loc);
    }
  };
  const stmts = (list: Stmt[]): void => {
    for (const s of list) {
      switch (s.k) {
        case 'let':
          expr(s.e);
          break;
        case 'set':
          expr(s.e);
          writeLoc(s.loc);
          break;
        case 'if':
          expr(s.c);
          stmts(s.t);
          stmts(s.f);
          break;
        case 'jump':
          expr(s.e);
          break;
        case 'fault':
        case 'syscall':
          out.mayFault = true;
          break;
      }
    }
  };
  stmts(v.sem);
  semCache.set(v, out);
  return out;
}

// ---- template instructions ----

/** Operand shapes in common between a template (or pseudo) operand and a variant's operand template. */
type Shape = { kind: 'reg'; hole?: string; slot?: number } | { kind: 'value' } | { kind: 'mem'; style: string; base: Shape; disp: Shape | null } | { kind: 'prefixed'; prefix: string; inner: Shape };

function fromLower(o: LowerOperand): Shape {
  switch (o.kind) {
    case 'reg':
      return { kind: 'reg', hole: o.hole };
    case 'fixedreg':
      return { kind: 'reg', slot: o.slot };
    case 'value':
      return { kind: 'value' };
    case 'mem':
      return { kind: 'mem', style: o.style, base: fromLower(o.base), disp: o.disp ? fromLower(o.disp) : null };
    case 'prefixed':
      return { kind: 'prefixed', prefix: o.prefix, inner: fromLower(o.inner) };
  }
}

/** Bind a variant's register fields to holes; false when the shapes differ. */
function bindShape(s: Shape, t: OperandTemplate, holes: Map<string, string>): boolean {
  switch (t.kind) {
    case 'reg':
      if (s.kind !== 'reg') return false;
      if (s.hole !== undefined) holes.set(t.field, s.hole);
      return true;
    case 'fixedreg':
      return s.kind === 'reg' && s.slot === t.slot;
    case 'value':
      return s.kind === 'value';
    case 'mem':
      if (s.kind !== 'mem' || s.style !== t.style || !bindShape(s.base, t.base, holes)) return false;
      if (s.disp === null) return true;
      return t.disp === null ? s.disp.kind === 'value' : bindShape(s.disp, t.disp, holes);
    case 'prefixed':
      return s.kind === 'prefixed' && s.prefix === t.prefix && bindShape(s.inner, t.inner, holes);
  }
}

function realFacts(isa: IsaModel, mnemonic: string, shapes: Shape[], out: InsnFacts[], fixed: Set<number>): boolean {
  const merged: InsnFacts = { reads: new Set(), writes: new Set(), mayFault: false };
  let any = false;
  for (const v of isa.variants) {
    if (v.mnemonic !== mnemonic && !v.aliases.includes(mnemonic)) continue;
    if (v.operands.length !== shapes.length) continue;
    const holes = new Map<string, string>();
    if (!v.operands.every((t, i) => bindShape(shapes[i], t, holes))) continue;
    any = true;
    const sf = semFacts(v);
    for (const f of sf.reads) if (holes.has(f)) merged.reads.add(holes.get(f)!);
    for (const f of sf.writes) if (holes.has(f)) merged.writes.add(holes.get(f)!);
    for (const s of sf.fixedWrites) fixed.add(s);
    if (sf.mayFault) merged.mayFault = true;
  }
  if (any) out.push(merged);
  return any;
}

function fromPseudo(o: PseudoOperand, args: Map<string, Shape>): Shape {
  switch (o.kind) {
    case 'reg':
      if (o.param !== undefined) return args.get(o.param) ?? { kind: 'reg' };
      return { kind: 'reg', slot: o.slot };
    case 'value':
      return { kind: 'value' };
    case 'mem':
      return { kind: 'mem', style: o.style, base: fromPseudo(o.base, args), disp: o.disp ? fromPseudo(o.disp, args) : null };
  }
}

function insnFacts(isa: IsaModel, t: LowerInsn, out: InsnFacts[], fixed: Set<number>): void {
  const shapes = t.operands.map(fromLower);
  if (realFacts(isa, t.mnemonic, shapes, out, fixed)) return;
  for (const p of isa.pseudos) {
    if (p.mnemonic !== t.mnemonic || p.params.length !== shapes.length) continue;
    const args = new Map(p.params.map((q, i) => [q.name, shapes[i]] as [string, Shape]));
    for (const c of p.cases) {
      for (const x of c.insns) realFacts(isa, x.mnemonic, x.operands.map((o) => fromPseudo(o, args)), out, fixed);
    }
    return;
  }
}

function ruleFacts(isa: IsaModel, r: LowerRule): RuleFacts {
  const seq: InsnFacts[] = [];
  const fixedWrites = new Set<number>();
  for (const t of r.insns) insnFacts(isa, t, seq, fixedWrites);
  const writes = new Set<string>();
  for (const f of seq) for (const w of f.writes) writes.add(w);
  const vars: string[] = [];
  const collect = (p: LowerPattern) => {
    if (p.k === 'reg') vars.push(p.name);
    else if (p.k === 'op') p.args.forEach(collect);
  };
  collect(r.pattern);
  const aliasSafe = new Set<string>();
  const firstD = seq.findIndex((f) => f.writes.has('d'));
  for (const v of vars) {
    let ok = true;
    for (let j = firstD + 1; firstD >= 0 && j < seq.length; j++) if (seq[j].reads.has(v)) ok = false;
    if (ok) aliasSafe.add(v);
  }
  let homeSafe = true;
  for (let j = firstD + 1; firstD >= 0 && j < seq.length; j++) if (seq[j].mayFault) homeSafe = false;
  for (const s of fixedWrites) if (isa.registers[s]?.zero) fixedWrites.delete(s);
  return { seq, aliasSafe, homeSafe, writes, fixedWrites };
}
