// Instruction selection by the host spec's lowering rules: a backward pass
// over the statements picks, for each root (a statement, or a value that is
// needed in a register), the first rule in priority order whose pattern
// matches the tree of single-use pure values under it and whose guard holds
// (maximal munch: larger patterns come first). Constants are folded into
// $k patterns; a constant that must be in a register is made again where it
// is used when one instruction makes it. An op no rule takes at its width is
// rewritten into ops at 32 bits (with a truncation or sign extensions where
// the narrow meaning needs them) — generic facts about zero-extended values,
// not about any host — and selected again.

import { COMMUTATIVE } from '../ir/arith.js';
import type { BinOp, LowerPattern, LowerRule } from '../spec/model.js';
import { LOWER_SIGNATURES } from '../spec/lower-signatures.js';
import { evalHostExpr } from './hexpr.js';
import { layoutValue } from './layout.js';
import type { Arg, Lir, LStmt, Node } from './lir.js';
import type { HostInfo } from './rules.js';

/**
 * A sign extension to fewer than 32 bits. A `sext` rule extends to 32 bits
 * (LOWERING.md), which leaves the upper bits of a narrower result set where
 * the IR keeps them clear: such a node is never matched by a rule, only
 * rewritten (legalize) into the 32-bit extension, truncated.
 */
function narrowSext(n: Node): boolean {
  return n.op === 'sext' && n.ty < 32;
}

export interface Inst {
  k: 'rule' | 'getphys' | 'setphys' | 'label' | 'insn' | 'guarded' | 'alias';
  rule?: LowerRule;
  binds?: Map<string, Arg>;
  /** The value this instance defines. */
  def?: number;
  /** Values it reads (before aliases are resolved). */
  uses: number[];
  /** getphys / setphys: the host register. */
  reg?: number;
  /** setphys / alias: the value. */
  src?: number;
  label?: number;
  independent?: boolean;
  pc?: number;
  len?: number;
  /** A fault point or a control transfer: guest state must be exact here, nothing moves across it. */
  barrier: boolean;
  /** guarded: a branch around the body (br_false(guard) to skip), and for a load, d = 0 first. */
  parts?: { zero?: Inst; br: Inst; body: Inst; skip: number };
  /** exit_direct: the guest pc it continues at (its first word is a patch site). */
  exitTo?: number;
}

export class SelectError extends Error {}

/** The binding that holds the width every @* of a rule stands for (not a name a pattern can use). */
const STAR = '@*';

const BARRIER_BLOCKS = new Set(['exit_direct', 'exit_indirect', 'exit_fault', 'exit_budget', 'dispatch', 'syscall', 'smc_check', 'count_indirect', 'mark_lazy', 'count', 'charge', 'jump', 'br_true', 'br_false']);

function mask(w: number): number {
  return w >= 32 ? -1 : 2 ** w - 1;
}

export class Selector {
  readonly need: Uint8Array;
  private nodes: Node[];

  constructor(
    private info: HostInfo,
    private lir: Lir,
  ) {
    this.nodes = lir.nodes;
    this.need = new Uint8Array(lir.nodes.length + 1024);
  }

  rep(v: number): number {
    let x = v;
    for (let i = 0; i < 64; i++) {
      const a = this.lir.aliasOf.get(x);
      if (a === undefined) return x;
      x = a;
    }
    return x;
  }

  /** The statement being selected (users record where a value is first needed). */
  private at = 0;
  private firstUse = new Map<number, number>();

  private setNeed(v: number) {
    if (v >= this.need.length) return; // inline values are materialized where used
    this.need[v] = 1;
    const f = this.firstUse.get(v);
    if (f === undefined || this.at < f) this.firstUse.set(v, this.at);
  }

  private fresh(n: Omit<Node, 'uses' | 'leaf' | 'inline'>): number {
    this.nodes.push({ ...n, uses: 1, leaf: false, inline: true });
    return this.nodes.length - 1;
  }

