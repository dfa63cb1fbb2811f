// What one decoded instance of a variant means, as a canonical string: the
// semantics with its field values, derived values and register slots put in,
// `x + 0` folded away and locals renamed in order. Two encodings of the same
// text mean the same thing exactly when their keys are equal — which is how
// `xlat spec check` tells a harmless alternative encoding (x86's 03 /r for
// 01 /r) from a syntax that makes the assembler pick a different instruction.

import type { Expr, IsaModel, Loc, Stmt, Variant } from './model.js';

export function instanceKey(isa: IsaModel, v: Variant, fields: ArrayLike<number>, values: ArrayLike<number>): string {
  const locals = new Map<string, string>();
  const field = (name: string) => fields[v.fields.findIndex((f) => f.name === name)];
  const slotOf = (file: string, index: number): string => {
    const f = isa.files.find((x) => x.name === file)!;
    const slot = f.slots[index];
    return slot === undefined || isa.registers[slot].zero ? 'zero' : `s${slot}`;
  };
  const loc = (l: Loc): string => {
    switch (l.k) {
      case 'reg':
        return isa.registers[l.slot].zero ? 'zero' : `s${l.slot}`;
      case 'regx':
        return l.index.k === 'field' ? slotOf(l.file, field(l.index.field)) : `${l.file}[${ex(l.index)}]`;
      case 'mem':
        return `mem${l.w}[${ex(l.addr)}]`;
      case 'low':
        return `low${l.w}(${loc(l.loc)})`;
    }
  };
  const isZero = (s: string) => /^0:\d+$/.test(s);
  const ex = (e: Expr): string => {
    switch (e.k) {
      case 'const':
        return `${e.v >>> 0}:${e.w}`;
      case 'field':
        return `${field(e.field) >>> 0}:32`;
      case 'operand':
        return `${values[v.values.findIndex((x) => x.name === e.name)] >>> 0}:32`;
      case 'pc':
        return 'pc';
      case 'npc':
        return 'npc';
      case 'local':
        return locals.get(e.name) ?? e.name;
      case 'read':
        return loc(e.loc);
      case 'addrof':
        return `&${loc(e.loc)}`;
      case 'bin': {
        const a = ex(e.a);
        const b = ex(e.b);
        if (e.op === 'add' && isZero(b)) return a;
        if (e.op === 'add' && isZero(a)) return b;
        if (e.op === 'sub' && isZero(b)) return a;
        return `(${e.op} ${a} ${b})`;
      }
      case 'un':
        return `(${e.op} ${ex(e.a)})`;
      case 'ext':
        return `(${e.signed ? 's' : 'z'}ext${e.w} ${ex(e.a)})`;
      case 'slice':
        return `(${ex(e.a)})[${e.hi}:${e.lo}]`;
      case 'cond':
        return `(${ex(e.c)} ? ${ex(e.t)} : ${ex(e.f)})`;
    }
  };
  const st = (list: Stmt[]): string =>
    list
      .map((s) => {
        switch (s.k) {
          case 'let': {
            const e = ex(s.e);
            locals.set(s.name, `t${locals.size}`);
            return `${locals.get(s.name)}=${e}`;
          }
          case 'set':
            return `${loc(s.loc)}:=${ex(s.e)}`;
          case 'if':
            return `if ${ex(s.c)} {${st(s.t)}} else {${st(s.f)}}`;
          case 'jump':
            return `jump ${ex(s.e)}`;
          case 'fault':
            return `fault ${s.fault}`;
          case 'syscall':
            return 'syscall';
        }
      })
      .join('; ');
  return st(v.sem);
}

/**
 * Where a variant's semantics may fault after changing state (a write before
 * a memory access or a fault): the rule that a faulting instruction has no
 * effect rests on that order. Returns a description, or null.
 */
export function faultAfterWrite(sem: Stmt[]): string | null {
  const reads = (e: Expr): boolean => {
    switch (e.k) {
      case 'read':
        return e.loc.k === 'mem' || locReads(e.loc);
      case 'bin':
        return reads(e.a) || reads(e.b);
      case 'un':
      case 'ext':
      case 'slice':
        return reads(e.a);
      case 'cond':
        return reads(e.c) || reads(e.t) || reads(e.f);
      case 'addrof':
        return e.loc.k === 'mem' ? reads(e.loc.addr) : false;
      default:
        return false;
    }
  };
  const locReads = (l: Loc): boolean => {
    if (l.k === 'mem') return reads(l.addr);
    if (l.k === 'regx') return reads(l.index);
    if (l.k === 'low') return locReads(l.loc);
    return false;
  };
  // Registers an expression reads ('*' for any register of a file).
  const regsOf = (e: Expr, out: Set<number | '*'>): Set<number | '*'> => {
    const loc = (l: Loc): void => {
      if (l.k === 'reg') out.add(l.slot);
      else if (l.k === 'regx') {
        out.add('*');
        regsOf(l.index, out);
      } else if (l.k === 'low') loc(l.loc);
      else regsOf(l.addr, out);
    };
    switch (e.k) {
      case 'read':
      case 'addrof':
        loc(e.loc);
        break;
      case 'bin':
        regsOf(e.a, out);
        regsOf(e.b, out);
        break;
      case 'un':
      case 'ext':
      case 'slice':
        regsOf(e.a, out);
        break;
      case 'cond':
        regsOf(e.c, out);
        regsOf(e.t, out);
        regsOf(e.f, out);
        break;
      default:
        break;
    }
    return out;
  };
  // A store to a location probed before the first write cannot fault, as long
  // as its address reads no memory and no register written since.
  const probed = new Set<string>();
  const written = new Set<number | '*'>();
  const safeStore = (l: Loc): boolean => {
    if (l.k !== 'mem' || !probed.has(JSON.stringify(l)) || reads(l.addr)) return false;
    for (const r of regsOf(l.addr, new Set())) if (written.has('*') || written.has(r) || (r === '*' && written.size > 0)) return false;
    return true;
  };
  const wrote = (l: Loc): void => {
    if (l.k === 'reg') written.add(l.slot);
    else if (l.k === 'regx') written.add('*');
    else if (l.k === 'low') wrote(l.loc);
  };
  let problem: string | null = null;
  const walk = (list: Stmt[], dirty: boolean): boolean => {
    for (const s of list) {
      if (problem) return dirty;
      switch (s.k) {
        case 'let':
        case 'jump':
          if (dirty && reads(s.e)) problem = 'reads memory after changing state';
          break;
        case 'set':
          if (s.probe) {
            if (dirty) problem = 'probes memory after changing state';
            else probed.add(JSON.stringify(s.loc));
            break;
          }
          if (dirty && (reads(s.e) || (!safeStore(s.loc) && (locReads(s.loc) || s.loc.k === 'mem')))) {
            problem = 'accesses memory after changing state';
          }
          wrote(s.loc);
          dirty = true;
          break;
        case 'fault':
          if (dirty) problem = 'may fault after changing state';
          break;
        case 'if': {
          if (dirty && reads(s.c)) problem = 'reads memory after changing state';
          // A probe in one branch says nothing about the other, or after the if.
          const before = [...probed];
          const reset = () => {
            probed.clear();
            for (const k of before) probed.add(k);
          };
          const t = walk(s.t, dirty);
          reset();
          const f = walk(s.f, dirty);
          reset();
          dirty = t || f;
          break;
        }
        case 'syscall':
          break;
      }
    }
    return dirty;
  };
  walk(sem, false);
  return problem;
}
