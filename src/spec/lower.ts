// Lowers one variant's semantics from the parsed AST to the typed
// register-transfer trees of model.ts: names resolved (locals, fields, modes,
// enums, derived operands, registers), macros expanded by name, every width
// checked. Errors carry the place of the offending node.

import type { AExpr, AStmt } from './ast.js';
import { XlatError, formatLoc, type SourceLoc } from './diagnostic.js';
import type { BinOp, Expr, FaultName, Field, Loc, Stmt } from './model.js';

/** A name bound lazily: resolved where it is used, in the scope it came from. */
type Binding = { kind: 'ast'; ast: AExpr; env: Scope } | { kind: 'local'; name: string; w: number };

export interface Scope {
  names: Map<string, Binding>;
  parent: Scope | null;
}

export interface StmtMacro {
  params: string[];
  body: AStmt[];
  loc: SourceLoc;
}
export interface ExprMacro {
  params: string[];
  e: AExpr;
  loc: SourceLoc;
}

/** Everything the names of one variant can resolve to. */
export interface LowerContext {
  wordBits: number;
  /** Fields present in this variant's encoding. */
  fields: Map<string, Field>;
  /** Enum-typed fields fixed to one case in this variant: the case's meaning. */
  enumSem: Map<string, AExpr>;
  /** Modes chosen in this variant: the chosen case's export. */
  modes: Map<string, AExpr>;
  /** Derived operands. */
  operands: Set<string>;
  /** Register names and aliases (exact spelling) -> slot and width. */
  regs: Map<string, { slot: number; bits: number }>;
  files: Map<string, { bits: number; count: number }>;
  stmtMacros: Map<string, StmtMacro>;
  exprMacros: Map<string, ExprMacro>;
  /** for-loop variables in force where the insn was written */
  counter: { n: number };
  /** Names used as derived operands in this variant (filled while lowering). */
  usedOperands: Set<string>;
  /** Macro expansion depth guard. */
  depth: number;
  /**
   * The state slots `syscall(nr, args...)` writes its number and arguments to
   * and reads its result from, made on first use; `args` grows to the most
   * arguments any call passes.
   */
  syscallPorts: (args: number) => { nr: number; args: number[]; result: number };
  /** Set when a variant uses the plain `syscall;` (the abi's registers). */
  plainSyscall: { used: boolean };
}

const FAULTS: FaultName[] = ['illegal', 'breakpoint', 'divide', 'arithmetic', 'alignment'];

const CMP: Record<string, BinOp> = {
  '==': 'eq', '!=': 'ne', '<u': 'ltu', '<s': 'lts', '<=u': 'leu', '<=s': 'les',
  '>u': 'gtu', '>s': 'gts', '>=u': 'geu', '>=s': 'ges',
};
const ARITH: Record<string, BinOp> = { '+': 'add', '-': 'sub', '*': 'mul', '&': 'and', '|': 'or', '^': 'xor' };
const SHIFT: Record<string, BinOp> = { '<<': 'shl', '>>u': 'shr', '>>s': 'sar' };
const BUILTIN2: Record<string, BinOp> = {
  mulhs: 'mulhs', mulhu: 'mulhu', divs: 'divs', divu: 'divu', rems: 'rems', remu: 'remu', rotl: 'rol', rotr: 'ror',
};

function err(loc: SourceLoc, msg: string): never {
  throw new XlatError(`${formatLoc(loc)}: ${msg}`);
}

function mask(w: number): number {
  return w >= 32 ? 0xffffffff : 2 ** w - 1;
}

export function newScope(parent: Scope | null): Scope {
  return { names: new Map(), parent };
}

function lookup(scope: Scope | null, name: string): Binding | undefined {
  for (let s = scope; s; s = s.parent) {
    const b = s.names.get(name);
    if (b) return b;
  }
  return undefined;
}

/** Whether an expression's width comes only from its context (plain numbers). */
function literalish(a: AExpr): boolean {
  switch (a.k) {
    case 'num':
      return true;
    case 'un':
      return a.op !== '!' && literalish(a.a);
    case 'bin':
      return !(a.op in CMP) && a.op !== '&&' && a.op !== '||' && literalish(a.a) && literalish(a.b);
    default:
      return false;
  }
}