  private widthOk(p: Extract<LowerPattern, { k: 'op' }>, n: { w: number }): boolean {
    if (!LOWER_SIGNATURES[p.op]?.width) return true;
    if (p.width === '*') return true;
    return n.w === (p.width ?? 32);
  }

  /**
   * May a value with several users be folded into this one as well (computed
   * again here)? Only an address computation of a memory access, a register
   * plus a constant: it costs nothing in the addressing mode, and saves a
   * temp live from one access to the next.
   */
  private dupOk = false;

  private duplicable(n: Node): boolean {
    if (!this.dupOk || (n.op !== 'add' && n.op !== 'sub')) return false;
    // A register plus or minus a constant.
    return n.args.some((a) => 'v' in a && this.nodes[this.rep(a.v)].op === 'const');
  }

  private match(p: LowerPattern, a: Arg, b: Map<string, Arg>): boolean {
    switch (p.k) {
      case 'reg':
        if (b.has(p.name)) {
          // A variable that appears twice: the same value (after aliasing) in both places.
          const was = b.get(p.name)!;
          if ('v' in was && 'v' in a) return this.rep(was.v) === this.rep(a.v);
          return 'r' in was && 'r' in a && was.r === a.r;
        }
        if ('v' in a) {
          b.set(p.name, { v: this.rep(a.v) });
          return true;
        }
        if ('r' in a) {
          b.set(p.name, a);
          return true;
        }
        return false;
      case 'const': {
        if ('c' in a) {
          b.set(p.name, a);
          return true;
        }
        if (!('v' in a)) return false;
        const n = this.nodes[this.rep(a.v)];
        if (n.op !== 'const' || n.leaf) return false;
        b.set(p.name, n.args[0]);
        return true;
      }
      case 'label':
        if ('l' in a) {
          b.set(p.name, a);
          return true;
        }
        return false;
      case 'op': {
        if (!('v' in a)) return false;
        const v = this.rep(a.v);
        const n = this.nodes[v];
        if (n.leaf || n.op !== p.op || !this.widthOk(p, n) || narrowSext(n)) return false;
        // Every @* of a rule is one width: and@*(a, not@*(b)) is not and@32 of a not@8.
        if (p.width === '*' && LOWER_SIGNATURES[p.op]?.width) {
          const w = b.get(STAR);
          if (w && 'c' in w && w.c !== n.w) return false;
          b.set(STAR, { c: n.w });
        }
        if (n.uses !== 1 && !this.duplicable(n)) return false;
        const dup = this.dupOk;
        this.dupOk = false;
        try {
          return this.matchArgs(p.args, n.args, b, n.op);
        } finally {
          this.dupOk = dup;
        }
      }
    }
  }

  private matchArgs(ps: LowerPattern[], as: Arg[], b: Map<string, Arg>, op: string): boolean {
    if (ps.length !== as.length) return false;
    const saved = new Map(b);
    if (ps.every((p, i) => this.match(p, as[i], b))) return true;
    if (as.length === 2 && COMMUTATIVE.has(op as BinOp)) {
      b.clear();
      for (const [k, x] of saved) b.set(k, x);
      if (this.match(ps[0], as[1], b) && this.match(ps[1], as[0], b)) return true;
    }
    b.clear();
    for (const [k, x] of saved) b.set(k, x);
    return false;
  }

  guardHolds(r: LowerRule, b: Map<string, Arg>): boolean {
    if (!r.guard) return true;
    const v = evalHostExpr(r.guard, (name) => {
      const x = b.get(name);
      if (x && 'c' in x) return x.c;
      return layoutValue(name);
    });
    return v !== undefined && v !== 0;
  }

  /** The rule for a root: an op with arguments (a node's, or a statement's). */
  findRule(op: string, w: number, args: Arg[]): { rule: LowerRule; binds: Map<string, Arg> } | undefined {
    for (const r of this.info.byName.get(op) ?? []) {
      if (!this.widthOk(r.pattern, { w })) continue;
      const b = new Map<string, Arg>();
      if (r.pattern.width === '*' && LOWER_SIGNATURES[op]?.width) b.set(STAR, { c: w });
      this.dupOk = op.startsWith('load') || op.startsWith('store');
      let ok: boolean;
      try {
        ok = this.matchArgs(r.pattern.args, args, b, op);
      } finally {
        this.dupOk = false;
      }
      if (ok && this.guardHolds(r, b)) return { rule: r, binds: b };
    }
    return undefined;
  }

