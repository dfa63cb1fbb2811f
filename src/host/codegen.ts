// A region plan -> one JavaScript function. Its shape is what lets V8 run
// host code fast: the host registers the region uses are `let` locals
// (loaded from the register array on entry, stored back on every exit,
// exceptions included), and control flow is `for (;;) switch (pc)` with one
// case per block leader, so a host loop is a JavaScript loop over locals
// that V8 can keep in machine registers. Straight-line code falls from one
// case into the next; a direct branch is `pc = <const>; continue`; an
// indirect jump sets pc and continues too, so a target among the case
// labels (a return site, say) stays inside the function, and any other pc
// reaches `default`, which returns it to the dispatcher.
//
// The function returns the next pc (>= 0), or one of the codes below with
// the details left in the kit.

import { GuestFault } from '../interp/fault.js';
import { mulhs, mulhu } from '../interp/handlers.js';
import type { Memory } from '../interp/memory.js';
import type { IsaModel } from '../spec/model.js';
import { FAULT_KINDS, regLocal, translateInsn } from './emit-insn.js';
import type { Block, RegionPlan } from './region.js';
import type { HostSyscall } from './types.js';

/** Region function results other than a pc. */
export const RET_EXIT = -1;
/** kit.err holds what was thrown, kit.pc the pc of the instruction that threw. */
export const RET_FAULT = -2;
/** kit.pc holds the block leader where the budget ran out. */
export const RET_BUDGET = -3;

export type RegionFn = (pc: number) => number;

/** What generated code reaches through `K`: shared by all regions of one machine. */
export interface Kit {
  M: Memory;
  R: Int32Array;
  sys: HostSyscall;
  fault: (kind: number, pc: number) => GuestFault;
  mulhu: typeof mulhu;
  mulhs: typeof mulhs;
  /** Host instructions executed (counting variant only). */
  count: number;
  /** Counting variant: stop at a block boundary once count >= limit. */
  limit: number;
  /** See RET_FAULT and RET_BUDGET. */
  pc: number;
  err: unknown;
}

export function makeKit(memory: Memory, regs: Int32Array, syscall: HostSyscall): Kit {
  return {
    M: memory,
    R: regs,
    sys: syscall,
    fault: (kind, pc) => new GuestFault(FAULT_KINDS[kind], pc),
    mulhu,
    mulhs,
    count: 0,
    limit: Infinity,
    pc: 0,
    err: undefined,
  };
}

export interface CodegenOptions {
  /** Count executed instructions and check the budget at every block boundary. */
  count: boolean;
}

/** The body of `new Function('K', body)`, which returns the region function. */
export function regionSource(isa: IsaModel, plan: RegionPlan, opts: CodegenOptions): string {
  const used = new Set<number>();
  const written = new Set<number>();
  for (const { facts } of plan.insns.values()) {
    for (const s of facts.reads) used.add(s);
    for (const s of facts.writes) {
      used.add(s);
      written.add(s);
    }
  }
  const slots = [...used].sort((a, b) => a - b);
  const store = [...written]
    .sort((a, b) => a - b)
    .map((s) => `R[${s}] = ${regLocal(s)};`)
    .join(' ');
  const reload = slots.map((s) => `${regLocal(s)} = R[${s}];`).join(' ');
  const count = opts.count;

  const body: string[] = [];
  for (let b = 0; b < plan.blocks.length; b++) {
    const next = b + 1 < plan.blocks.length ? plan.blocks[b + 1].leader : -1;
    body.push(...blockLines(isa, plan.blocks[b], next, { count, store, reload }));
  }

  const decl = slots.length ? [`  let ${slots.map((s) => `${regLocal(s)} = R[${s}]`).join(', ')};`] : [];
  const out: string[] = [
    '"use strict";',
    'const M = K.M, R = K.R, SYS = K.sys, FLT = K.fault, MULHU = K.mulhu, MULHS = K.mulhs;',
    'return function (pc) {',
    ...decl,
    `  let fpc = 0${count ? ', C = K.count, fk = 0' : ''};`,
    ...(count ? ['  const LIM = K.limit;'] : []),
    '  try {',
    ...(count ? ['  out: {'] : []),
    '  for (;;) {',
    '  switch (pc) {',
    ...body,
    '  default:',
    `    ${store}${count ? ' K.count = C;' : ''}`,
    '    return pc;',
    '  }',
    '  }',
    ...(count ? ['  }', `  ${store} K.count = C; K.pc = pc;`, `  return ${RET_BUDGET};`] : []),
    '  } catch (e) {',
    `    ${store}${count ? ' K.count = C - fk;' : ''}`,
    `    K.pc = fpc; K.err = e; return ${RET_FAULT};`,
    '  }',
    '};',
  ];
  return out.join('\n');
}

interface BlockEnv {
  count: boolean;
  store: string;
  reload: string;
}

function blockLines(isa: IsaModel, block: Block, nextLeader: number, env: BlockEnv): string[] {
  const n = block.insns.length;
  const lines: string[] = [`  case ${block.leader}:`];
  if (env.count) {
    lines.push(`    if (C >= LIM) { pc = ${block.leader}; break out; }`);
    lines.push(`    C += ${n};`);
  }
  for (let i = 0; i < n; i++) {
    const { insn, facts } = block.insns[i];
    // Instructions after this one in the block, already counted at its top.
    const after = n - 1 - i;
    const { lines: code } = translateInsn(isa, insn, {
      syscall: () => [
        env.store,
        `if (SYS(R)) {${env.count ? ` K.count = C - ${after};` : ''} return ${RET_EXIT}; }`,
        env.reload,
      ],
    });
    if (facts.mayFault) lines.push(`    fpc = ${insn.pc};${env.count ? ` fk = ${after + 1};` : ''}`);
    lines.push('    {', ...code.map((l) => `  ${l}`), '    }');
  }
  const last = block.insns[n - 1];
  if (last.facts.fallthrough && last.insn.npc !== nextLeader) lines.push(`    pc = ${last.insn.npc}; continue;`);
  return lines;
}

/** Compiles a plan into its region function, bound to the machine's kit. */
export function compileRegion(isa: IsaModel, plan: RegionPlan, kit: Kit, opts: CodegenOptions): RegionFn {
  return new Function('K', regionSource(isa, plan, opts))(kit) as RegionFn;
}
