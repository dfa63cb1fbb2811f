// HostMachine: the host's hardware. It runs host machine code from host
// memory — any ISA spec can be the host — and knows nothing of guests. The
// runtime above it hands it a pc and gets back why it stopped: a request to
// the runtime (a jump to page zero), the process's exit, a precise fault, or
// an exhausted instruction budget.

import { buildDecoder } from '../decode/index.js';
import type { Memory } from '../interp/memory.js';
import type { IsaModel } from '../spec/model.js';
import { CompileEngine } from './compile-engine.js';
import { InterpEngine } from './interp-engine.js';
import type { HostOptions, HostStats, HostStop, HostSyscall } from './types.js';

interface Engine {
  run(pc: number, budget: number): { stop: HostStop; pc: number };
  flush(addr: number, len: number): void;
}

export class HostMachine {
  /** Host register state: one slot per register of the spec, in its slot layout. */
  readonly regs: Int32Array;
  readonly stats: HostStats = { hostInsns: 0, regionsCompiled: 0, regionEntries: 0 };
  /** Host pc where the last run stopped (the faulting instruction, the service address, or the next to run). */
  pc = 0;
  private readonly engine: Engine;

  constructor(isa: IsaModel, memory: Memory, syscall: (regs: Int32Array) => boolean, opts: HostOptions = {}) {
    let slots = isa.registers.length;
    for (const r of isa.registers) slots = Math.max(slots, r.slot + 1);
    this.regs = new Int32Array(slots);
    const decoder = buildDecoder(isa);
    const count = opts.count === true;
    const sys: HostSyscall = syscall;
    this.engine =
      opts.engine === 'interp'
        ? new InterpEngine(isa, decoder, memory, this.regs, sys, this.stats, count, opts.privileged)
        : new CompileEngine(isa, decoder, memory, this.regs, sys, this.stats, count, opts.regionLimit, opts.privileged, opts.watchCode === true);
  }

  /**
   * Runs from pc until a stop. With counting on, stops with 'budget' at the
   * moment `budget` more instructions have run (exactly: a region stops before
   * a block that would pass it, and the host interpreter runs the rest).
   */
  run(pc: number, budget: number = Infinity): HostStop {
    const r = this.engine.run(pc, budget);
    this.pc = r.pc;
    return r.stop;
  }

  /** Drops compiled code covering any byte of [addr, addr+len): call after patching host code. */
  flush(addr: number, len: number): void {
    this.engine.flush(addr, len);
  }
}
