// The IR's rules, checked: every pass's output is run through this in the
// tests, so a pass that breaks SSA order or mixes widths is caught where it
// does it, not later in the code generator.

import { COMPARISONS, SHIFTS, mask } from './arith.js';
import { exitUses, opDef, opUses, type IrBlock, type IrOp, type V } from './types.js';

const TYS: ReadonlySet<number> = new Set([1, 8, 16, 32]);

/** Problems with the block, one line each; empty when it is well formed. */
export function verifyBlock(block: IrBlock): string[] {
  const errs: string[] = [];
  const defined = new Set<V>();
  const ty = (x: V): number => block.types[x];

  block.ops.forEach((o, i) => {
    const at = `op ${i} (${o.op})`;
    for (const u of opUses(o)) {
      if (!defined.has(u)) errs.push(`${at}: v${u} used before it is defined`);
    }
    const d = opDef(o);
    if (d !== undefined) {
      if (defined.has(d)) errs.push(`${at}: v${d} defined twice`);
      if (!Number.isInteger(d) || d < 0 || d >= block.nextValue) errs.push(`${at}: v${d} not below nextValue ${block.nextValue}`);
      if ('ty' in o && block.types[d] !== o.ty) errs.push(`${at}: v${d} is i${o.ty} but types[] says i${block.types[d]}`);
      if ('ty' in o && !TYS.has(o.ty)) errs.push(`${at}: no type i${o.ty}`);
      defined.add(d);
    }
    for (const e of typeErrors(o, ty)) errs.push(`${at}: ${e}`);
  });

  const insns = block.ops.filter((o) => o.op === 'insn').length;
  if (insns !== block.insns) errs.push(`block says ${block.insns} insns but has ${insns} markers`);

  for (const u of exitUses(block.exit)) {
    if (!defined.has(u)) errs.push(`exit: v${u} is not defined`);
  }
  const e = block.exit;
  if (e.kind === 'branch' && defined.has(e.cond) && ty(e.cond) !== 1) errs.push(`exit: branch condition v${e.cond} is not i1`);
  if (e.kind === 'indirect' && defined.has(e.target) && ty(e.target) !== 32) errs.push(`exit: target v${e.target} is not i32`);
  return errs;
}

/** Width rules of one op; operands are known defined (or reported elsewhere). */
function typeErrors(o: IrOp, ty: (x: V) => number): string[] {
  const errs: string[] = [];
  const want = (x: V, t: number, what: string): void => {
    if (ty(x) !== undefined && ty(x) !== t) errs.push(`${what} v${x} is i${ty(x)}, want i${t}`);
  };
  const guard = (g: V | undefined): void => {
    if (g !== undefined) want(g, 1, 'guard');
  };
  switch (o.op) {
    case 'const':
      if (!Number.isInteger(o.value) || o.value !== (o.ty === 32 ? o.value | 0 : o.value & mask(o.ty))) {
        errs.push(`constant ${o.value} is not an i${o.ty} value`);
      }
      break;
    case 'load':
      want(o.addr, 32, 'address');
      if (o.ty < o.w) errs.push(`load${o.w} into i${o.ty}`);
      guard(o.guard);
      break;
    case 'store':
      want(o.addr, 32, 'address');
      if (ty(o.src) < o.w) errs.push(`store${o.w} of i${ty(o.src)} v${o.src}`);
      guard(o.guard);
      break;
    case 'bin':
      if (COMPARISONS.has(o.kind)) {
        if (o.ty !== 1) errs.push(`comparison ${o.kind} gives i${o.ty}`);
        want(o.b, ty(o.a), 'operand');
      } else if (SHIFTS.has(o.kind)) {
        want(o.a, o.ty, 'operand');
      } else {
        want(o.a, o.ty, 'operand');
        want(o.b, o.ty, 'operand');
      }
      break;
    case 'un':
      want(o.a, o.ty, 'operand');
      if (o.kind === 'lnot' && o.ty !== 1) errs.push(`lnot of i${o.ty}`);
      break;
    case 'ext':
      if (!(ty(o.a) < o.ty)) errs.push(`ext of i${ty(o.a)} v${o.a} to i${o.ty} does not widen`);
      break;
    case 'trunc':
      if (!(ty(o.a) > o.ty)) errs.push(`trunc of i${ty(o.a)} v${o.a} to i${o.ty} does not narrow`);
      break;
    case 'slice':
      if (o.ty !== o.hi - o.lo + 1) errs.push(`slice [${o.hi}:${o.lo}] into i${o.ty}`);
      if (!(o.lo >= 0 && o.hi < ty(o.a) && o.ty < ty(o.a))) errs.push(`slice [${o.hi}:${o.lo}] of i${ty(o.a)} v${o.a}`);
      break;
    case 'select':
      want(o.c, 1, 'select condition');
      want(o.t, o.ty, 'select arm');
      want(o.f, o.ty, 'select arm');
      break;
    case 'bswap':
      if (o.ty !== 16 && o.ty !== 32) errs.push(`bswap of i${o.ty}`);
      want(o.a, o.ty, 'operand');
      break;
    case 'fault':
    case 'syscall':
      guard(o.guard);
      break;
    case 'getreg':
    case 'setreg':
    case 'insn':
    case 'fetchfault':
      break;
  }
  return errs;
}
