// Appends ops to a block under construction and numbers the values they
// define. Constants are made once per (width, value): a constant has no
// position to respect, and sharing them keeps lifted text short.

import type { BinOp, FaultName, UnOp } from '../spec/model.js';
import type { Exit, IrBlock, IrOp, Ty, V } from './types.js';

export class Builder {
  readonly ops: IrOp[] = [];
  readonly types: Ty[] = [];
  private nextValue = 0;
  private consts = new Map<string, V>();

  /** A new value of width ty (its defining op is the caller's to emit). */
  fresh(ty: Ty): V {
    const v = this.nextValue++;
    this.types[v] = ty;
    return v;
  }

  emit(op: IrOp): void {
    this.ops.push(op);
  }

  const(ty: Ty, value: number): V {
    const key = `${ty}:${value}`;
    let v = this.consts.get(key);
    if (v === undefined) {
      v = this.fresh(ty);
      this.emit({ op: 'const', dst: v, ty, value });
      this.consts.set(key, v);
    }
    return v;
  }

  getreg(ty: Ty, slot: number): V {
    const dst = this.fresh(ty);
    this.emit({ op: 'getreg', dst, ty, slot });
    return dst;
  }

  setreg(slot: number, src: V): void {
    this.emit({ op: 'setreg', slot, src });
  }

  bin(kind: BinOp, ty: Ty, a: V, b: V): V {
    const dst = this.fresh(ty);
    this.emit({ op: 'bin', dst, ty, kind, a, b });
    return dst;
  }

  un(kind: UnOp, ty: Ty, a: V): V {
    const dst = this.fresh(ty);
    this.emit({ op: 'un', dst, ty, kind, a });
    return dst;
  }

  ext(ty: Ty, signed: boolean, a: V): V {
    const dst = this.fresh(ty);
    this.emit({ op: 'ext', dst, ty, signed, a });
    return dst;
  }

  trunc(ty: Ty, a: V): V {
    const dst = this.fresh(ty);
    this.emit({ op: 'trunc', dst, ty, a });
    return dst;
  }

  slice(ty: Ty, a: V, hi: number, lo: number): V {
    const dst = this.fresh(ty);
    this.emit({ op: 'slice', dst, ty, a, hi, lo });
    return dst;
  }

  select(ty: Ty, c: V, t: V, f: V): V {
    const dst = this.fresh(ty);
    this.emit({ op: 'select', dst, ty, c, t, f });
    return dst;
  }

  bswap(ty: 16 | 32, a: V): V {
    const dst = this.fresh(ty);
    this.emit({ op: 'bswap', dst, ty, a });
    return dst;
  }

  load(ty: Ty, w: 8 | 16 | 32, addr: V, guard: V | undefined): V {
    const dst = this.fresh(ty);
    this.emit(guard === undefined ? { op: 'load', dst, ty, w, addr } : { op: 'load', dst, ty, w, addr, guard });
    return dst;
  }

  store(w: 8 | 16 | 32, addr: V, src: V, guard: V | undefined): void {
    this.emit(guard === undefined ? { op: 'store', w, addr, src } : { op: 'store', w, addr, src, guard });
  }

  fault(kind: FaultName, pc: number, guard: V | undefined): void {
    this.emit(guard === undefined ? { op: 'fault', kind, pc } : { op: 'fault', kind, pc, guard });
  }

  syscall(pc: number, guard: V | undefined): void {
    this.emit(guard === undefined ? { op: 'syscall', pc } : { op: 'syscall', pc, guard });
  }

  finish(pc: number, end: number, insns: number, exit: Exit): IrBlock {
    return { pc, end, insns, ops: this.ops, exit, nextValue: this.nextValue, types: this.types };
  }
}
