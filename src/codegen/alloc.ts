// Register allocation and emission. Guest state lives in its fixed homes: a
// value read from a guest register is that register (copied to a temp only
// when the register is written while the value is still needed), and a value
// whose guest-register write comes later is computed straight into the home
// when nothing in between could see the difference (no fault point, no other
// reader or writer of that register). Other values get temps in one linear
// scan; when temps run out, the value used last is spilled to a spill slot
// and loaded again where it is needed.

import type { LowerRule } from '../spec/model.js';
import type { VariantForm } from '../asm/encode.js';
import type { Env } from './encode.js';
import { HOST_LAYOUT, layoutValue } from './layout.js';
import type { Arg, Lir } from './lir.js';
import type { HostInfo } from './rules.js';
import { SelectError, type Inst, type Selector } from './select.js';

export type Emitted =
  | { k: 'insn'; t: LowerRule['insns'][number]; env: Env & { touchedLabel: boolean }; forms?: VariantForm[] }
  | { k: 'label'; id: number }
  | { k: 'marker'; pc: number; len: number }
  /** An exit stub starts at this label; its first word is a patch site. */
  | { k: 'patch'; guest: number; label: number };

/** Label addresses, filled by the layout (NaN while unknown). */
export interface LabelTable {
  addr: number[];
}

class InstEnv implements Env {
  /** Set when a value looked up a label (its instruction's size may change with the layout). */
  touchedLabel = false;
  constructor(
    private regs: Map<string, number>,
    private vals: Map<string, number>,
    private labels: Map<string, number>,
    private table: LabelTable,
  ) {}
  reg(hole: string): number {
    const r = this.regs.get(hole);
    if (r === undefined) throw new SelectError(`internal: register hole {${hole}} has no register`);
    return r;
  }
  value(name: string): number | undefined {
    const c = this.vals.get(name);
    if (c !== undefined) return c;
    const l = this.labels.get(name);
    if (l !== undefined) {
      this.touchedLabel = true;
      const a = this.table.addr[l];
      return a === undefined || Number.isNaN(a) ? undefined : a;
    }
    return layoutValue(name);
  }
}

const selfUsers = new WeakMap<LowerRule, boolean>();
function usesSelf(r: LowerRule): boolean {
  let u = selfUsers.get(r);
  if (u === undefined) {
    u = JSON.stringify(r.insns).includes('"name":"self"');
    selfUsers.set(r, u);
  }
  return u;
}

export interface Allocation {
  out: Emitted[];
  labels: number;
  table: LabelTable;
  /** Values spilled for want of temps (a measure of register pressure). */
  spills: number;
}