/** Evaluate a constant spec expression (bit positions, widths, encoding values). */
export function constValue(a: AExpr, what: string): number {
  switch (a.k) {
    case 'num':
      return a.v;
    case 'un':
      if (a.op === '-') return -constValue(a.a, what);
      if (a.op === '~') return ~constValue(a.a, what);
      break;
    case 'bin': {
      const x = constValue(a.a, what);
      const y = constValue(a.b, what);
      switch (a.op) {
        case '+': return x + y;
        case '-': return x - y;
        case '*': return x * y;
        case '&': return x & y;
        case '|': return x | y;
        case '^': return x ^ y;
        case '<<': return x * 2 ** y;
      }
      break;
    }
  }
  return err(a.loc, `${what} must be a constant`);
}

export class Lowerer {
  constructor(private ctx: LowerContext) {}

  private fresh(name: string): string {
    return `${name}_${this.ctx.counter.n++}`;
  }

  // ---- locations ----------------------------------------------------------

  /** Resolve as a location, or null when the expression is not one. */
  loc(a: AExpr, scope: Scope): Loc | null {
    const ctx = this.ctx;
    switch (a.k) {
      case 'id': {
        const b = lookup(scope, a.name);
        if (b) return b.kind === 'ast' ? this.loc(b.ast, b.env) : null;
        const f = ctx.fields.get(a.name);
        if (f) {
          if (f.regFile) {
            const file = ctx.files.get(f.regFile)!;
            return { k: 'regx', w: file.bits, file: f.regFile, index: { k: 'field', w: 32, field: f.name } };
          }
          return null;
        }
        const m = ctx.modes.get(a.name);
        if (m) return this.loc(m, this.root());
        const r = ctx.regs.get(a.name);
        if (r) return { k: 'reg', w: r.bits, slot: r.slot };
        return null;
      }
      case 'index': {
        if (a.a.k === 'id' && !lookup(scope, a.a.name)) {
          const name = a.a.name;
          const file = ctx.files.get(name);
          if (file) return { k: 'regx', w: file.bits, file: name, index: this.expr(a.i, scope, 32) };
          const mw = /^mem(8|16|32)?$/.exec(name);
          if (mw) {
            const w = mw[1] ? Number(mw[1]) : ctx.wordBits;
            return { k: 'mem', w, addr: this.expr(a.i, scope, 32) };
          }
        }
        return null;
      }
      case 'width': {
        const inner = this.loc(a.a, scope);
        if (!inner) return err(a.loc, 'only a register or memory location can be accessed at another width (@)');
        if (![8, 16, 32].includes(a.bits)) err(a.loc, `width @${a.bits} must be 8, 16 or 32`);
        if (inner.k === 'mem') return { k: 'mem', w: a.bits, addr: inner.addr };
        if (a.bits > inner.w) err(a.loc, `@${a.bits} is wider than the ${inner.w}-bit location`);
        if (a.bits === inner.w) return inner;
        if (inner.k === 'low') return { k: 'low', w: a.bits, loc: inner.loc };
        return { k: 'low', w: a.bits, loc: inner };
      }
      default:
        return null;
    }
  }

  private root(): Scope {
    return newScope(null);
  }

  // ---- expressions ----------------------------------------------------------

  expr(a: AExpr, scope: Scope, want?: number): Expr {
    const e = this.exprInner(a, scope, want);
    if (want !== undefined && e.w !== want) {
      err(a.loc, `width mismatch: expected a ${want}-bit value, found ${e.w} bits`);
    }
    return e;
  }

