// Differential runs for the translator: the same guest program on the
// interpreter (runInterp), on the DBT onto risc32 with the host machine
// compiling host code (hostEngine 'compile'), and on the DBT with the host
// machine interpreting host code (hostEngine 'interp'). `runAll` runs all
// three and throws, with the program and every difference, unless they agree
// on the stop (kind, exit status, fault line), the guest instruction count,
// stdout and stderr bytes, the final guest registers and flags, the guest's
// writable memory and — for fault and max-steps stops — the pc.

import { assemble } from '../../src/asm/index.js';
import { isaAssembler } from '../../src/asm/backend.js';
import type { ElfImage } from '../../src/elf/image.js';
import { MemoryIo, createProcess, type Process } from '../../src/os/index.js';
import { runDbt, runInterp } from '../../src/cli/run.js';
import type { DbtOptions, DbtStats } from '../../src/dbt/index.js';
import { loadIsa, type IsaModel } from '../../src/spec/index.js';

export type Engine = 'interp' | 'dbt' | 'dbt-interp';
export const ENGINES: readonly Engine[] = ['interp', 'dbt', 'dbt-interp'];

export interface RunOpts {
  stdin?: string | Uint8Array;
  maxSteps?: number;
  /** Extra DBT options (both DBT runs). */
  dbt?: DbtOptions;
}

/** What one engine did, in a form that compares with toEqual and prints readably. */
export interface Outcome {
  engine: Engine;
  stop: 'exit' | 'fault' | 'max-steps';
  /** exit status for exit stops */
  status: number | null;
  /** the fault line (`xlat: fault: ...`) for fault stops */
  fault: string | null;
  /** guest pc for fault and max-steps stops (an exit's pc is not defined) */
  pc: string | null;
  steps: number;
  stdout: string;
  stderr: string;
  regs: Record<string, string>;
}

export interface EngineRun {
  outcome: Outcome;
  proc: Process;
  /** DBT statistics (DBT engines only). */
  stats?: DbtStats;
  stdoutBytes: Uint8Array;
}

export interface AllRuns {
  isa: IsaModel;
  image: ElfImage;
  source: string;
  interp: EngineRun;
  dbt: EngineRun;
  dbtInterp: EngineRun;
}

interface Models {
  isa: IsaModel;
  host: IsaModel;
  asm: ReturnType<typeof isaAssembler>;
}
const models = new Map<string, Promise<Models>>();

export function modelsFor(isaName: string): Promise<Models> {
  let m = models.get(isaName);
  if (!m) {
    m = (async () => {
      const isa = await loadIsa(isaName);
      const host = await loadIsa('risc32');
      return { isa, host, asm: isaAssembler(isa) };
    })();
    models.set(isaName, m);
  }
  return m;
}

const hex8 = (v: number) => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/** Exact text of output bytes: printable ASCII, newlines and tabs as they are, other bytes (and backslash) as \\xNN. */
function bytesText(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += (x >= 0x20 && x < 0x7f && x !== 0x5c) || x === 10 || x === 9 ? String.fromCharCode(x) : `\\x${x.toString(16).padStart(2, '0')}`;
  return s;
}

/** Runs an assembled program on one engine, synchronously. */
export function runEngine(m: Models, image: ElfImage, engine: Engine, args: string[], opts: RunOpts): EngineRun {
  const io = new MemoryIo(opts.stdin ?? '');
  const proc = createProcess(image, m.isa, ['prog', ...args], { io });
  let stop: 'exit' | 'fault' | 'max-steps';
  let faultLine: string | null = null;
  let steps: number;
  let stats: DbtStats | undefined;
  if (engine === 'interp') {
    const r = runInterp(proc, { maxSteps: opts.maxSteps });
    stop = r.stop.kind;
    if (r.stop.kind === 'fault') faultLine = r.stop.fault.line();
    steps = r.steps;
  } else {
    const r = runDbt(proc, m.host, { ...opts.dbt, hostEngine: engine === 'dbt' ? 'compile' : 'interp', maxSteps: opts.maxSteps });
    stop = r.stop.kind;
    if (r.stop.kind === 'fault') faultLine = r.stop.fault.line();
    steps = r.steps;
    stats = r.stats;
  }
  io.flush();
  const regs: Record<string, string> = {};
  for (const r of m.isa.registers) regs[r.name] = r.bits === 1 ? String(proc.regs[r.slot]) : hex8(proc.regs[r.slot]);
  return {
    outcome: {
      engine,
      stop,
      status: stop === 'exit' ? proc.exitStatus : null,
      fault: faultLine,
      pc: stop === 'exit' ? null : hex8(proc.pc),
      steps,
      stdout: bytesText(io.stdout),
      stderr: bytesText(io.stderr),
      regs,
    },
    proc,
    stats,
    stdoutBytes: io.stdout,
  };
}

