// `xlat run`: load a program into a fresh process and run it on an engine,
// reporting the guest's exit status, a fault line, or the step limit the way
// qemu-user and a shell would.

import { performance } from 'node:perf_hooks';
import { buildDecoder, formatInsn } from '../decode/index.js';
import { exitStatusFor } from '../interp/fault.js';
import { Interpreter, type RunResult, type TraceEvent } from '../interp/interpreter.js';
import { createProcess, syscall, type Io, type Process } from '../os/index.js';
import { XlatError, loadIsa, type IsaModel } from '../spec/index.js';
import { CODE_LIMIT, Dbt, type DbtOptions, type DbtStats } from '../dbt/index.js';
import { runNative } from '../host/index.js';
import { loadProgram } from './program.js';

export interface RunOptions {
  engine: string;
  isa?: string;
  /** Host ISA for --engine dbt (default risc32). */
  host?: string;
  hostEngine?: 'compile' | 'interp';
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

/** Run a loaded process through the translator onto a host ISA. */
export function runDbt(
  proc: Process,
  host: IsaModel,
  opts: DbtOptions = {},
): { stop: RunResult['stop']; steps: number; stats: DbtStats } {
  const dbt = new Dbt(proc.isa, host, proc.memory, proc.regs, proc.pc, (regs) => syscall(proc, regs, host), {
    guestSyscall: (regs) => syscall(proc, regs),
    ...opts,
  });
  const r = dbt.run(proc.regs);
  proc.pc = dbt.pc;
  return { stop: r.stop, steps: dbt.stats.guestInsns, stats: dbt.stats };
}

/** Returns the process exit status xlat should exit with. */
export async function runCommand(file: string, args: string[], opts: RunOptions): Promise<number> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const prog = await loadProgram(file, opts.isa);
  const hostName = opts.host ?? 'risc32';
  const host = opts.engine === 'dbt' ? await loadIsa(hostName) : undefined;
  if (host && !host.host) throw new XlatError(`${host.name} cannot be a host: its spec has no lowering rules (see isa-specs/LOWERING.md)`);
  if (opts.engine === 'native' && !prog.isa.host) {
    throw new XlatError(`${file}: --engine native runs programs of a host ISA; ${prog.isa.name} is not one (use --engine dbt or interp)`);
  }
  const proc = createProcess(prog.image, prog.isa, [file, ...args], {
    ...(opts.io ? { io: opts.io } : {}),
    ...(opts.engine === 'dbt' ? { memorySize: CODE_LIMIT } : {}),
  });
  const t0 = performance.now();
  let stop: RunResult['stop'];
  let steps: number;
  const lines: string[] = [];
  if (opts.engine === 'dbt') {
    const r = runDbt(proc, host!, { hostEngine: opts.hostEngine, countHost: opts.stats, maxSteps: opts.maxSteps });
    stop = r.stop;
    steps = r.steps;
    const s = r.stats;
    lines.push(`blocks translated ${s.blocksTranslated}, translation time ${(s.translateSeconds * 1000).toFixed(1)} ms`);
    lines.push(`block cache hits ${s.cacheHits}, misses ${s.cacheMisses}, chain links made ${s.chainLinks}`);
    lines.push(`dispatcher entries ${s.dispatches} (${((1000 * s.dispatches) / Math.max(1, steps)).toFixed(3)} per 1000 guest instructions)`);
    const hits = s.indirectLookups - s.indirectMisses;
    const rate = s.indirectLookups ? ` (${((100 * hits) / s.indirectLookups).toFixed(1)}% hits)` : '';
    lines.push(`indirect branch lookups ${s.indirectLookups}, table hits ${hits}, misses ${s.indirectMisses}${rate}`);
    lines.push(`host instructions ${s.hostInsns} (${(s.hostInsns / Math.max(1, steps)).toFixed(2)} per guest instruction)`);
    if (s.invalidations) lines.push(`blocks invalidated by code writes ${s.invalidations}`);
  } else if (opts.engine === 'native') {
    const r = runNative(proc, { maxSteps: opts.maxSteps, count: opts.stats, engine: opts.hostEngine });
    stop = r.stop;
    steps = r.steps;
    lines.push(`regions compiled ${r.machine.stats.regionsCompiled}, region entries ${r.machine.stats.regionEntries}`);
  } else {
    const r = runInterp(proc, { maxSteps: opts.maxSteps, trace: opts.trace ? log : undefined });
    stop = r.stop;
    steps = r.steps;
    lines.push(`instructions decoded ${r.decodes}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  proc.io.flush();
  if (stop.kind === 'fault') log(stop.fault.line());
  if (stop.kind === 'max-steps') log(`xlat: stopped after ${steps} instructions at pc=0x${hex8(proc.pc)} (--max-steps)`);
  if (opts.stats) {
    const mips = seconds > 0 ? steps / seconds / 1e6 : 0;
    log(`xlat: stats: engine ${opts.engine}${host ? ` onto ${host.name}` : ''}, isa ${prog.isa.name}`);
    log(`xlat: stats: guest instructions ${steps}`);
    for (const l of lines) log(`xlat: stats: ${l}`);
    log(`xlat: stats: time ${seconds.toFixed(3)} s, ${mips.toFixed(1)} MIPS`);
  }
  switch (stop.kind) {
    case 'exit':
      return proc.exitStatus;
    case 'fault':
      return exitStatusFor(stop.fault.kind);
    case 'max-steps':
      return EXIT_MAX_STEPS;
  }
}