  private exprInner(a: AExpr, scope: Scope, want?: number): Expr {
    const ctx = this.ctx;
    switch (a.k) {
      case 'num': {
        const w = want ?? ctx.wordBits;
        if (a.v > mask(w)) err(a.loc, `constant ${a.v} does not fit in ${w} bits`);
        return { k: 'const', w, v: a.v };
      }
      case 'id': {
        const b = lookup(scope, a.name);
        if (b) {
          if (b.kind === 'local') return { k: 'local', w: b.w, name: b.name };
          return this.expr(b.ast, b.env, want);
        }
        if (a.name === 'pc') return { k: 'pc', w: 32 };
        if (a.name === 'npc') return { k: 'npc', w: 32 };
        const f = ctx.fields.get(a.name);
        if (f) {
          const es = ctx.enumSem.get(a.name);
          if (es) return this.expr(es, this.root(), 1);
          if (!f.regFile) return { k: 'field', w: 32, field: f.name };
        }
        if (ctx.operands.has(a.name)) {
          ctx.usedOperands.add(a.name);
          return { k: 'operand', w: 32, name: a.name };
        }
        const m = ctx.modes.get(a.name);
        if (m) {
          const ml = this.loc(m, this.root());
          if (ml) return { k: 'read', w: ml.w, loc: ml };
          return this.expr(m, this.root(), want);
        }
        const l = this.loc(a, scope);
        if (l) return { k: 'read', w: l.w, loc: l };
        return err(a.loc, `unknown name '${a.name}'`);
      }
      case 'index': {
        const l = this.loc(a, scope);
        if (l) return { k: 'read', w: l.w, loc: l };
        const base = this.expr(a.a, scope);
        const i = constValue(a.i, 'a bit index');
        if (i < 0 || i >= base.w) err(a.i.loc, `bit ${i} is outside the ${base.w}-bit value`);
        return { k: 'slice', w: 1, hi: i, lo: i, a: base };
      }
      case 'slice': {
        const base = this.expr(a.a, scope);
        const hi = constValue(a.hi, 'a bit position');
        const lo = constValue(a.lo, 'a bit position');
        if (hi < lo || hi >= base.w || lo < 0) err(a.loc, `bits ${hi}:${lo} are outside the ${base.w}-bit value`);
        return { k: 'slice', w: hi - lo + 1, hi, lo, a: base };
      }
      case 'width': {
        const l = this.loc(a, scope)!;
        return { k: 'read', w: l.w, loc: l };
      }
      case 'cond': {
        const c = this.expr(a.c, scope, 1);
        const [t, f] = this.unify(a.t, a.f, scope, want, '?:');
        return { k: 'cond', w: t.w, c, t, f };
      }
      case 'un': {
        if (a.op === '!') {
          const x = this.expr(a.a, scope, 1);
          return { k: 'un', w: 1, op: 'lnot', a: x };
        }
        const x = this.expr(a.a, scope, want);
        return { k: 'un', w: x.w, op: a.op === '-' ? 'neg' : 'not', a: x };
      }
      case 'bin':
        return this.binary(a, scope, want);
      case 'call':
        return this.call(a, scope, want);
    }
  }

  private unify(x: AExpr, y: AExpr, scope: Scope, want: number | undefined, what: string): [Expr, Expr] {
    let a: Expr;
    let b: Expr;
    if (literalish(x) && !literalish(y)) {
      b = this.expr(y, scope, want);
      a = this.expr(x, scope, b.w);
    } else {
      a = this.expr(x, scope, want);
      b = this.expr(y, scope, a.w);
    }
    if (a.w !== b.w) err(x.loc, `width mismatch: ${a.w}-bit and ${b.w}-bit operands of '${what}'`);
    return [a, b];
  }

  private binary(a: Extract<AExpr, { k: 'bin' }>, scope: Scope, want?: number): Expr {
    if (a.op === '&&' || a.op === '||') {
      const x = this.expr(a.a, scope, 1);
      const y = this.expr(a.b, scope, 1);
      return { k: 'bin', w: 1, op: a.op === '&&' ? 'land' : 'lor', a: x, b: y };
    }
    const cmp = CMP[a.op];
    if (cmp) {
      const [x, y] = this.unify(a.a, a.b, scope, undefined, a.op);
      return { k: 'bin', w: 1, op: cmp, a: x, b: y };
    }
    const sh = SHIFT[a.op];
    if (sh) {
      const x = this.expr(a.a, scope, want);
      const y = this.expr(a.b, scope, literalish(a.b) ? x.w : undefined);
      return { k: 'bin', w: x.w, op: sh, a: x, b: y };
    }
    const ar = ARITH[a.op];
    if (!ar) return err(a.loc, `unknown operator '${a.op}'`);
    const [x, y] = this.unify(a.a, a.b, scope, want, a.op);
    return { k: 'bin', w: x.w, op: ar, a: x, b: y };
  }