/** Differences between two outcomes, one line each ('' when they agree). */
export function diffOutcomes(a: Outcome, b: Outcome): string {
  const out: string[] = [];
  for (const k of ['stop', 'status', 'fault', 'pc', 'steps', 'stdout', 'stderr'] as const) {
    if (a[k] !== b[k]) out.push(`  ${k}: ${a.engine} ${JSON.stringify(a[k])} vs ${b.engine} ${JSON.stringify(b[k])}`);
  }
  for (const r of Object.keys(a.regs)) if (a.regs[r] !== b.regs[r]) out.push(`  reg ${r}: ${a.engine} ${a.regs[r]} vs ${b.engine} ${b.regs[r]}`);
  return out.join('\n');
}

/** Differences in the guest's writable segments and the top of its stack. */
function diffMemory(image: ElfImage, a: EngineRun, b: EngineRun): string {
  const ranges: Array<[string, number, number]> = image.segments.filter((s) => s.flags.w).map((s) => [s.name, s.vaddr >>> 0, s.memSize]);
  ranges.push(['stack', 0x00ff0000, 0x10000]);
  const out: string[] = [];
  for (const [name, at, size] of ranges) {
    const x = a.proc.memory.readBytes(at, size);
    const y = b.proc.memory.readBytes(at, size);
    for (let i = 0; i < size; i++) {
      if (x[i] !== y[i]) {
        out.push(`  memory ${name} 0x${(at + i).toString(16)}: ${a.outcome.engine} ${x[i]} vs ${b.outcome.engine} ${y[i]}`);
        break;
      }
    }
  }
  return out.join('\n');
}

export function numbered(source: string): string {
  return source
    .split('\n')
    .map((l, i) => `${String(i + 1).padStart(4)}  ${l}`)
    .join('\n');
}

/** Runs `source` on the three engines; throws with every difference unless they agree. */
export async function runAll(isaName: string, source: string, args: string[] = [], opts: RunOpts = {}): Promise<AllRuns> {
  const m = await modelsFor(isaName);
  return runAllSync(m, source, args, opts);
}

export function runAllSync(m: Models, source: string, args: string[] = [], opts: RunOpts = {}): AllRuns {
  const image = assemble(source, 'prog.s', m.asm);
  const [interp, dbt, dbtInterp] = ENGINES.map((e) => runEngine(m, image, e, args, opts));
  const diffs: string[] = [];
  for (const other of [dbt, dbtInterp]) {
    const d = [diffOutcomes(interp.outcome, other.outcome), diffMemory(image, interp, other)].filter(Boolean).join('\n');
    if (d) diffs.push(d);
  }
  if (diffs.length) {
    const s = interp.outcome;
    throw new Error(
      `engines disagree (${m.isa.name}, args ${JSON.stringify(args)}${opts.maxSteps !== undefined ? `, maxSteps ${opts.maxSteps}` : ''}):\n${diffs.join('\n')}\n` +
        `interpreter: stop ${s.stop} ${s.fault ?? ''} status ${s.status} steps ${s.steps}\n--- program ---\n${numbered(source)}`,
    );
  }
  return { isa: m.isa, image, source, interp, dbt, dbtInterp };
}

/** Address of a label of an assembled program. */
export function symbol(image: ElfImage, name: string): number {
  const s = image.symbols.find((x) => x.name === name);
  if (!s) throw new Error(`no symbol ${name}`);
  return s.value >>> 0;
}

/**
 * The differential check of one random program (which always terminates): a
 * full run on all three engines — with no step limit, as `xlat run` runs by
 * default, since the translator may optimize differently when it has one to
 * honour — then a run stopped by --max-steps at 1 + frac × (steps − 1)
 * instructions (frac = 1: right before the last instruction the full run
 * executed or faulted on). Returns the interpreter's full outcome.
 */
export function differential(m: Models, source: string, stdin: Uint8Array, frac: number, dbt?: DbtOptions): Outcome {
  const full = runAllSync(m, source, [], { stdin, dbt });
  const steps = full.interp.outcome.steps;
  if (steps >= 1) runAllSync(m, source, [], { stdin, dbt, maxSteps: 1 + Math.floor(frac * (steps - 1)) });
  return full.interp.outcome;
}
