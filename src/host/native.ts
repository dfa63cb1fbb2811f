// Native runs: a program written for the host ISA run directly on the host
// machine, with the OS layer's system calls — the baseline translated guests
// are measured against (`xlat run --engine native`).

import { GuestFault } from '../interp/fault.js';
import { ADDRESS_LIMIT, PERM_W, PERM_X } from '../interp/memory.js';
import type { RunResult } from '../interp/interpreter.js';
import { syscall, type Process } from '../os/index.js';
import { HostMachine } from './machine.js';
import type { HostEngine } from './types.js';

export interface NativeOptions {
  /** Stop after exactly this many instructions; turns counting on. */
  maxSteps?: number;
  /** Count instructions even without a step limit (for --stats). */
  count?: boolean;
  engine?: HostEngine;
}

/** RunResult as runInterp gives it; steps are host instructions, 0 unless counted. */
export interface NativeResult extends RunResult {
  machine: HostMachine;
}

export function runNative(proc: Process, opts: NativeOptions = {}): NativeResult {
  const limited = opts.maxSteps !== undefined && Number.isFinite(opts.maxSteps);
  // A program that can write its own code has its stores watched (the others pay nothing for it).
  const wx = PERM_W | PERM_X;
  const machine = new HostMachine(proc.isa, proc.memory, (regs) => syscall(proc, regs), {
    engine: opts.engine ?? 'compile',
    count: limited || opts.count === true,
    watchCode: proc.memory.anyByte(0, ADDRESS_LIMIT, (p) => (p & wx) === wx),
  });
  machine.regs.set(proc.regs);
  const stop = machine.run(proc.pc, limited ? opts.maxSteps : Infinity);
  proc.regs.set(machine.regs);
  proc.pc = machine.pc;
  const steps = machine.stats.hostInsns;
  switch (stop.kind) {
    case 'exit':
      return { stop: { kind: 'exit' }, steps, machine };
    case 'budget':
      return { stop: { kind: 'max-steps' }, steps, machine };
    case 'fault':
      return { stop: { kind: 'fault', fault: stop.fault }, steps, machine };
    case 'service':
      // A native program has no runtime behind page zero: it is what the
      // interpreter reports, a fetch from unmapped memory.
      return { stop: { kind: 'fault', fault: new GuestFault('segmentation fault', stop.pc, stop.pc, 'fetch') }, steps, machine };
  }
}