  private call(a: Extract<AExpr, { k: 'call' }>, scope: Scope, want?: number): Expr {
    const ctx = this.ctx;
    const argc = (n: number) => {
      if (a.args.length !== n) err(a.loc, `${a.name} takes ${n} argument${n === 1 ? '' : 's'}, found ${a.args.length}`);
    };
    if (a.name === 'sext' || a.name === 'zext') {
      argc(2);
      const w = constValue(a.args[1], 'the width');
      const x = this.expr(a.args[0], scope);
      if (w < x.w || w > 32) err(a.loc, `cannot extend a ${x.w}-bit value to ${w} bits`);
      if (w === x.w) return x;
      return { k: 'ext', w, signed: a.name === 'sext', a: x };
    }
    if (a.name === 'addr') {
      argc(1);
      const l = this.loc(a.args[0], scope);
      if (!l || l.k !== 'mem') return err(a.loc, 'addr() takes a memory location');
      return { k: 'addrof', w: 32, loc: l };
    }
    const b2 = BUILTIN2[a.name];
    if (b2) {
      argc(2);
      const [x, y] = this.unify(a.args[0], a.args[1], scope, want, a.name);
      if (x.w !== 32) err(a.loc, `${a.name} works on 32-bit values`);
      return { k: 'bin', w: 32, op: b2, a: x, b: y };
    }
    const m = ctx.exprMacros.get(a.name);
    if (m) {
      if (m.params.length !== a.args.length) {
        err(a.loc, `${a.name} takes ${m.params.length} arguments, found ${a.args.length}`);
      }
      if (++ctx.depth > 64) err(a.loc, `macro ${a.name} expands without end`);
      const inner = newScope(null);
      m.params.forEach((p, i) => inner.names.set(p, { kind: 'ast', ast: a.args[i], env: scope }));
      const out = this.expr(m.e, inner, want);
      ctx.depth--;
      return out;
    }
    if (ctx.stmtMacros.has(a.name)) return err(a.loc, `${a.name} is a statement, not a value`);
    return err(a.loc, `unknown function '${a.name}'`);
  }

  // ---- statements ---------------------------------------------------------

  stmts(list: AStmt[], scope: Scope, out: Stmt[]): void {
    for (const s of list) this.stmt(s, scope, out);
  }

  private stmt(s: AStmt, scope: Scope, out: Stmt[]): void {
    const ctx = this.ctx;
    switch (s.k) {
      case 'let': {
        const e = this.expr(s.e, scope);
        const name = this.fresh(s.name);
        scope.names.set(s.name, { kind: 'local', name, w: e.w });
        out.push({ k: 'let', name, e });
        return;
      }
      case 'assign': {
        const l = this.loc(s.target, scope);
        if (!l) return err(s.target.loc, 'cannot assign to this (not a register, field register, mode or memory location)');
        const e = this.expr(s.e, scope, l.w);
        out.push({ k: 'set', loc: l, e });
        return;
      }
      case 'if': {
        const c = this.expr(s.c, scope, 1);
        const t: Stmt[] = [];
        const f: Stmt[] = [];
        this.stmts(s.t, newScope(scope), t);
        this.stmts(s.f, newScope(scope), f);
        out.push({ k: 'if', c, t, f });
        return;
      }
      case 'block':
        this.stmts(s.body, newScope(scope), out);
        return;
      case 'jump':
        out.push({ k: 'jump', e: this.expr(s.e, scope, 32) });
        return;
      case 'fault':
        if (!FAULTS.includes(s.name as FaultName)) {
          err(s.loc, `unknown fault '${s.name}' (one of ${FAULTS.join(', ')})`);
        }
        out.push({ k: 'fault', fault: s.name as FaultName });
        return;
      case 'syscall': {
        if (!s.args) {
          ctx.plainSyscall.used = true;
          out.push({ k: 'syscall' });
          return;
        }
        const ports = ctx.syscallPorts(s.args.length - 1);
        const w = ctx.wordBits;
        s.args.forEach((a, i) => {
          const slot = i === 0 ? ports.nr : ports.args[i - 1];
          out.push({ k: 'set', loc: { k: 'reg', w, slot }, e: this.expr(a, scope, w) });
        });
        // Arguments a call does not pass are 0, not what an earlier call left.
        for (let i = s.args.length - 1; i < ports.args.length; i++) {
          out.push({ k: 'set', loc: { k: 'reg', w, slot: ports.args[i] }, e: { k: 'const', w, v: 0 } });
        }
        out.push({ k: 'syscall' });
        if (s.result !== undefined) {
          const name = this.fresh(s.result);
          scope.names.set(s.result, { kind: 'local', name, w });
          out.push({ k: 'let', name, e: { k: 'read', w, loc: { k: 'reg', w, slot: ports.result } } });
        }
        return;
      }
      case 'probe': {
        const l = this.loc(s.target, scope);
        if (!l || l.k !== 'mem') return err(s.target.loc, 'probe takes a memory location, like mem32[a]');
        out.push({ k: 'set', loc: l, e: { k: 'read', w: l.w, loc: l }, probe: true });
        return;
      }
      case 'call': {
        const m = ctx.stmtMacros.get(s.name);
        if (!m) {
          if (ctx.exprMacros.has(s.name)) err(s.loc, `${s.name} is a value, not a statement`);
          return err(s.loc, `unknown statement macro '${s.name}'`);
        }
        if (m.params.length !== s.args.length) {
          err(s.loc, `${s.name} takes ${m.params.length} arguments, found ${s.args.length}`);
        }
        if (++ctx.depth > 64) err(s.loc, `macro ${s.name} expands without end`);
        const inner = newScope(null);
        const byRef = refParams(m, ctx.stmtMacros);
        m.params.forEach((p, i) => {
          const arg = s.args[i];
          // A parameter the macro assigns (or narrows, or takes the address
          // of) names the caller's location; any other is read once, here,
          // so that the macro sees the value from before its own writes.
          if (byRef.has(p) || literalish(arg) || (arg.k === 'id' && lookup(scope, arg.name)?.kind === 'local')) {
            inner.names.set(p, { kind: 'ast', ast: arg, env: scope });
            return;
          }
          const e = this.expr(arg, scope);
          const name = this.fresh(p);
          out.push({ k: 'let', name, e });
          inner.names.set(p, { kind: 'local', name, w: e.w });
        });
        this.stmts(m.body, inner, out);
        ctx.depth--;
        return;
      }
    }
  }
}

