// A region plan -> one JavaScript function. Its shape is what lets V8 run
// host code fast: the host registers the region uses are `let` locals
// (loaded from the register array on entry, stored back on every exit,
// exceptions included), and control flow is `for (;;) switch (b)` with one
// case per basic block, so a host loop is a JavaScript loop over locals that
// V8 can keep in machine registers. Straight-line code falls from one case
// into the next; a direct branch is `b = <its block>; continue`; an indirect
// jump sets pc and continues to `default`, which finds pc among the region's
// labels (a call's return site, say) and carries on inside the function, or
// stores the registers and returns pc to the dispatcher.
//
// The switch is over dense block numbers rather than pcs: V8 turns a dense
// switch into a jump table but a sparse one into a chain of compares, one
// per case. The labels are looked up in a small open-addressed hash table.
//
// Faults: before each instruction that can throw, `fpc` gets its pc; the
// catch stores the registers back (a faulting instruction has had no
// effect, so they are the state before it) and reports fpc.
//
// Counting (a separate variant, so the default pays nothing): each block
// adds its length to C on entry, after checking that the whole block fits
// the budget (else the region stops before it, and the engine runs the
// rest one instruction at a time); an exit or a fault part-way through a
// block takes back what did not run.
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
  /** Counting variant: stop at a block boundary before count would pass limit. */
  limit: number;
  /** See RET_FAULT and RET_BUDGET. */
  pc: number;
  err: unknown;
  /** A store hit compiled code (HostOptions.watchCode): the running region leaves after the instruction. */
  codeWritten: boolean;
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
    codeWritten: false,
  };
}

export interface CodegenOptions {
  /** Count executed instructions and check the budget at every block boundary. */
  count: boolean;
  /** Byte order of the host memory (default: the spec's). */
  little?: boolean;
  /** The registers whose based accesses are privileged (HostOptions.privileged). */
  privileged?: readonly number[];
  /** Leave the region after an instruction whose store (or system call) hit compiled code (HostOptions.watchCode). */
  watchCode?: boolean;
}

/** A region's generated code and the label table it looks indirect targets up in. */
export interface RegionCode {
  /** The body of `new Function('K', 'HK', 'HV', source)`, which returns the region function. */
  source: string;
  /** Open-addressed hash of case labels: HK holds the pc (-1 when empty), HV its block index. */
  keys: Int32Array;
  vals: Int32Array;
}

/** Fibonacci hashing of a pc into a table of 2^bits slots. */
const HASH_MUL = -1640531535; // 0x9E3779B1 as int32

function labelTable(leaders: number[]): { keys: Int32Array; vals: Int32Array; bits: number } {
  let bits = 1;
  while (1 << bits < 2 * leaders.length) bits++;
  const size = 1 << bits;
  const keys = new Int32Array(size).fill(-1);
  const vals = new Int32Array(size);
  leaders.forEach((pc, i) => {
    let h = Math.imul(pc, HASH_MUL) >>> (32 - bits);
    while (keys[h] !== -1) h = (h + 1) & (size - 1);
    keys[h] = pc;
    vals[h] = i;
  });
  return { keys, vals, bits };
}

export function regionCode(isa: IsaModel, plan: RegionPlan, opts: CodegenOptions): RegionCode {
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
  const reload = [...slots.map((s) => `${regLocal(s)} = R[${s}];`), 'U8 = M.u8; DV = M.dv;'].join(' ');
  const count = opts.count;
  const leaders = plan.blocks.map((b) => b.leader);
  const index = new Map(leaders.map((pc, i) => [pc, i]));
  const table = labelTable(leaders);

  const env: BlockEnv = {
    count,
    little: opts.little ?? isa.endian === 'little',
    privileged: opts.privileged,
    watchCode: opts.watchCode === true,
    store,
    reload,
    // Blocks are numbered densely so that the switch compiles to a jump table.
    goto: (t) => {
      const i = index.get(t);
      return i === undefined ? `pc = ${t}; b = -1; continue;` : `b = ${i}; continue;`;
    },
    gotoDynamic: (e) => `pc = ${e}; b = -1; continue;`,
  };
  const body: string[] = [];
  for (let b = 0; b < plan.blocks.length; b++) {
    const next = b + 1 < plan.blocks.length ? plan.blocks[b + 1].leader : -1;
    body.push(...blockLines(isa, plan.blocks[b], b, next, env));
  }

  const decl = slots.length ? [`  let ${slots.map((s) => `${regLocal(s)} = R[${s}]`).join(', ')};`] : [];
  const out: string[] = [
    '"use strict";',
    'const M = K.M, R = K.R, SYS = K.sys, FLT = K.fault, MULHU = K.mulhu, MULHS = K.mulhs, PG = M.pages, RL = M.readLimit, WL = M.writeLimit;',
    'return function (pc) {',
    ...decl,
    '  let U8 = M.u8, DV = M.dv;',
    `  let b = -1, fpc = 0${count ? ', C = K.count, fk = 0' : ''};`,
    ...(count ? ['  const LIM = K.limit;'] : []),
    '  try {',
    ...(count ? ['  out: {'] : []),
    '  for (;;) {',
    '  switch (b) {',
    ...body,
    '  default: {',
    // An address known only at run time (or the entry): look it up among the labels.
    `    let h = Math.imul(pc, ${HASH_MUL}) >>> ${32 - table.bits};`,
    '    for (;;) {',
    '      const k = HK[h];',
    '      if (k === pc) { b = HV[h]; break; }',
    '      if (k === -1) { b = -1; break; }',
    `      h = (h + 1) & ${table.keys.length - 1};`,
    '    }',
    '    if (b >= 0) continue;',
    `    ${store}${count ? ' K.count = C;' : ''}`,
    '    return pc;',
    '  }',
    '  }',
    '  }',
    ...(count ? ['  }', `  ${store} K.count = C; K.pc = pc;`, `  return ${RET_BUDGET};`] : []),
    '  } catch (e) {',
    `    ${store}${count ? ' K.count = C - fk;' : ''}`,
    `    K.pc = fpc; K.err = e; return ${RET_FAULT};`,
    '  }',
    '};',
  ];
  return { source: out.join('\n'), keys: table.keys, vals: table.vals };
}

