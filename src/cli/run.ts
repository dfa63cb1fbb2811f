// `xlat run`: load a program into a fresh process and run it on an engine,
// reporting the guest's exit status, a fault line, or the step limit the way
// qemu-user and a shell would.

import { performance } from 'node:perf_hooks';
import { buildDecoder, formatInsn, symbolMap } from '../decode/index.js';
import { exitStatusFor } from '../interp/fault.js';
import { Interpreter, type RunResult, type TraceEvent } from '../interp/interpreter.js';
import { createProcess, syscall, type Io, type Process } from '../os/index.js';
import { XlatError, loadHost, type IsaModel } from '../spec/index.js';
import { CODE_LIMIT, Dbt, checkTranslatorArea, type DbtOptions, type DbtStats } from '../dbt/index.js';
import { runNative } from '../host/index.js';
import { loadProgram, type Program } from './program.js';
import { formatBlock } from './block-log.js';
import { LogSink, logsBlocks, type DebugLog } from './run-log.js';
import { profileFor, readTranslated, runInterpProfiled } from '../aot/index.js';
import { writeOutput } from './output.js';

export interface RunOptions {
  engine: string;
  isa?: string;
  /** Host ISA for --engine dbt (default risc32). */
  host?: string;
  hostEngine?: 'compile' | 'interp';
  maxSteps?: number;
  trace?: boolean;
  stats?: boolean;
  /** Record a profile into this file (xlat translate --profile reads it); added to the file's when it is one of this program. */
  profile?: string;
  io?: Io;
  /** -d: what to log of the translator's work (dbt engine). */
  debug?: DebugLog;
  /** -D: the file the -d, --strace and --trace logs go to (default: stderr). */
  logFile?: string;
  /** Log every system call. */
  strace?: boolean;
  /** Where every log line goes instead (--trace, --stats, -d, --strace; for tests). */
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
  /** Called before the run (a translated file installs its blocks). */
  setup?: (dbt: Dbt) => void,
): { stop: RunResult['stop']; steps: number; stats: DbtStats } {
  const dbt = new Dbt(proc.isa, host, proc.memory, proc.regs, proc.pc, (regs) => syscall(proc, regs, host), {
    guestSyscall: (regs) => syscall(proc, regs),
    ...opts,
  });
  setup?.(dbt);
  const r = dbt.run(proc.regs);
  proc.pc = dbt.pc;
  return { stop: r.stop, steps: dbt.stats.guestInsns, stats: dbt.stats };
}

/** The Dbt hooks that write -d's log. */
function debugHooks(debug: DebugLog, prog: Program, proc: Process, host: IsaModel, log: (line: string) => void): Partial<DbtOptions> {
  const names = symbolMap(prog.image.symbols);
  const cx = { guest: proc.isa, host, decoder: buildDecoder(proc.isa), memory: proc.memory, names };
  const hooks: Partial<DbtOptions> = { noChain: debug.nochain };
  if (logsBlocks(debug)) {
    hooks.onTranslate = (t) => {
      for (const l of formatBlock(cx, { pc: t.guestPc, ir: t.ir, plan: t.plan, code: t.code }, debug.sections)) log(l);
    };
  }
  if (debug.exec || debug.cpu) {
    hooks.onEnter = (e) => {
      const label = names.get(e.guestPc);
      if (debug.exec) log(`Trace: guest 0x${hex8(e.guestPc)}${label ? ` <${label}>` : ''} at host 0x${hex8(e.hostAt)}`);
      if (debug.cpu) for (const l of cpuLines(proc.isa, e.state(), e.writtenFirst())) log(l);
    };
  }
  return hooks;
}

/** The guest registers as -d cpu prints them: eight a line, flags on a line of their own. */
function cpuLines(isa: IsaModel, regs: Int32Array, writtenFirst: number[]): string[] {
  const shown = isa.registers.filter((r) => !r.port && !r.zero);
  const words = shown.filter((r) => r.bits > 1).map((r) => `${r.name}=${hex8(regs[r.slot])}`);
  const flags = shown.filter((r) => r.bits === 1).map((r) => `${r.name}=${regs[r.slot] & 1}`);
  const lines: string[] = [];
  for (let i = 0; i < words.length; i += 8) lines.push(`${i === 0 ? 'CPU: ' : '     '}${words.slice(i, i + 8).join(' ')}`);
  if (flags.length) lines.push(`${lines.length ? '     ' : 'CPU: '}${flags.join(' ')}`);
  if (writtenFirst.length) lines.push(`     written before read by this block: ${writtenFirst.map((s) => isa.registers[s].name).join(' ')}`);
  return lines;
}