  private hasRule(op: string, w: number): boolean {
    return (this.info.byName.get(op) ?? []).some((r) => this.widthOk(r.pattern, { w }));
  }

  /** Rewrite node v (no rule takes it) into ops at 32 bits; false when there is no rewrite. */
  private legalize(v: number): boolean {
    const n = this.nodes[v];
    const W = n.w;
    const a = n.args[0];
    const b = n.args[1];
    const set = (m: Omit<Node, 'uses' | 'leaf' | 'inline'>) => {
      this.nodes[v] = { ...m, uses: n.uses, leaf: false, inline: n.inline };
    };
    const c = (ty: number, value: number): Arg => ({ v: this.fresh({ op: 'const', w: ty, ty, args: [{ c: value }] }) });
    const op32 = (op: string, args: Arg[], ty = 32): Arg => ({ v: this.fresh({ op, w: 32, ty, args }) });
    const sext = (x: Arg, from: number): Arg => ({ v: this.fresh({ op: 'sext', w: from, ty: 32, args: [x] }) });
    const trunc = (x: Arg, ty: number): Omit<Node, 'uses' | 'leaf' | 'inline'> => ({ op: 'trunc', w: ty, ty, args: [x] });
    if (W < 32) {
      switch (n.op) {
        case 'add':
        case 'sub':
        case 'mul':
        case 'shl':
        case 'rol':
        case 'ror':
        case 'divs':
        case 'rems':
        case 'mulhu':
        case 'mulhs':
        case 'neg':
        case 'not':
          set(trunc(op32(n.op, n.args), n.ty));
          return true;
        case 'and':
        case 'or':
        case 'xor':
        case 'shr':
        case 'divu':
        case 'remu':
        case 'eq':
        case 'ne':
        case 'ltu':
        case 'leu':
        case 'gtu':
        case 'geu':
        case 'select':
        case 'const':
          set({ ...n, w: 32 });
          return true;
        case 'sar':
          set(trunc(op32('sar', [sext(a, W), b]), n.ty));
          return true;
        case 'lts':
        case 'les':
        case 'gts':
        case 'ges':
          set({ op: n.op, w: 32, ty: n.ty, args: [sext(a, W), sext(b, W)] });
          return true;
        default:
          break;
      }
    }
    switch (n.op) {
      case 'land':
        set({ ...n, op: 'and' });
        return true;
      case 'lor':
        set({ ...n, op: 'or' });
        return true;
      case 'lnot':
        set({ op: 'xor', w: W, ty: n.ty, args: [a, c(W, 1)] });
        return true;
      case 'sext':
        if (n.ty < 32) {
          set(trunc(sext(a, W), n.ty));
          return true;
        }
        if (W < 32 && this.hasRule('shl', 32) && this.hasRule('sar', 32)) {
          set({ op: 'sar', w: 32, ty: 32, args: [op32('shl', [a, c(32, 32 - W)]), c(32, 32 - W)] });
          return true;
        }
        return false;
      case 'trunc':
        set({ op: 'and', w: 32, ty: n.ty, args: [a, c(32, mask(n.ty))] });
        return true;
      case 'slice': {
        const hi = (n.args[1] as { c: number }).c;
        const lo = (n.args[2] as { c: number }).c;
        const sh = lo === 0 ? a : op32('shr', [a, c(32, lo)]);
        if (hi >= W - 1) set({ op: 'alias32', w: 32, ty: n.ty, args: [sh] });
        else set(trunc(sh, n.ty));
        return true;
      }
      case 'bswap': {
        if (W === 16) {
          const hiB = op32('shr', [a, c(32, 8)]);
          const loB = op32('shl', [op32('and', [a, c(32, 255)]), c(32, 8)]);
          set({ op: 'or', w: 32, ty: 16, args: [hiB, loB] });
          return true;
        }
        const b0 = op32('shl', [a, c(32, 24)]);
        const b3 = op32('shr', [a, c(32, 24)]);
        const b1 = op32('shl', [op32('and', [a, c(32, 0xff00)]), c(32, 8)]);
        const b2 = op32('and', [op32('shr', [a, c(32, 8)]), c(32, 0xff00)]);
        set({ op: 'or', w: 32, ty: 32, args: [op32('or', [b0, b3]), op32('or', [b1, b2])] });
        return true;
      }
      default:
        return false;
    }
  }

