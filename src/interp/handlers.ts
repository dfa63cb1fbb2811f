// The interpreter's handler generator: one JavaScript factory per variant,
// generated from the variant's semantics. A factory takes one decoded
// instance (its address, length, field values and derived values) and returns
// a closure specialized to it: register slots, immediates, pc and npc are
// constants, so executing the instruction is a straight run of typed-array
// operations that returns the next pc.
//
// Generated source holds only numbers and identifiers made here (slot
// numbers, L0.., F0..), never text from the spec or the program.

import type { BinOp, Expr, IsaModel, Loc, Stmt, UnOp, Variant } from '../spec/model.js';
import { FAULT_KIND_OF, GuestFault } from './fault.js';
import type { Memory } from './memory.js';
import { bin, mask, un } from './js-ops.js';

/** A specialized instruction: runs on the register file, returns the next pc (or EXIT). */
export type Handler = (R: Int32Array) => number;

/** Returned by a handler when the guest has exited. */
export const EXIT = -1;

/** What generated code calls out to. */
export interface Kit {
  M: Memory;
  /**
   * Registers whose accesses are privileged (Memory.privLoad/privStore), a
   * flag per slot: an address based on one reaches the translator's runtime
   * area, and nothing else. Only the host machine running translated code
   * sets it.
   */
  priv?: Uint8Array;
  /** Performs the ABI's system call on R; true when the guest exited. */
  syscall: (R: Int32Array) => boolean;
}

export type Factory = (pc: number, npc: number, F: ArrayLike<number>, V: ArrayLike<number>, S: ArrayLike<number>) => Handler;

const FAULT_KINDS = Object.values(FAULT_KIND_OF);

/** Multiply high halves without BigInt: the 64-bit product from 16-bit pieces. */
export function mulhu(a: number, b: number): number {
  a >>>= 0;
  b >>>= 0;
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const ll = al * bl;
  const lh = al * bh;
  const hl = ah * bl;
  const hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) | 0;
}

export function mulhs(a: number, b: number): number {
  let h = mulhu(a, b);
  if (a < 0) h = (h - b) | 0;
  if (b < 0) h = (h - a) | 0;
  return h;
}

/**
 * Register slots a decoded instance uses: per field of the variant, the state
 * slot to read and the one to write. A zero register reads a slot that always
 * holds 0 and writes one that nothing reads, so handlers need no test.
 */
export function regSlots(isa: IsaModel, v: Variant, fields: ArrayLike<number>, zeroSlot: number, dumpSlot: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < v.fields.length; i++) {
    const f = v.fields[i];
    if (!f.regFile) {
      out.push(0, 0);
      continue;
    }
    const file = isa.files.find((x) => x.name === f.regFile)!;
    const slot = file.slots[fields[i]];
    if (slot === undefined || isa.registers[slot].zero === true) out.push(zeroSlot, dumpSlot);
    else out.push(slot, slot);
  }
  return out;
}

class Gen {
  private lines: string[] = [];
  private locals = new Map<string, string>();
  private nTmp = 0;
  private indent = '    ';

  constructor(
    private isa: IsaModel,
    private v: Variant,
    /** generate privileged accesses for addresses based on K.priv */
    private priv = false,
  ) {}

  /** The expression of each let, to see what an address is based on. */
  private readonly letExprs = new Map<string, Expr>();

  /** The JS for the state slot of the register an address is based on (reg, or reg ± something), if any. */
  private baseOf(e: Expr): string | undefined {
    if (e.k === 'local') {
      const d = this.letExprs.get(e.name);
      return d === undefined ? undefined : this.baseOf(d);
    }
    if (e.k === 'read' && e.loc.k === 'reg') return String(e.loc.slot);
    if (e.k === 'read' && e.loc.k === 'regx' && e.loc.index.k === 'field') return `S${this.fieldIndex(e.loc.index.field)}`;
    if (e.k === 'bin' && (e.op === 'add' || e.op === 'sub')) return this.baseOf(e.a) ?? (e.op === 'add' ? this.baseOf(e.b) : undefined);
    return undefined;
  }

  /** A memory access: privileged when its address is based on a register K.priv flags. */
  private access(addr: Expr, ordinary: (a: string) => string, privileged: (a: string) => string): string {
    const a = this.expr(addr);
    const base = this.priv ? this.baseOf(addr) : undefined;
    return base === undefined ? ordinary(a) : `(K.priv[${base}] === 1 ? ${privileged(a)} : ${ordinary(a)})`;
  }

