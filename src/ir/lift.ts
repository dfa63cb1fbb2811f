// Lifting a guest block: decode instructions from pc and lift each (see
// lift-insn.ts) until one that may change control flow, a syscall, maxInsns,
// or an instruction that cannot be decoded or fetched. A bad instruction
// after the first is left out (the block exits directly to it, so the
// runtime raises its fault when, and only if, control gets there); a bad
// first instruction makes a block of just its fault.

import { isShort, type Decoded, type Decoder } from '../decode/index.js';
import type { IsaModel, Stmt, Variant } from '../spec/model.js';
import { Builder } from './builder.js';
import { InsnLifter, type NextPc } from './lift-insn.js';
import { GuestState } from './lift-state.js';
import { Vals } from './lift-values.js';
import type { Exit, IrBlock, V } from './types.js';

/** Where the lifter reads guest code. */
export interface Fetch {
  /** Guest bytes; bytes[i] is at guest address base + i (base 0: a Memory's u8). */
  bytes: Uint8Array;
  base?: number;
  /** How many bytes from addr may be fetched as instructions (e.g. memory.fetchable(addr, isa.maxLength)). */
  avail(addr: number): number;
}

export interface LiftOptions {
  /** Most guest instructions in a block (default 64). */
  maxInsns?: number;
}

export const DEFAULT_MAX_INSNS = 64;

/** Does the instruction end a block: a jump or syscall anywhere, or an unconditional fault? */
export function endsBlock(v: Variant): boolean {
  if (!v.control) return false;
  const any = (list: Stmt[]): boolean => list.some((s) => s.k === 'jump' || s.k === 'syscall' || (s.k === 'if' && (any(s.t) || any(s.f))));
  return any(v.sem) || v.sem.some((s) => s.k === 'fault');
}

type Fetched =
  | { kind: 'ok'; d: Decoded }
  | { kind: 'illegal'; looked: number }
  | { kind: 'fetch'; addr: number; looked: number };

/** Decode at addr the way the interpreter's decodeAt does, faults included. */
function fetchInsn(isa: IsaModel, decoder: Decoder, fetch: Fetch, addr: number): Fetched {
  const avail = Math.max(0, Math.min(fetch.avail(addr), isa.maxLength));
  if (avail === 0) return { kind: 'fetch', addr, looked: 0 };
  const d = decoder.decode(fetch.bytes, addr - (fetch.base ?? 0), avail, addr);
  if (d === null) return { kind: 'illegal', looked: avail };
  if (isShort(d)) return { kind: 'fetch', addr, looked: avail }; // the access's first byte, as the interpreter
  return { kind: 'ok', d };
}

export function liftBlock(isa: IsaModel, decoder: Decoder, fetch: Fetch, pc: number, opts: LiftOptions = {}): IrBlock {
  const start = pc >>> 0;
  const max = Math.max(1, opts.maxInsns ?? DEFAULT_MAX_INSNS);
  const b = new Builder();
  const vals = new Vals(b, isa.endian);
  const state = new GuestState(isa, vals);
  let addr = start;
  for (let n = 0; ; n++) {
    if (n >= max) return b.finish(start, addr, n, { kind: 'direct', pc: addr });
    const got = fetchInsn(isa, decoder, fetch, addr);
    if (got.kind !== 'ok') {
      if (n > 0) return b.finish(start, addr, n, { kind: 'direct', pc: addr });
      if (got.kind === 'illegal') b.fault('illegal', start, undefined);
      else b.emit({ op: 'fetchfault', pc: start, addr: got.addr });
      return b.finish(start, (start + got.looked) >>> 0, 0, { kind: 'direct', pc: start });
    }
    const { d } = got;
    const variant = isa.variants[d.variant];
    const npc = (addr + d.length) >>> 0;
    b.emit({ op: 'insn', pc: addr, len: d.length });
    const r = new InsnLifter(isa, variant, d, addr, npc, vals, state).run();
    addr = npc;
    if (endsBlock(variant) || r.faulted) {
      const exit: Exit = r.syscall && r.next.k === 'c' ? { kind: 'syscall', pc: r.next.pc } : exitOf(r.next, vals);
      return b.finish(start, addr, n + 1, exit);
    }
  }
}

/** Constant next pc: direct; a choice between two constants: branch; else indirect. */
function exitOf(next: NextPc, vals: Vals): Exit {
  if (next.k === 'c') return { kind: 'direct', pc: next.pc };
  if (next.k === 'sel' && next.t.k === 'c' && next.f.k === 'c') {
    if (next.t.pc === next.f.pc) return { kind: 'direct', pc: next.t.pc };
    return { kind: 'branch', cond: next.g, taken: next.t.pc, fallthrough: next.f.pc };
  }
  return { kind: 'indirect', target: target(next, vals) };
}

function target(next: NextPc, vals: Vals): V {
  switch (next.k) {
    case 'c':
      return vals.b.const(32, next.pc | 0);
    case 'v':
      return vals.mat(next.v);
    case 'sel':
      return vals.b.select(32, next.g, target(next.t, vals), target(next.f, vals));
  }
}
