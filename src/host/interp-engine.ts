// The interp engine: the same host code run one instruction at a time by the
// interpreter (src/interp), on the same memory and register array, to
// cross-check the compile engine. Its results are mapped onto HostStop: a
// fetch fault at a page-zero pc is the runtime service request the compile
// engine reports as 'service', and running out of steps is 'budget'.

import type { Decoder } from '../decode/index.js';
import { Interpreter, type MachineState } from '../interp/interpreter.js';
import type { CodeWriteListener, Memory } from '../interp/memory.js';
import type { IsaModel } from '../spec/model.js';
import { SERVICE_LIMIT, type HostStats, type HostStop, type HostSyscall } from './types.js';

export class InterpEngine {
  private readonly state: MachineState;
  private interp: Interpreter | null = null;
  /** The interpreter's own invalidation, kept to serve flush (see below). */
  private invalidate: CodeWriteListener | null = null;
  /** The memory's write listener before the interpreter took it over. */
  private outside: CodeWriteListener | null | undefined = undefined;

  constructor(
    private readonly isa: IsaModel,
    private readonly decoder: Decoder,
    private readonly memory: Memory,
    private readonly regs: Int32Array,
    syscall: HostSyscall,
    private readonly stats: HostStats,
    private readonly count: boolean,
    privileged?: readonly number[],
  ) {
    // The host's byte order, whatever the guest's (the memory's own).
    this.state = { memory: memory.withOrder(isa.endian === 'little'), regs, pc: 0, syscall, priv: privileged };
  }

  run(pc: number, budget: number): { stop: HostStop; pc: number } {
    pc = pc >>> 0;
    if (pc < SERVICE_LIMIT) return { stop: { kind: 'service', pc }, pc };
    const interp = this.prepare();
    this.state.pc = pc;
    this.stats.regionEntries++;
    const r = interp.run(this.count ? budget : Infinity);
    if (this.count) this.stats.hostInsns += r.steps;
    const at = interp.pc;
    switch (r.stop.kind) {
      case 'exit':
        return { stop: { kind: 'exit' }, pc: at };
      case 'max-steps':
        return { stop: { kind: 'budget' }, pc: at };
      case 'fault': {
        const f = r.stop.fault;
        if (f.access === 'fetch' && f.pc < SERVICE_LIMIT) return { stop: { kind: 'service', pc: f.pc }, pc: f.pc };
        return { stop: { kind: 'fault', fault: f, hostPc: f.pc }, pc: at };
      }
    }
  }

  /**
   * The interpreter watches the pages it decoded and drops stale handlers on
   * its own; flush also invalidates explicitly, in case someone replaced the
   * memory's write listener since.
   */
  flush(addr: number, len: number): void {
    this.invalidate?.(addr >>> 0, len);
  }

  /** One interpreter for the machine's life; its working registers are refreshed before each run. */
  private prepare(): Interpreter {
    if (this.interp) {
      this.interp.reloadRegisters();
      return this.interp;
    }
    if (this.outside === undefined) this.outside = this.memory.onCodeWrite;
    const previous = this.outside;
    const interp = new Interpreter(this.isa, this.decoder, this.state);
    this.invalidate = this.memory.onCodeWrite;
    const mine = this.invalidate;
    // Keep whoever listened before (the DBT's own code watch) informed too.
    if (previous && mine && previous !== mine) {
      this.memory.onCodeWrite = (a, l) => {
        mine(a, l);
        previous(a, l);
      };
    }
    this.interp = interp;
    return interp;
  }
}