/** --stats lines of a dbt run (`translated`: of a file made by xlat translate). */
function dbtStatLines(s: DbtStats, steps: number, translated: boolean): string[] {
  const lines: string[] = [];
  if (translated) {
    lines.push(`blocks from the file ${s.blocksFromFile}, translated at run time ${s.blocksTranslated}, translation time ${(s.translateSeconds * 1000).toFixed(1)} ms`);
  } else lines.push(`blocks translated ${s.blocksTranslated}, translation time ${(s.translateSeconds * 1000).toFixed(1)} ms`);
  lines.push(`block cache hits ${s.cacheHits}, misses ${s.cacheMisses}, chain links made ${s.chainLinks}`);
  lines.push(`dispatcher entries ${s.dispatches} (${((1000 * s.dispatches) / Math.max(1, steps)).toFixed(3)} per 1000 guest instructions)`);
  const hits = s.indirectLookups - s.indirectMisses;
  const rate = s.indirectLookups ? ` (${((100 * hits) / s.indirectLookups).toFixed(1)}% hits)` : '';
  // The file's code does not count its indirect branches (only the runtime's does, under --stats): only misses are known.
  if (translated) lines.push(`indirect branch table misses ${s.indirectMisses}`);
  else lines.push(`indirect branch lookups ${s.indirectLookups}, table hits ${hits}, misses ${s.indirectMisses}${rate}`);
  lines.push(`host instructions ${s.hostInsns} (${(s.hostInsns / Math.max(1, steps)).toFixed(2)} per guest instruction)`);
  if (s.lazyBlocks || s.deferBlocks) {
    lines.push(`blocks leaving guest state unwritten: for their successors ${s.lazyBlocks}, for their own faults ${s.deferBlocks}; computed by the runtime ${s.lazySettled} times`);
  }
  if (s.invalidations) lines.push(`blocks invalidated by code writes ${s.invalidations}`);
  return lines;
}

/** Returns the process exit status xlat should exit with. */
export async function runCommand(file: string, args: string[], opts: RunOptions): Promise<number> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  let prog = await loadProgram(file, opts.isa);
  // A file made by xlat translate: its guest runs, with the file's translated blocks (dbt) or interpreted.
  const translated = await readTranslated(prog.image, file);
  if (translated) {
    if (opts.engine === 'native') {
      throw new XlatError(`${file}: a ${translated.guest.name} program translated to ${translated.host.name}: run it with --engine dbt (the default) or interp`);
    }
    prog = { image: translated.guestImage, isa: translated.guest, path: file };
  }
  const host = opts.engine === 'dbt' ? (translated ? translated.host : await loadHost(opts.host)) : undefined;
  if (host && !host.host) throw new XlatError(`${host.name} cannot be a host: its spec has no lowering rules (see isa-specs/LOWERING.md)`);
  if (opts.engine === 'native' && !prog.isa.host) {
    throw new XlatError(`${file}: --engine native runs programs of a host ISA; ${prog.isa.name} is not one (use --engine dbt or interp)`);
  }
  if (opts.profile !== undefined && opts.engine === 'native') throw new XlatError('--profile records through the interp or dbt engine, not native');
  if (opts.profile !== undefined && opts.trace) throw new XlatError('--profile and --trace do not go together: pick one');
  const debug = opts.debug;
  if (debug && opts.engine !== 'dbt') throw new XlatError(`-d logs what the translator does: it needs --engine dbt${opts.trace ? ' (--trace runs the interpreter)' : ''}`);
  if (opts.engine === 'dbt') checkTranslatorArea(prog.image.segments, file);
  const profile = opts.profile !== undefined ? profileFor(opts.profile, prog.isa.name, prog.image) : undefined;
  if (profile) profile.runs++;
  const proc = createProcess(prog.image, prog.isa, [file, ...args], {
    ...(opts.io ? { io: opts.io } : {}),
    ...(opts.engine === 'dbt' ? { memorySize: CODE_LIMIT } : {}),
  });
  // The run's logs (-d, --strace, --trace): the caller's, stderr, or -D's file.
  const sink = opts.log ? undefined : opts.logFile !== undefined ? LogSink.file(opts.logFile) : LogSink.stderr();
  const runLog = opts.log ?? ((l: string) => sink!.line(l));
  if (opts.strace) proc.strace = runLog;
  const t0 = performance.now();
  let stop: RunResult['stop'];
  let steps: number;
  const lines: string[] = [];
  try {
    if (opts.engine === 'dbt') {
      const dbtOpts: DbtOptions = { hostEngine: opts.hostEngine, countHost: opts.stats, maxSteps: opts.maxSteps, profile };
      if (debug) Object.assign(dbtOpts, debugHooks(debug, prog, proc, host!, runLog));
      const r = runDbt(proc, host!, dbtOpts, translated?.install);
      stop = r.stop;
      steps = r.steps;
      lines.push(...dbtStatLines(r.stats, steps, translated !== undefined));
    } else if (opts.engine === 'native') {
      const r = runNative(proc, { maxSteps: opts.maxSteps, count: opts.stats, engine: opts.hostEngine });
      stop = r.stop;
      steps = r.steps;
      lines.push(`regions compiled ${r.machine.stats.regionsCompiled}, region entries ${r.machine.stats.regionEntries}`);
    } else {
      const r = profile ? runInterpProfiled(proc, profile, opts.maxSteps) : runInterp(proc, { maxSteps: opts.maxSteps, trace: opts.trace ? runLog : undefined });
      stop = r.stop;
      steps = r.steps;
      lines.push(`instructions decoded ${r.decodes}`);
    }
  } finally {
    sink?.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  proc.io.flush();
  if (profile) writeOutput(opts.profile!, profile.toText());
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