export function allocate(info: HostInfo, lir: Lir, insts: Inst[], sel: Selector): Allocation {
  const host = info.host;
  const rep = (v: number) => sel.rep(v);
  const n = insts.length;
  const table: LabelTable = { addr: [] };
  let nextLabel = lir.labels;

  // ---- uses, definitions, last uses ----
  const usesOf: number[][] = insts.map((x) => [...new Set(x.uses.map(rep))]);
  const defAt = new Map<number, number>();
  const lastUse = new Map<number, number>();
  insts.forEach((x, i) => {
    if (x.def !== undefined) defAt.set(x.def, i);
    for (const u of usesOf[i]) lastUse.set(u, i);
  });
  const independent = new Set<number>();
  for (const x of insts) if (x.k === 'label' && x.independent) independent.add(x.label!);

  // ---- which host registers each instance writes ----
  const clobbers = (x: Inst): number[] => {
    if (x.k === 'setphys') return [x.reg!];
    if (x.k !== 'rule') return [];
    const f = info.facts.get(x.rule!)!;
    const out = [...f.fixedWrites];
    if (f.writes.has('exit')) out.push(host.exit);
    if (f.writes.has('link')) out.push(host.link);
    if (f.writes.has('count')) out.push(host.count);
    if (x.rule!.name === 'syscall') out.push(info.isa.abi.syscallResult);
    return out;
  };
  const writes: number[][] = insts.map(clobbers);

  // ---- values read from a home: copy the ones whose home is written while they live ----
  const copy = new Set<number>();
  const gets = new Map<number, Array<{ v: number; at: number }>>();
  insts.forEach((x, i) => {
    if (x.k !== 'getphys') return;
    const v = x.def!;
    const last = lastUse.get(v);
    if (last === undefined) return;
    const list = gets.get(x.reg!) ?? [];
    list.push({ v, at: i });
    gets.set(x.reg!, list);
    for (let k = i + 1; k < last; k++) if (writes[k].includes(x.reg!)) copy.add(v);
  });

  // ---- results computed straight into the home a later setphys writes ----
  const target = new Map<number, number>(); // value -> home register
  const targetedSet = new Set<number>(); // indices of setphys made no-ops
  const inHome = new Map<number, Array<{ v: number; from: number; last: number }>>(); // values targeted to each home
  insts.forEach((x, p) => {
    if (x.k !== 'setphys') return;
    const R = x.reg!;
    const v = rep(x.src!);
    const q = defAt.get(v);
    if (q === undefined || q >= p || target.has(v)) return;
    const d = insts[q];
    if (d.k !== 'rule' || d.rule!.alias !== undefined) return;
    const f = info.facts.get(d.rule!)!;
    if (d.barrier && !f.homeSafe) return;
    if (!f.writes.has('d')) return;
    for (let k = q + 1; k < p; k++) if (insts[k].barrier || writes[k].includes(R)) return;
    const last = Math.max(p, lastUse.get(v) ?? p);
    for (let k = p + 1; k <= last; k++) if (writes[k].includes(R)) return;
    // A value computed into this home earlier must be dead by q (or read at q, where the rule allows it).
    for (const y of inHome.get(R) ?? []) {
      if (y.from < q && y.last > q) return;
      if (y.from < q && y.last === q) {
        for (const [name, b] of d.binds!) if ('v' in b && rep(b.v) === y.v && !f.aliasSafe.has(name)) return;
      }
    }
    for (const g of gets.get(R) ?? []) {
      if (copy.has(g.v)) {
        if (g.at > q && g.at < p) return;
        continue;
      }
      const gl = lastUse.get(g.v)!;
      if (g.at > q && g.at < p) return;
      if (g.at < q && gl > q) return;
      if (g.at < q && gl === q) {
        for (const [name, b] of d.binds!) if ('v' in b && rep(b.v) === g.v && !f.aliasSafe.has(name)) return;
      }
    }
    target.set(v, R);
    targetedSet.add(p);
    const homeList = inHome.get(R) ?? [];
    homeList.push({ v, from: q, last });
    inHome.set(R, homeList);
    writes[q] = [...writes[q], R];
    writes[p] = writes[p].filter((r) => r !== R);
  });

  // ---- linear scan, emitting as it goes ----
  const out: Emitted[] = [];
  const temps = host.temps;
  const isTemp = new Set(temps);
  const free = new Set(temps);
  const regOf = new Map<number, number>();
  const slotOf = new Map<number, number>();
  const owner = new Map<number, number>();
  const pending = new Set<number>(); // dependent labels branched to and not reached yet
  let nextSlot = lir.tempSlots;
  let spills = 0;

  const rule = (name: string, args: Arg[]) => {
    const m = sel.findRule(name, 32, args);
    if (!m) throw new SelectError(`${info.isa.name}: no lowering rule for ${name}`);
    return m;
  };

  const emitRule = (r: LowerRule, binds: Map<string, Arg>, d: number | undefined, ts: number[], exitTo?: number) => {
    const regs = new Map<string, number>();
    const vals = new Map<string, number>();
    const labels = new Map<string, number>();
    for (const [name, b] of binds) {
      if ('v' in b) {
        const reg = regOf.get(rep(b.v));
        if (reg === undefined) throw new SelectError(`internal: value v${b.v} is in no register`);
        regs.set(name, reg);
      } else if ('r' in b) regs.set(name, b.r);
      else if ('c' in b) vals.set(name, b.c);
      else labels.set(name, b.l);
    }
    if (d !== undefined) regs.set('d', d);
    ts.forEach((t, i) => regs.set(`t${i}`, t));
    regs.set('exit', host.exit);
    regs.set('link', host.link);
    regs.set('base', host.base);
    regs.set('count', host.count);
    for (const t of r.insns) if (t.label !== undefined) labels.set(t.label, nextLabel++);
    if (usesSelf(r) || exitTo !== undefined) {
      const self = nextLabel++;
      labels.set('self', self);
      out.push({ k: 'label', id: self });
      if (exitTo !== undefined) out.push({ k: 'patch', guest: exitTo, label: self });
    }
    const env = new InstEnv(regs, vals, labels, table);
    for (const t of r.insns) {
      if (t.label !== undefined) out.push({ k: 'label', id: labels.get(t.label)! });
      if (isSelfMove(t, env)) continue;
      out.push({ k: 'insn', t, env });
    }
  };

  const isSelfMove = (t: LowerRule['insns'][number], env: Env): boolean => {
    const mv = info.move;
    if (!mv || t.mnemonic !== mv.insn.mnemonic || t.operands.length !== mv.insn.operands.length) return false;
    let src: number | undefined;
    let dst: number | undefined;
    for (let i = 0; i < t.operands.length; i++) {
      const a = mv.insn.operands[i];
      const b = t.operands[i];
      if (a.kind === 'fixedreg') {
        if (b.kind !== 'fixedreg' || b.slot !== a.slot) return false;
      } else if (a.kind === 'reg') {
        if (b.kind !== 'reg') return false;
        if (a.hole === 'd') dst = env.reg(b.hole);
        else if (a.hole === mv.src) src = env.reg(b.hole);
        else return false;
      } else return false;
    }
    return src !== undefined && src === dst;
  };

  const allocTemp = (exclude: Set<number>, protect: Set<number>): number => {
    for (const t of temps) if (free.has(t) && !exclude.has(t)) {
      free.delete(t);
      return t;
    }
    let victim = -1;
    let far = -1;
    for (const [reg, v] of owner) {
      if (protect.has(v) || exclude.has(reg)) continue;
      const l = lastUse.get(v) ?? -1;
      if (l > far) {
        far = l;
        victim = v;
      }
    }
    if (victim < 0) throw new SelectError(`${info.isa.name}: not enough temps for one rule (${[...exclude].length} in use, ${insts[curInst]?.rule?.name ?? insts[curInst]?.k})`);
    if (pending.size) throw new SelectError('codegen: registers ran out inside a branch region');
    const reg = regOf.get(victim)!;
    if (!slotOf.has(victim)) {
      if (nextSlot >= HOST_LAYOUT.TEMP_SLOTS) throw new SelectError('codegen: out of spill slots');
      const off = HOST_LAYOUT.TEMP_OFFSET + 4 * nextSlot++;
      const m = rule('spill_store', [{ r: reg }, { c: off }]);
      emitRule(m.rule, m.binds, undefined, []);
      slotOf.set(victim, off);
      spills++;
    }
    regOf.delete(victim);
    owner.delete(reg);
    return reg;
  };

  const ensure = (v: number, exclude: Set<number>, protect: Set<number>): number => {
    const r = regOf.get(v);
    if (r !== undefined) return r;
    const off = slotOf.get(v);
    if (off === undefined) throw new SelectError(`internal: value v${v} is used before it is made`);
    if (pending.size) throw new SelectError('codegen: registers ran out inside a branch region');
    const t = allocTemp(exclude, protect);
    const m = rule('spill_load', [{ c: off }]);
    emitRule(m.rule, m.binds, t, []);
    regOf.set(v, t);
    owner.set(t, v);
    return t;
  };

  const release = (reg: number) => {
    if (!isTemp.has(reg)) return;
    owner.delete(reg);
    free.add(reg);
  };
  const dead = (v: number, i: number) => {
    const l = lastUse.get(v);
    if (l !== undefined && l > i) return;
    const r = regOf.get(v);
    if (r !== undefined && owner.get(r) === v) release(r);
    regOf.delete(v);
  };

  const noteBranch = (binds: Map<string, Arg> | undefined) => {
    if (!binds) return;
    for (const b of binds.values()) if ('l' in b && !independent.has(b.l)) pending.add(b.l);
  };

  let curInst = 0;
  for (let i = 0; i < n; i++) {
    curInst = i;
    const x = insts[i];
    switch (x.k) {
      case 'insn':
        out.push({ k: 'marker', pc: x.pc!, len: x.len! });
        break;
      case 'label':
        out.push({ k: 'label', id: x.label! });
        pending.delete(x.label!);
        break;
      case 'getphys': {
        const v = x.def!;
        if (!lastUse.has(v)) break;
        if (copy.has(v)) {
          const t = allocTemp(new Set(), new Set());
          const m = rule('move', [{ r: x.reg! }]);
          emitRule(m.rule, m.binds, t, []);
          regOf.set(v, t);
          owner.set(t, v);
        } else regOf.set(v, x.reg!);
        break;
      }
      case 'setphys': {
        const v = rep(x.src!);
        if (!targetedSet.has(i)) {
          const r = ensure(v, new Set(), new Set([v]));
          if (r !== x.reg) {
            const m = rule('move', [{ r }]);
            emitRule(m.rule, m.binds, x.reg!, []);
          }
        }
        dead(v, i);
        break;
      }
      case 'rule':
      case 'guarded': {
        const uses = usesOf[i];
        const protect = new Set(uses);
        const exclude = new Set<number>();
        for (const u of uses) exclude.add(ensure(u, exclude, protect));
        const parts = x.parts;
        const nTemps = parts ? Math.max(parts.br.rule!.temps, parts.body.rule!.temps, parts.zero?.rule!.temps ?? 0) : x.rule!.temps;
        const ts: number[] = [];
        for (let k = 0; k < nTemps; k++) ts.push(allocTemp(new Set([...exclude, ...ts]), protect));
        let d: number | undefined;
        let reused = -1;
        if (x.def !== undefined) {
          const home = target.get(x.def);
          if (home !== undefined) d = home;
          else if (!parts) {
            const f = info.facts.get(x.rule!)!;
            for (const u of uses) {
              if (lastUse.get(u) !== i) continue;
              const r = regOf.get(u)!;
              if (!isTemp.has(r) || owner.get(r) !== u) continue;
              let ok = true;
              for (const [name, b] of x.binds!) if ('v' in b && rep(b.v) === u && !f.aliasSafe.has(name)) ok = false;
              if (ok) {
                d = r;
                reused = u;
                break;
              }
            }
          }
          if (d === undefined) d = allocTemp(new Set([...exclude, ...ts]), protect);
        }
        if (parts) {
          if (parts.zero) emitRule(parts.zero.rule!, parts.zero.binds!, d, ts);
          emitRule(parts.br.rule!, new Map([...parts.br.binds!]), undefined, ts);
          emitRule(parts.body.rule!, parts.body.binds!, d, ts);
          out.push({ k: 'label', id: parts.skip });
        } else {
          noteBranch(x.binds);
          emitRule(x.rule!, x.binds!, d, ts, x.exitTo);
        }
        for (const t of ts) release(t);
        for (const u of uses) {
          if (u === reused) {
            regOf.delete(u);
            owner.delete(d!);
            continue;
          }
          dead(u, i);
        }
        if (x.def !== undefined && d !== undefined) {
          regOf.set(x.def, d);
          if (isTemp.has(d)) {
            free.delete(d);
            owner.set(d, x.def);
          }
          dead(x.def, i);
        }
        break;
      }
      case 'alias':
        break;
    }
  }
  return { out, labels: nextLabel, table, spills };
}