  private fieldIndex(name: string): number {
    const i = this.v.fields.findIndex((f) => f.name === name);
    if (i < 0) throw new Error(`internal: field ${name} not in variant`);
    return i;
  }

  private emit(s: string) {
    this.lines.push(this.indent + s);
  }

  private tmp(): string {
    return `T${this.nTmp++}`;
  }

  /** Read of a location; values of width < 32 are kept unsigned, 32-bit ones as int32. */
  private read(l: Loc): string {
    switch (l.k) {
      case 'reg': {
        const r = this.isa.registers[l.slot];
        return r.zero ? '0' : `R[${l.slot}]`;
      }
      case 'regx': {
        if (l.index.k === 'field') {
          const i = this.fieldIndex(l.index.field);
          return `R[S${i}]`;
        }
        const fi = this.isa.files.findIndex((f) => f.name === l.file);
        return `R[K.fr[${fi}][(${this.expr(l.index)} >>> 0) % ${this.isa.files[fi].slots.length}]]`;
      }
      case 'mem':
        return this.access(l.addr, (a) => `M.load${l.w}(${a})`, (a) => `M.privLoad(${a}, ${l.w})`);
      case 'low':
        return `(${this.read(l.loc)} & ${mask(l.w)})`;
    }
  }

  private write(l: Loc, val: string) {
    switch (l.k) {
      case 'reg': {
        const r = this.isa.registers[l.slot];
        if (!r.zero) this.emit(`R[${l.slot}] = ${val};`);
        return;
      }
      case 'regx': {
        if (l.index.k === 'field') {
          const i = this.fieldIndex(l.index.field);
          this.emit(`R[W${i}] = ${val};`);
          return;
        }
        const fi = this.isa.files.findIndex((f) => f.name === l.file);
        this.emit(`R[K.fw[${fi}][(${this.expr(l.index)} >>> 0) % ${this.isa.files[fi].slots.length}]] = ${val};`);
        return;
      }
      case 'mem':
        // The address first, then the value, as in M.storeW(addr, value).
        this.emit(`${this.access(l.addr, (a) => `M.store${l.w}(${a}, ${val})`, (a) => `M.privStore(${a}, ${l.w}, ${val})`)};`);
        return;
      case 'low': {
        const m = mask(l.w);
        const t = this.tmp();
        this.emit(`const ${t} = ${val};`);
        const inner = l.loc;
        // Replace the low bits, keep the rest.
        this.write(inner, `(${this.read(inner)} & ${~m}) | ${t}`);
        return;
      }
    }
  }

  expr(e: Expr): string {
    switch (e.k) {
      case 'const':
        return e.w >= 32 ? String(e.v | 0) : String(e.v >>> 0);
      case 'field': {
        const i = this.fieldIndex(e.field);
        return `F${i}`;
      }
      case 'operand': {
        const i = this.v.values.findIndex((x) => x.name === e.name);
        return `V${i}`;
      }
      case 'pc':
        return 'PC';
      case 'npc':
        return 'NPC';
      case 'local': {
        const n = this.locals.get(e.name);
        if (!n) throw new Error(`internal: local ${e.name}`);
        return n;
      }
      case 'read':
        return this.read(e.loc);
      case 'addrof':
        if (e.loc.k !== 'mem') throw new Error('internal: addr of non-memory');
        return this.expr(e.loc.addr);
      case 'bin':
        return this.bin(e.op, e.a, e.b, e.w);
      case 'un':
        return this.un(e.op, e.a, e.w);
      case 'ext': {
        const a = this.expr(e.a);
        const from = e.a.w;
        if (!e.signed) return e.w >= 32 ? `(${a} | 0)` : a;
        const sh = 32 - from;
        const sx = `((${a} << ${sh}) >> ${sh})`;
        return e.w >= 32 ? sx : `(${sx} & ${mask(e.w)})`;
      }
      case 'slice': {
        const a = this.expr(e.a);
        if (e.w >= 32) return a;
        if (e.lo === 0) return `(${a} & ${mask(e.w)})`;
        return `((${a} >>> ${e.lo}) & ${mask(e.w)})`;
      }
      case 'cond':
        return `(${this.expr(e.c)} ? ${this.expr(e.t)} : ${this.expr(e.f)})`;
    }
  }

  private bin(op: BinOp, ea: Expr, eb: Expr, w: number): string {
    return bin(op, this.expr(ea), this.expr(eb), w, ea.w);
  }

