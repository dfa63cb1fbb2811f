// The host machine's public vocabulary: why a run stopped, how the machine is
// set up, and what it counts. Kept apart from the engines so the runtime that
// drives the machine (the DBT) can depend on these types alone.

import type { GuestFault } from '../interp/fault.js';

/** Host addresses below this are page zero: never mapped, so a jump there is a request to the runtime. */
export const SERVICE_LIMIT = 0x1000;

export type HostStop =
  /** The host pc reached page zero: pc in [0, SERVICE_LIMIT) names a runtime service. */
  | { kind: 'service'; pc: number }
  /** The syscall callback returned true (the process exited). */
  | { kind: 'exit' }
  /**
   * The host code faulted at hostPc; the registers hold the state before the
   * faulting instruction (faulting instructions have no effect).
   */
  | { kind: 'fault'; fault: GuestFault; hostPc: number }
  /** The instruction budget ran out (only with counting on; checked at block boundaries). */
  | { kind: 'budget' };

export type HostEngine = 'compile' | 'interp';

export interface HostOptions {
  /** 'compile' (default): regions compiled to JavaScript; 'interp': the interpreter, to cross-check. */
  engine?: HostEngine;
  /**
   * Count executed host instructions (and honour run budgets). Off by default
   * because counting costs an add per basic block.
   */
  count?: boolean;
  /** Most host instructions in one compiled region (default REGION_LIMIT). */
  regionLimit?: number;
  /**
   * Registers (state slots) whose based loads and stores are privileged: they
   * reach the pages mapped PERM_P (the translator's runtime area) and no
   * others, while every other access finds those pages unmapped. The DBT
   * names its `base` and `link` registers, which guest code never uses, so
   * that guest accesses cannot touch its data.
   */
  privileged?: readonly number[];
  /**
   * The code it runs may be written by that code (a native program with
   * writable code pages): regions from pages with a writable byte are
   * watched, a store or system call that writes into one drops the regions
   * there, and the running region is left right after that instruction, so
   * that the next fetch sees the store. Off for the DBT, whose code cache
   * only the runtime writes (and flushes).
   */
  watchCode?: boolean;
}

export interface HostStats {
  /** Host instructions executed (only counted with `count: true`). */
  hostInsns: number;
  /** Regions compiled to JavaScript (compile engine). */
  regionsCompiled: number;
  /** Calls from the dispatcher into a compiled region (or interpreter runs). */
  regionEntries: number;
}

/** Performs the host ABI's system call on the register array; true when the process exited. */
export type HostSyscall = (regs: Int32Array) => boolean;