  private isCheapConst(v: number): boolean {
    const n = this.nodes[v];
    const m = this.findRule('const', n.w, n.args);
    return m !== undefined && !m.rule.alias && m.rule.insns.length <= 1;
  }

  /** A root: its rule, the instances that make its inline leaves first. */
  private root(op: string, w: number, args: Arg[], def: number | undefined, what: string): Inst[] {
    let m = def !== undefined && narrowSext(this.nodes[def]) ? undefined : this.findRule(op, w, args);
    for (let i = 0; !m && def !== undefined && i < 8; i++) {
      if (!this.legalize(def)) break;
      const n = this.nodes[def];
      if (n.op === 'alias32') {
        // The rewritten value is its operand's register.
        const src = n.args[0] as { v: number };
        return this.alias(def, src.v);
      }
      m = this.findRule(n.op, n.w, n.args);
      op = n.op;
    }
    if (!m) {
      const n = def !== undefined ? this.nodes[def] : undefined;
      const wtxt = n && LOWER_SIGNATURES[n.op]?.width ? `@${n.w}` : '';
      throw new SelectError(`${this.info.isa.name}: no lowering rule takes ${n ? n.op : op}${wtxt} (${what})`);
    }
    const pre: Inst[] = [];
    const uses: number[] = [];
    if (m.rule.alias !== undefined) {
      const src = m.binds.get(m.rule.alias) as { v: number };
      return this.alias(def!, src.v);
    }
    for (const [name, x] of m.binds) {
      if (!('v' in x)) continue;
      const u = this.rep(x.v);
      const nu = this.nodes[u];
      if (nu.inline) {
        pre.push(...this.value(u));
      } else if (nu.op === 'const' && !nu.leaf && this.isCheapConst(u)) {
        const clone = this.fresh({ op: 'const', w: nu.w, ty: nu.ty, args: nu.args });
        m.binds.set(name, { v: clone });
        pre.push(...this.value(clone));
        uses.push(clone);
        continue;
      } else this.setNeed(u);
      uses.push(u);
    }
    const sig = LOWER_SIGNATURES[m.rule.name];
    const barrier = BARRIER_BLOCKS.has(m.rule.name) || m.rule.name.startsWith('load') || m.rule.name.startsWith('store');
    void sig;
    return [...pre, { k: 'rule', rule: m.rule, binds: m.binds, ...(def !== undefined ? { def } : {}), uses, barrier }];
  }

  private alias(def: number, src: number): Inst[] {
    const u = this.rep(src);
    this.lir.aliasOf.set(def, u);
    const nu = this.nodes[u];
    if (nu.inline) return this.value(u);
    if (nu.op === 'const' && !nu.leaf && this.isCheapConst(u)) {
      const clone = this.fresh({ op: 'const', w: nu.w, ty: nu.ty, args: nu.args });
      this.lir.aliasOf.set(def, clone);
      return this.value(clone);
    }
    this.setNeed(u);
    return [];
  }

  /** Materialize value v (a node) as a root. */
  value(v: number): Inst[] {
    const n = this.nodes[v];
    return this.root(n.op, n.w, n.args, v, `value v${v}`);
  }