  private un(op: UnOp, ea: Expr, w: number): string {
    return un(op, this.expr(ea), w);
  }

  stmts(list: Stmt[]) {
    for (const s of list) this.stmt(s);
  }

  private stmt(s: Stmt) {
    switch (s.k) {
      case 'let': {
        this.letExprs.set(s.name, s.e);
        const n = `L${this.locals.size}`;
        this.emit(`const ${n} = ${this.expr(s.e)};`);
        this.locals.set(s.name, n);
        return;
      }
      case 'set':
        this.write(s.loc, this.expr(s.e));
        return;
      case 'if': {
        this.emit(`if (${this.expr(s.c)} !== 0) {`);
        const saved = this.indent;
        this.indent += '  ';
        this.stmts(s.t);
        this.indent = saved;
        if (s.f.length) {
          this.emit('} else {');
          this.indent += '  ';
          this.stmts(s.f);
          this.indent = saved;
        }
        this.emit('}');
        return;
      }
      case 'jump':
        this.emit(`N = ${this.expr(s.e)} >>> 0;`);
        return;
      case 'fault':
        this.emit(`throw K.fault(${FAULT_KINDS.indexOf(FAULT_KIND_OF[s.fault])}, PC);`);
        return;
      case 'syscall':
        this.emit('if (K.syscall(R)) return -1;');
        return;
    }
  }

  source(): string {
    const v = this.v;
    this.stmts(v.sem);
    const head: string[] = [];
    v.fields.forEach((f, i) => {
      head.push(`  const F${i} = F[${i}];`);
      if (f.regFile) head.push(`  const S${i} = S[${2 * i}], W${i} = S[${2 * i + 1}];`);
    });
    v.values.forEach((_, i) => head.push(`  const V${i} = V[${i}];`));
    return [
      '"use strict";',
      'const M = K.M;',
      'const MULHU = K.mulhu, MULHS = K.mulhs;',
      'return function (PC, NPC, F, V, S) {',
      ...head,
      '  return function (R) {',
      '    let N = NPC;',
      ...this.lines,
      '    return N;',
      '  };',
      '};',
    ].join('\n');
  }
}

/** The generated source of a variant's factory (for `--dump-handlers` and tests). */
export function handlerSource(isa: IsaModel, v: Variant, priv = false): string {
  return new Gen(isa, v, priv).source();
}

/** What generated code reaches through `K`. */
export interface KitRuntime extends Kit {
  /** Per register file: the slot to read / to write for each index (zero registers redirected). */
  fr: number[][];
  fw: number[][];
  mulhu: typeof mulhu;
  mulhs: typeof mulhs;
  fault: (kind: number, pc: number) => GuestFault;
}

export function makeRuntime(kit: Kit, isa: IsaModel, zeroSlot: number, dumpSlot: number): KitRuntime {
  const zero = (slot: number) => isa.registers[slot].zero === true;
  return {
    ...kit,
    fr: isa.files.map((f) => f.slots.map((s) => (zero(s) ? zeroSlot : s))),
    fw: isa.files.map((f) => f.slots.map((s) => (zero(s) ? dumpSlot : s))),
    mulhu,
    mulhs,
    fault: (kind: number, pc: number) => new GuestFault(FAULT_KINDS[kind], pc),
  };
}

/** Compiled factory makers, shared by every interpreter of the same spec in this process. */
const makers = new Map<string, Array<((K: KitRuntime) => Factory) | undefined>>();

/** Compile the factory of every variant on first use. */
export class HandlerCache {
  private factories: Array<Factory | undefined>;
  private shared: Array<((K: KitRuntime) => Factory) | undefined>;
  constructor(
    private isa: IsaModel,
    private rt: KitRuntime,
  ) {
    this.factories = new Array(isa.variants.length);
    const key = `${isa.hash}${rt.priv !== undefined ? ':priv' : ''}`;
    let m = makers.get(key);
    if (!m) {
      m = new Array(isa.variants.length);
      makers.set(key, m);
    }
    this.shared = m;
  }

  factory(id: number): Factory {
    let f = this.factories[id];
    if (!f) {
      let make = this.shared[id];
      if (!make) {
        make = new Function('K', handlerSource(this.isa, this.isa.variants[id], this.rt.priv !== undefined)) as (K: KitRuntime) => Factory;
        this.shared[id] = make;
      }
      f = make(this.rt);
      this.factories[id] = f;
    }
    return f;
  }
}
