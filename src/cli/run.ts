// `xlat run`: load a program into a fresh process and run it on an engine,
// reporting the guest's exit status, a fault line, or the step limit the way
// qemu-user and a shell would.

import { performance } from 'node:perf_hooks';
import { buildDecoder, formatInsn } from '../decode/index.js';
import { exitStatusFor } from '../interp/fault.js';
import { Interpreter, type RunResult, type TraceEvent } from '../interp/interpreter.js';
import { createProcess, syscall, type Io, type Process } from '../os/index.js';
import type { IsaModel } from '../spec/index.js';
import { loadProgram } from './program.js';

export interface RunOptions {
  engine: string;
  isa?: string;
  maxSteps?: number;
  trace?: boolean;
  stats?: boolean;
  io?: Io;
  /** Where --trace and --stats lines go (default: stderr). */
  log?: (line: string) => void;
}

export const EXIT_MAX_STEPS = 124;

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

function traceLine(isa: IsaModel, e: TraceEvent): string {
  const text = formatInsn(isa, e.decoded, e.pc);
  const changes = e.changes
    .map(([slot, , now]) => {
      const r = isa.registers[slot];
      return r.bits === 1 ? `${r.name}=${now}` : `${r.name}=0x${hex8(now)}`;
    })
    .join(' ');
  return `0x${hex8(e.pc)}: ${text.padEnd(28)} ${changes}`.trimEnd();
}

/** Run a loaded process on the interpreter. */
export function runInterp(proc: Process, opts: { maxSteps?: number; trace?: (line: string) => void }): RunResult & { decodes: number } {
  const isa = proc.isa;
  const interp = new Interpreter(isa, buildDecoder(isa), {
    memory: proc.memory,
    regs: proc.regs,
    pc: proc.pc,
    syscall: (regs) => syscall(proc, regs),
  });
  const trace = opts.trace;
  const r = interp.run(opts.maxSteps ?? Infinity, trace ? (e) => trace(traceLine(isa, e)) : undefined);
  proc.pc = interp.pc;
  return { ...r, decodes: interp.decodes };
}

/** Returns the process exit status xlat should exit with. */
export async function runCommand(file: string, args: string[], opts: RunOptions): Promise<number> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const prog = await loadProgram(file, opts.isa);
  const proc = createProcess(prog.image, prog.isa, [file, ...args], opts.io ? { io: opts.io } : {});
  const t0 = performance.now();
  const r = runInterp(proc, { maxSteps: opts.maxSteps, trace: opts.trace ? log : undefined });
  const seconds = (performance.now() - t0) / 1000;
  proc.io.flush();
  if (opts.stats) {
    const mips = seconds > 0 ? r.steps / seconds / 1e6 : 0;
    log(`xlat: stats: engine ${opts.engine}, isa ${prog.isa.name}`);
    log(`xlat: stats: guest instructions ${r.steps}`);
    log(`xlat: stats: instructions decoded ${r.decodes}`);
    log(`xlat: stats: time ${seconds.toFixed(3)} s, ${mips.toFixed(1)} MIPS`);
  }
  switch (r.stop.kind) {
    case 'exit':
      return proc.exitStatus;
    case 'fault':
      log(r.stop.fault.line());
      return exitStatusFor(r.stop.fault.kind);
    case 'max-steps':
      log(`xlat: stopped after ${r.steps} instructions at pc=0x${hex8(proc.pc)} (--max-steps)`);
      return EXIT_MAX_STEPS;
  }
}