  /** Instances of one statement. */
  stmt(st: LStmt): Inst[] {
    switch (st.s) {
      case 'insn':
        return [{ k: 'insn', pc: st.pc, len: st.len, uses: [], barrier: false }];
      case 'label':
        return [{ k: 'label', label: st.label, independent: st.independent, uses: [], barrier: true }];
      case 'def':
        return this.need[st.v] ? this.value(st.v) : [];
      case 'getphys':
        return this.need[st.v] ? [{ k: 'getphys', def: st.v, reg: st.reg, uses: [], barrier: false }] : [];
      case 'setphys': {
        const pre: Inst[] = [];
        let v = this.rep(st.v);
        const n = this.nodes[v];
        if (n.inline) pre.push(...this.value(v));
        else if (n.op === 'const' && !n.leaf && this.isCheapConst(v)) {
          v = this.fresh({ op: 'const', w: n.w, ty: n.ty, args: n.args });
          pre.push(...this.value(v));
        } else this.setNeed(v);
        return [...pre, { k: 'setphys', reg: st.reg, src: v, uses: [v], barrier: false }];
      }
      case 'load':
      case 'store': {
        const body =
          st.s === 'load'
            ? this.root(this.nodes[st.v].op, 32, this.nodes[st.v].args, st.v, `load v${st.v}`)
            : this.root(`store${st.w}`, 32, [{ v: st.addr }, { v: st.val }], undefined, 'store');
        if (st.guard === undefined) return body;
        const main = body.pop()!;
        const skip = this.lir.labels++;
        const br = this.root('br_false', 32, [{ v: st.guard }, { l: skip }], undefined, 'guard');
        const brMain = br.pop()!;
        let zero: Inst | undefined;
        if (st.s === 'load') {
          const m = this.findRule('const', 32, [{ c: 0 }]);
          if (!m) throw new SelectError(`${this.info.isa.name}: no lowering rule makes the constant 0`);
          zero = { k: 'rule', rule: m.rule, binds: m.binds, def: st.v, uses: [], barrier: false };
        }
        const uses = [...brMain.uses, ...main.uses];
        return [
          ...body,
          ...br,
          {
            k: 'guarded',
            uses,
            ...(st.s === 'load' ? { def: st.v } : {}),
            barrier: true,
            parts: { ...(zero ? { zero } : {}), br: brMain, body: main, skip },
          },
        ];
      }
      case 'br':
        return this.root(st.sense ? 'br_true' : 'br_false', 32, [{ v: st.c }, { l: st.label }], undefined, 'branch');
      case 'jump':
        return this.root('jump', 32, [{ l: st.label }], undefined, 'jump');
      case 'block': {
        const insts = this.root(st.name, 32, st.args, st.def, st.name);
        if (st.exitTo !== undefined) insts[insts.length - 1].exitTo = st.exitTo;
        return insts;
      }
    }
  }

  /**
   * All instances, in order. A pure value is made just before the statement
   * that first needs it in a register (sunk from where the IR computes it),
   * but not past a branch into code that may need it, nor past a label.
   */
  run(): Inst[] {
    const stmts = this.lir.stmts;
    const n = stmts.length;
    const independent = new Set<number>();
    for (const s of stmts) if (s.s === 'label' && s.independent) independent.add(s.label);
    const limit = new Array<number>(n + 1);
    limit[n] = n;
    for (let i = n - 1; i >= 0; i--) {
      const s = stmts[i];
      const stop =
        s.s === 'label' ||
        ((s.s === 'br' || s.s === 'jump') && !independent.has(s.label)) ||
        (s.s === 'block' && s.args.some((a) => 'l' in a && !independent.has(a.l)));
      limit[i] = stop ? i : limit[i + 1];
    }
    const per: Inst[][] = new Array(n);
    for (let i = n - 1; i >= 0; i--) {
      this.at = i;
      const s = stmts[i];
      if (s.s === 'def' && this.need[s.v]) {
        const j = Math.min(this.firstUse.get(s.v) ?? i, limit[i + 1] ?? n);
        if (j > i && j < n) {
          // Selected as if at j: its own leaves are first needed there.
          this.at = j;
          per[j] = [...this.value(s.v), ...per[j]];
          per[i] = [];
          continue;
        }
      }
      per[i] = this.stmt(s);
    }
    return per.flat();
  }
}