/** Parameters a statement macro uses as locations: assigned, narrowed with @, or under addr(). */
function refParams(m: StmtMacro, macros: Map<string, StmtMacro>, depth = 0): Set<string> {
  const out = new Set<string>();
  const params = new Set(m.params);
  const target = (a: AExpr) => {
    if (a.k === 'id' && params.has(a.name)) out.add(a.name);
    else if (a.k === 'width') target(a.a);
  };
  const ex = (a: AExpr): void => {
    switch (a.k) {
      case 'width':
        target(a.a);
        ex(a.a);
        return;
      case 'call':
        if (a.name === 'addr') a.args.forEach(target);
        a.args.forEach(ex);
        return;
      case 'bin':
        ex(a.a);
        ex(a.b);
        return;
      case 'un':
        ex(a.a);
        return;
      case 'cond':
        ex(a.c);
        ex(a.t);
        ex(a.f);
        return;
      case 'index':
        ex(a.a);
        ex(a.i);
        return;
      case 'slice':
        ex(a.a);
        return;
      default:
        return;
    }
  };
  const st = (list: AStmt[]): void => {
    for (const s of list) {
      switch (s.k) {
        case 'assign':
          target(s.target);
          ex(s.target);
          ex(s.e);
          break;
        case 'let':
        case 'jump':
          ex(s.e);
          break;
        case 'syscall':
          s.args?.forEach(ex);
          break;
        case 'probe':
          target(s.target);
          ex(s.target);
          break;
        case 'if':
          ex(s.c);
          st(s.t);
          st(s.f);
          break;
        case 'block':
          st(s.body);
          break;
        case 'call': {
          // A parameter passed on to a macro that uses it as a location is a location here too.
          const callee = macros.get(s.name);
          if (callee && depth < 16) {
            const inner = refParams(callee, macros, depth + 1);
            s.args.forEach((a, i) => {
              if (inner.has(callee.params[i])) target(a);
            });
          }
          s.args.forEach(ex);
          break;
        }
        default:
          break;
      }
    }
  };
  st(m.body);
  return out;
}

/** Does a statement list contain a control transfer, fault or syscall? */
export function hasControl(list: Stmt[]): boolean {
  for (const s of list) {
    if (s.k === 'jump' || s.k === 'fault' || s.k === 'syscall') return true;
    if (s.k === 'if' && (hasControl(s.t) || hasControl(s.f))) return true;
  }
  return false;
}
