// Memory forwarding within a block: a load of bytes the block has just read
// or written takes the value it already has.
//
// - A load like an earlier one (same width, type, address and guard) with no
//   store in between that may overlap it is the earlier one's value: the
//   first did not fault, so the second (same bytes, same permissions) would
//   not either.
// - A load of the exact bytes an unguarded store wrote takes the stored
//   value — but the load stays, its result unused, because a store succeeding
//   does not make the bytes readable (a segment may be write-only) and the
//   load's fault is part of the guest's meaning. What goes is everything
//   computed from the loaded value: on a big-endian guest, the byte swap of
//   the load undoes the byte swap of the store (simplify removes the pair),
//   which is most of a stack machine's push-then-pop.
//
// Two accesses are known apart when their addresses are the same value plus
// constants whose ranges do not meet; anything else may overlap. A syscall
// may write any memory.

import type { IrBlock, IrOp, Ty, V } from '../ir/types.js';
import { forward, type Step } from './pass.js';

/** An address as base value + constant (base -1: an absolute constant). */
interface Addr {
  base: V;
  off: number;
}

interface Known {
  w: number;
  at: Addr;
  /** the loaded or stored value */
  v: V;
  /** for a load: its type and guard (a later load must match them) */
  load?: { ty: Ty; guard: V | undefined };
}

/** Can an access of wa bits at a and one of wb bits at b share a byte? */
function mayOverlap(a: Addr, wa: number, b: Addr, wb: number): boolean {
  if (a.base !== b.base) return true;
  const d = (b.off - a.off) | 0; // b's start relative to a's, mod 2^32
  return !(d >= wa / 8 || d <= -wb / 8);
}

export function memoryForwarding(block: IrBlock): IrBlock {
  const addrs = new Map<V, Addr>();
  const consts = new Map<V, number>();
  const addrOf = (v: V): Addr => addrs.get(v) ?? { base: v, off: 0 };
  let known: Known[] = [];
  let next = block.nextValue;
  const types = block.types.slice();

  const visit = (o: IrOp): Step => {
    switch (o.op) {
      case 'const':
        if (o.ty === 32) {
          consts.set(o.dst, o.value);
          addrs.set(o.dst, { base: -1, off: o.value | 0 });
        }
        return o;
      case 'bin': {
        if (o.ty !== 32 || (o.kind !== 'add' && o.kind !== 'sub')) return o;
        const kb = consts.get(o.b);
        const ka = consts.get(o.a);
        if (kb !== undefined) {
          const x = addrOf(o.a);
          addrs.set(o.dst, { base: x.base, off: (x.off + (o.kind === 'add' ? kb : -kb)) | 0 });
        } else if (ka !== undefined && o.kind === 'add') {
          const x = addrOf(o.b);
          addrs.set(o.dst, { base: x.base, off: (x.off + ka) | 0 });
        }
        return o;
      }
      case 'load': {
        const at = addrOf(o.addr);
        const same = (k: Known) => k.w === o.w && k.at.base === at.base && k.at.off === at.off;
        const earlier = known.find((k) => k.load && same(k) && k.load.ty === o.ty && k.load.guard === o.guard);
        if (earlier) return { alias: earlier.v };
        const stored = o.guard === undefined ? known.find((k) => !k.load && same(k)) : undefined;
        if (stored && types[stored.v] === o.ty && (o.w === 32 || o.ty === o.w)) {
          const dst = next++;
          types[dst] = o.ty;
          // Readable now too: a later load of these bytes need not be kept.
          known.push({ w: o.w, at, v: stored.v, load: { ty: o.ty, guard: undefined } });
          return { alias: stored.v, keep: { ...o, dst } };
        }
        known.push({ w: o.w, at, v: o.dst, load: { ty: o.ty, guard: o.guard } });
        return o;
      }
      case 'store': {
        const at = addrOf(o.addr);
        known = known.filter((k) => !mayOverlap(k.at, k.w, at, o.w));
        if (o.guard === undefined) known.push({ w: o.w, at, v: o.src });
        return o;
      }
      case 'syscall':
        known = [];
        return o;
      default:
        return o;
    }
  };
  const out = forward(block, visit);
  return { ...out, nextValue: next, types };
}