/** The generated source alone (for inspection and tests). */
export function regionSource(isa: IsaModel, plan: RegionPlan, opts: CodegenOptions): string {
  return regionCode(isa, plan, opts).source;
}

interface BlockEnv {
  count: boolean;
  little: boolean;
  privileged?: readonly number[];
  watchCode: boolean;
  store: string;
  reload: string;
  goto(target: number): string;
  gotoDynamic(expr: string): string;
}

function blockLines(isa: IsaModel, block: Block, index: number, nextLeader: number, env: BlockEnv): string[] {
  const n = block.insns.length;
  const lines: string[] = [`  case ${index}:`];
  if (env.count) {
    lines.push(`    if (C + ${n} > LIM) { pc = ${block.leader}; break out; }`);
    lines.push(`    C += ${n};`);
  }
  for (let i = 0; i < n; i++) {
    const { insn, facts } = block.insns[i];
    // Instructions after this one in the block, already counted at its top.
    const after = n - 1 - i;
    // Did this instruction write compiled code? Then leave for `next`, which the dispatcher compiles afresh.
    const leaveIfWritten = (next: string) =>
      `if (K.codeWritten) { K.codeWritten = false; ${env.store}${env.count ? ` K.count = C - ${after};` : ''} return ${next}; }`;
    const writes = env.watchCode && (facts.stores || facts.syscall);
    const { lines: code } = translateInsn(isa, insn, {
      syscall: () => [
        env.store,
        `if (SYS(R)) {${env.count ? ` K.count = C - ${after};` : ''} return ${RET_EXIT}; }`,
        env.reload,
      ],
      // A jump leaves the instruction before its end: check on the way out.
      goto: writes ? (t) => `${leaveIfWritten(String(t))} ${env.goto(t)}` : env.goto,
      gotoDynamic: writes ? (e) => `${leaveIfWritten(e)} ${env.gotoDynamic(e)}` : env.gotoDynamic,
    }, { little: env.little, privileged: env.privileged });
    if (facts.mayFault) lines.push(`    fpc = ${insn.pc};${env.count ? ` fk = ${after + 1};` : ''}`);
    lines.push('    {', ...code.map((l) => `  ${l}`), '    }');
    if (writes && facts.fallthrough) lines.push(`    ${leaveIfWritten(String(insn.npc))}`);
  }
  const last = block.insns[n - 1];
  if (last.facts.fallthrough && last.insn.npc !== nextLeader) lines.push(`    ${env.goto(last.insn.npc)}`);
  return lines;
}

type RegionFactory = (kit: Kit, keys: Int32Array, vals: Int32Array) => RegionFn;

/**
 * Region factories by their source, shared by every machine in the process.
 * The host machine models silicon, which runs the same code at full speed
 * every time; V8, though, starts every new function cold and optimizes it
 * only after it has run a while. Every region function made by one factory
 * comes from one closure site, so V8 gives them one feedback vector and one
 * optimized code: a second run of the same program (a benchmark's next
 * sample, `xlat compare`'s second engine) finds its regions already
 * optimized. Bounded, oldest first out, since a long session of different
 * programs would otherwise keep every source it ever compiled.
 */
const factories = new Map<string, RegionFactory>();
const FACTORY_LIMIT = 2048;

function factoryFor(source: string): RegionFactory {
  let f = factories.get(source);
  if (f) {
    // Most recently used last, so that eviction takes the least recently used.
    factories.delete(source);
  } else {
    f = new Function('K', 'HK', 'HV', source) as RegionFactory;
    if (factories.size >= FACTORY_LIMIT) factories.delete(factories.keys().next().value as string);
  }
  factories.set(source, f);
  return f;
}

/** How many region sources have a factory now (for tests). */
export function regionFactoryCount(): number {
  return factories.size;
}

/** Compiles a plan into its region function, bound to the machine's kit. */
export function compileRegion(isa: IsaModel, plan: RegionPlan, kit: Kit, opts: CodegenOptions): RegionFn {
  const code = regionCode(isa, plan, opts);
  return factoryFor(code.source)(kit, code.keys, code.vals);
}
