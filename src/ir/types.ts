// The IR: one guest block as a straight-line list of three-address
// operations on typed virtual values. Conditional effects inside a guest
// instruction (a rep step, a divide check, a conditional branch) are
// predicated: loads, stores, faults and syscalls carry an optional guard, and
// register writes under a condition become selects. So a block is a single
// basic block that ends in one exit, which keeps every pass a forward scan.
//
// Value semantics (exactly the interpreter's, see arith.ts, which eval, the
// folder and the lifter share): a value of width < 32 is kept zero-extended
// (unsigned), a 32-bit one as its int32 bits. Shift and rotate counts are
// taken mod 32 (JavaScript's), whatever the width. divu/divs/remu/rems give 0
// for a zero divisor (the guest semantics check and fault first; nothing
// reorders an op before an earlier fault op), and divs(-2^31, -1) = -2^31,
// rems(-2^31, -1) = 0. Memory is the guest's byte-addressed memory, and
// 16/32-bit loads and stores are LITTLE-endian: the lifter adds bswap ops for
// a big-endian guest.
//
// Guest state: the lifter writes registers and flags back (setreg) at the end
// of each guest instruction and, inside one, before any fault point, so that
// at every fault point (isFaultPoint) the guest state is the interpreter's;
// the optimizer drops only setregs that are set again before the next fault
// point (or that the successor overwrites: deadAtExit). Ops are never moved.

import type { BinOp, FaultName, UnOp } from '../spec/model.js';

/** Value widths. i1 for flags and conditions; i64 is not needed: products use mulh ops. */
export type Ty = 1 | 8 | 16 | 32;

/** A virtual value: defined once, by the op with that `dst`. */
export type V = number;

export type IrOp =
  /** dst = constant (unsigned for widths < 32, int32 bits for 32) */
  | { op: 'const'; dst: V; ty: Ty; value: number }
  /** dst = guest register/flag `slot` (state slot of the guest spec) */
  | { op: 'getreg'; dst: V; ty: Ty; slot: number }
  /** guest register/flag `slot` = src */
  | { op: 'setreg'; slot: number; src: V }
  /** dst = guest memory [addr], w bits, zero-extended to ty; only if guard (else dst = 0) */
  | { op: 'load'; dst: V; ty: Ty; w: 8 | 16 | 32; addr: V; guard?: V }
  /** guest memory [addr] = low w bits of src; only if guard */
  | { op: 'store'; w: 8 | 16 | 32; addr: V; src: V; guard?: V }
  | { op: 'bin'; dst: V; ty: Ty; kind: BinOp; a: V; b: V }
  | { op: 'un'; dst: V; ty: Ty; kind: UnOp; a: V }
  /** widen a to ty */
  | { op: 'ext'; dst: V; ty: Ty; signed: boolean; a: V }
  /** low ty bits of a */
  | { op: 'trunc'; dst: V; ty: Ty; a: V }
  /** bits hi..lo of a, as ty = hi - lo + 1 */
  | { op: 'slice'; dst: V; ty: Ty; a: V; hi: number; lo: number }
  | { op: 'select'; dst: V; ty: Ty; c: V; t: V; f: V }
  /** raise a guest fault at guest pc `pc` if guard (or always) */
  | { op: 'fault'; kind: FaultName; pc: number; guard?: V }
  /** the guest's system call (state all in guest registers); ends the block */
  | { op: 'syscall'; pc: number; guard?: V }
  /** guest instruction boundary: the state here is the state before the guest instruction at pc */
  | { op: 'insn'; pc: number; len: number }
  /** dst = a with its bytes reversed (ty 16 or 32): big-endian guest memory on the little-endian IR */
  | { op: 'bswap'; dst: V; ty: 16 | 32; a: V }
  /**
   * raise the fault of an instruction fetch at guest pc (a segmentation
   * fault, access 'fetch'; addr = pc, the access's first byte, even when
   * only a later byte of the instruction could not be fetched).
   * Only as the first op of a block whose first instruction cannot be fetched.
   */
  | { op: 'fetchfault'; pc: number; addr: number };

/** How a block ends. */
export type Exit =
  /** continue at a known guest pc */
  | { kind: 'direct'; pc: number }
  /** continue at `taken` if cond, else at `fallthrough` */
  | { kind: 'branch'; cond: V; taken: number; fallthrough: number }
  /** continue at a computed guest pc (ret, jmp r/m): the i32 value's bits as an unsigned address */
  | { kind: 'indirect'; target: V }
  /**
   * after a syscall op: continue at pc (unless the guest exited). The lifter
   * uses it when the block's last instruction makes an unguarded syscall and
   * its next pc is a constant; the ops after the syscall op are only the rest
   * of that instruction (none, for the specs we have).
   */
  | { kind: 'syscall'; pc: number };

export interface IrBlock {
  /** Guest address of the first instruction. */
  pc: number;
  /**
   * Guest bytes covered [pc, end): the bytes of its instructions (a block
   * that is only a fault of its first instruction covers the bytes the
   * decoder looked at, possibly none).
   */
  end: number;
  /** Number of guest instructions (insn markers); 0 for a fault-only block. */
  insns: number;
  ops: IrOp[];
  exit: Exit;
  /** Next free value number. */
  nextValue: number;
  /** Width of every value, by value number. */
  types: Ty[];
}

/** Which values an op reads. */
export function opUses(o: IrOp): V[] {
  switch (o.op) {
    case 'const':
    case 'getreg':
    case 'insn':
    case 'fetchfault':
      return [];
    case 'setreg':
      return [o.src];
    case 'load':
      return o.guard === undefined ? [o.addr] : [o.addr, o.guard];
    case 'store':
      return o.guard === undefined ? [o.addr, o.src] : [o.addr, o.src, o.guard];
    case 'bin':
      return [o.a, o.b];
    case 'un':
    case 'ext':
    case 'trunc':
    case 'slice':
    case 'bswap':
      return [o.a];
    case 'select':
      return [o.c, o.t, o.f];
    case 'fault':
    case 'syscall':
      return o.guard === undefined ? [] : [o.guard];
  }
}

/** The value an op defines, if any. */
export function opDef(o: IrOp): V | undefined {
  return 'dst' in o ? o.dst : undefined;
}

export function exitUses(e: Exit): V[] {
  if (e.kind === 'branch') return [e.cond];
  if (e.kind === 'indirect') return [e.target];
  return [];
}

/** Ops that may raise a guest fault or leave the block: guest state must be exact there. */
export function isFaultPoint(o: IrOp): boolean {
  return o.op === 'load' || o.op === 'store' || o.op === 'fault' || o.op === 'syscall' || o.op === 'fetchfault';
}

/** Ops with effects beyond defining their value. */
export function hasEffect(o: IrOp): boolean {
  return (
    o.op === 'setreg' ||
    o.op === 'store' ||
    o.op === 'fault' ||
    o.op === 'syscall' ||
    o.op === 'insn' ||
    o.op === 'load' ||
    o.op === 'fetchfault'
  );
}
