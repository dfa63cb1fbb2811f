// IR as readable text, one op a line (`xlat explain`, test expectations):
//
//   block 0x1000..0x1004 (2 insns)
//   --- 0x1000 (2 bytes)
//   v0:i32 = getreg r0
//   v2:i32 = add v0, v1
//   setreg r0 = v2
//   v5:i32 = load32 v4 if v3
//   store8 [v4] = v6
//   fault divide @0x1010 if v9
//   exit branch v7 ? 0x1020 : 0x1012
//
// Guest registers are named from the spec; without one, as s<slot>.

import type { IsaModel } from '../spec/model.js';
import type { Exit, IrBlock, IrOp, Ty, V } from './types.js';

export function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

const v = (x: V): string => `v${x}`;

function constText(ty: Ty, value: number): string {
  if (ty < 32) return String(value);
  return value > -1024 && value < 1024 ? String(value) : hex(value);
}

function guard(g: V | undefined): string {
  return g === undefined ? '' : ` if ${v(g)}`;
}

export function printOp(o: IrOp, isa?: IsaModel): string {
  const reg = (slot: number): string => isa?.registers[slot]?.name ?? `s${slot}`;
  const def = (dst: V, ty: Ty): string => `${v(dst)}:i${ty} = `;
  switch (o.op) {
    case 'const':
      return `${def(o.dst, o.ty)}const ${constText(o.ty, o.value)}`;
    case 'getreg':
      return `${def(o.dst, o.ty)}getreg ${reg(o.slot)}`;
    case 'setreg':
      return `setreg ${reg(o.slot)} = ${v(o.src)}`;
    case 'load':
      return `${def(o.dst, o.ty)}load${o.w} ${v(o.addr)}${guard(o.guard)}`;
    case 'store':
      return `store${o.w} [${v(o.addr)}] = ${v(o.src)}${guard(o.guard)}`;
    case 'bin':
      return `${def(o.dst, o.ty)}${o.kind} ${v(o.a)}, ${v(o.b)}`;
    case 'un':
      return `${def(o.dst, o.ty)}${o.kind} ${v(o.a)}`;
    case 'ext':
      return `${def(o.dst, o.ty)}${o.signed ? 'sext' : 'zext'} ${v(o.a)}`;
    case 'trunc':
      return `${def(o.dst, o.ty)}trunc ${v(o.a)}`;
    case 'slice':
      return `${def(o.dst, o.ty)}slice ${v(o.a)}[${o.hi}:${o.lo}]`;
    case 'select':
      return `${def(o.dst, o.ty)}select ${v(o.c)}, ${v(o.t)}, ${v(o.f)}`;
    case 'bswap':
      return `${def(o.dst, o.ty)}bswap ${v(o.a)}`;
    case 'fault':
      return `fault ${o.kind} @${hex(o.pc)}${guard(o.guard)}`;
    case 'fetchfault':
      return `fault fetch @${hex(o.pc)} addr ${hex(o.addr)}`;
    case 'syscall':
      return `syscall @${hex(o.pc)}${guard(o.guard)}`;
    case 'insn':
      return `--- ${hex(o.pc)} (${o.len} byte${o.len === 1 ? '' : 's'})`;
  }
}

export function printExit(e: Exit): string {
  switch (e.kind) {
    case 'direct':
      return `exit direct ${hex(e.pc)}`;
    case 'branch':
      return `exit branch ${v(e.cond)} ? ${hex(e.taken)} : ${hex(e.fallthrough)}`;
    case 'indirect':
      return `exit indirect ${v(e.target)}`;
    case 'syscall':
      return `exit syscall ${hex(e.pc)}`;
  }
}

/** The block as text: a header line, one line per op, the exit line. */
export function printBlock(block: IrBlock, isa?: IsaModel): string {
  const n = block.insns;
  const lines = [`block ${hex(block.pc)}..${hex(block.end)} (${n} insn${n === 1 ? '' : 's'})`];
  for (const o of block.ops) lines.push(printOp(o, isa));
  lines.push(printExit(block.exit));
  return lines.join('\n');
}
