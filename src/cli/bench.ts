// `xlat bench` (and `npm run bench`): the benchmark suite of bench/suite.mjs.
// Each benchmark is one algorithm written three times — for cisc32 (the guest
// app), for risc32 (the native app) and in plain JavaScript (the physical
// limit) — and run five ways:
//
//   interp  the cisc32 version on the interpreter
//   dbt     the cisc32 version translated onto risc32 (translation included)
//   aot     the cisc32 version translated ahead of time (xlat translate)
//   native  the risc32 version on the host machine
//   js      the JavaScript version
//
// Every variant must print the same checksum before anything is timed: a
// mismatch is an error. Then benchmark.js times them in this one process,
// variants interleaved (several rounds, each running every variant of a
// benchmark in turn), each run a fresh process. The figures that do not
// depend on the clock — guest instructions, host instructions per guest
// instruction, dispatcher entries — come from separate counted runs, never
// from the timed ones.

import Benchmark from 'benchmark';
import cliProgress from 'cli-progress';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readTranslated, translateImage } from '../aot/index.js';
import { readElf, writeElf } from '../elf/index.js';
import { MemoryIo, createProcess, type Process } from '../os/index.js';
import { runNative } from '../host/index.js';
import { CODE_LIMIT } from '../dbt/index.js';
import type { RunResult } from '../interp/interpreter.js';
import { XlatError, loadHost, loadIsa, type IsaModel } from '../spec/index.js';
import { loadProgram, type Program } from './program.js';
import { runDbt, runInterp } from './run.js';

/** The package root: dist/cli/bench.js -> ../.. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const ENGINES = ['interp', 'dbt', 'aot', 'native', 'js'] as const;
export type Engine = (typeof ENGINES)[number];

export interface BenchOptions {
  quick?: boolean;
  json?: string;
  svg?: string;
  /** Print the tables as Markdown (for the README). */
  markdown?: boolean;
  /** Show a progress bar on stderr (default: when stderr is a terminal). */
  progress?: boolean;
  host?: string;
  /**
   * Where bench/suite.mjs, bench/js/ and samples/bench/ are (default: the
   * package root). Tests point it at a doctored copy.
   */
  root?: string;
  /** Run the aot engine (default true). */
  aot?: boolean;
}

interface SuiteEntry {
  name: string;
  full: number;
  quick: number;
  what: string;
}

export interface Ratios {
  interpOverDbt: number | null;
  dbtOverNative: number | null;
  nativeOverJs: number | null;
  aotOverNative: number | null;
}

export interface BenchRow {
  name: string;
  what: string;
  /** The size argument N every variant was run with. */
  size: number;
  checksum: string;
  guestInstructions: number;
  /** Instructions the risc32 version executes natively. */
  nativeInstructions: number;
  /** Median seconds per run; null for an engine that did not run (aot with { aot: false }). */
  seconds: Record<Engine, number | null>;
  /** How many timed samples each median is taken from. */
  samples: Record<Engine, number>;
  ratios: Ratios;
  interpMips: number;
  hostInstructionsPerGuestInstruction: number;
  dispatchesPer1000: number;
  indirectLookups: number;
  indirectMisses: number;
  /** Median over the timed dbt runs of the time spent translating. */
  translateSeconds: number;
  blocksTranslated: number;
  /** Guest instructions in the blocks translated (static count). */
  guestInstructionsTranslated: number;
  translateMicrosPerGuestInstruction: number;
  /** aot: seconds `xlat translate` took (not in the timed runs), and blocks the runtime translated all the same. */
  aotTranslateSeconds: number | null;
  aotRuntimeBlocks: number | null;
}

export interface BenchReport {
  /** The guest ISA of the suite. */
  guest: string;
  machine: Record<string, string | number>;
  date: string;
  quick: boolean;
  host: string;
  benchmarks: BenchRow[];
  geomean: Ratios & { interpMips: number; hostInstructionsPerGuestInstruction: number };
  interpreterMips: number;
  translation: { seconds: number; guestInstructions: number; microsPerGuestInstruction: number };
  startup: { command: string; runs: number; dbtSeconds: number; interpSeconds: number };
  targets: Array<{ figure: string; value: number | null; target: string; met: boolean | null; note: string }>;
}

/** A prepared variant: runs once in a fresh process, returns what it printed. */
type Runner = () => string;

interface Prepared {
  entry: SuiteEntry;
  size: number;
  runners: Partial<Record<Engine, Runner>>;
  /** argv of the guest and of the native process. */
  guestArgv: string[];
  nativeArgv: string[];
  /** Translation time of each timed dbt run. */
  dbtTranslate: number[];
  /** aot: the time `xlat translate` took, and the blocks the runtime still had to translate. */
  aotTranslateSeconds: number | null;
  aotRuntimeBlocks: number | null;
}

/** An engine that runs an ahead-of-time translated guest; see loadAot. */
interface AotAdapter {
  /** Translates once; returns how long that took and how to start a run of the result. */
  prepare(
    guest: Program,
    host: IsaModel,
    path: string,
  ): Promise<{ seconds: number; start: (argv: string[], io: MemoryIo) => { stop: RunResult['stop']; proc: Process; runtimeBlocks: number } }>;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function geomean(xs: ReadonlyArray<number | null>): number | null {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x) && x > 0);
  if (v.length === 0) return null;
  return Math.exp(v.reduce((a, x) => a + Math.log(x), 0) / v.length);
}

function ratio(a: number | null, b: number | null): number | null {
  return a !== null && b !== null && b > 0 ? a / b : null;
}

/** The suite, and the guest ISA whose versions of the benchmarks are run (samples/bench/<guest>/). */
async function loadSuite(root: string): Promise<{ suite: SuiteEntry[]; guest: string }> {
  const file = join(root, 'bench', 'suite.mjs');
  if (!existsSync(file)) throw new XlatError(`${file}: no such file (the benchmark suite)`);
  const mod = (await import(pathToFileURL(file).href)) as { suite: SuiteEntry[]; guest?: string };
  if (typeof mod.guest !== 'string') throw new XlatError(`${file}: exports no guest ISA name`);
  return { suite: mod.suite, guest: mod.guest };
}

/**
 * The aot engine (src/aot, `xlat translate`): the cisc32 executable is
 * translated once, ahead of time, into a host executable — as `xlat asm`
 * then `xlat translate` would write it — and each timed run starts that
 * file the way `xlat run` does: the guest process, with the file's blocks
 * installed in the runtime, which translates only what discovery missed.
 * The translation is not part of the timed runs (FX!32's scheme); its time
 * is reported on its own.
 */
function loadAot(): AotAdapter {
  return {
    async prepare(guest, host, path) {
      const t0 = performance.now();
      const guestElf = readElf(writeElf(guest.image), path);
      const hostElf = readElf(writeElf(translateImage(guestElf, guest.isa, host, path).image), path);
      const seconds = (performance.now() - t0) / 1000;
      const t = await readTranslated(hostElf, path);
      if (!t) throw new XlatError(`${path}: xlat translate did not make a translated file`);
      return {
        seconds,
        start: (argv, io) => {
          const proc = createProcess(t.guestImage, t.guest, argv, { io, memorySize: CODE_LIMIT });
          const r = runDbt(proc, t.host, {}, t.install);
          return { stop: r.stop, proc, runtimeBlocks: r.stats.blocksTranslated };
        },
      };
    },
  };
}

function finished(engine: string, name: string, proc: Process, io: MemoryIo, stop: RunResult['stop']): string {
  if (stop.kind === 'exit' && proc.exitStatus === 0) return io.stdoutText();
  const why =
    stop.kind === 'fault' ? stop.fault.line() : stop.kind === 'exit' ? `exit status ${proc.exitStatus}` : 'stopped by the step limit';
  throw new XlatError(`bench ${name}: the ${engine} run did not finish cleanly: ${why}`);
}

function guestArgv(path: string, size: number): string[] {
  return [path, String(size)];
}

async function prepare(
  root: string,
  entry: SuiteEntry,
  size: number,
  guestIsa: string,
  host: IsaModel,
  aot: AotAdapter | undefined,
): Promise<{ prepared: Prepared; guest: Program; native: Program }> {
  const guestPath = join(root, 'samples', 'bench', guestIsa, `${entry.name}.s`);
  const nativePath = join(root, 'samples', 'bench', host.name, `${entry.name}.s`);
  const jsPath = join(root, 'bench', 'js', `${entry.name}.mjs`);
  for (const p of [guestPath, nativePath, jsPath]) {
    if (!existsSync(p)) throw new XlatError(`bench ${entry.name}: ${relative(process.cwd(), p)}: no such file`);
  }
  const guest = await loadProgram(guestPath);
  const native = await loadProgram(nativePath);
  if (native.isa.name !== host.name) throw new XlatError(`${nativePath}: written for ${native.isa.name}, not the host ${host.name}`);
  const jsMod = (await import(pathToFileURL(jsPath).href)) as { default: (n: number) => string };
  const js = jsMod.default;
  const name = entry.name;
  const gArgv = guestArgv(relative(root, guestPath), size);
  const nArgv = guestArgv(relative(root, nativePath), size);
  const prepared: Prepared = { entry, size, runners: {}, guestArgv: gArgv, nativeArgv: nArgv, dbtTranslate: [], aotTranslateSeconds: null, aotRuntimeBlocks: null };
  const r = prepared.runners;
  r.interp = () => {
    const io = new MemoryIo();
    const proc = createProcess(guest.image, guest.isa, gArgv, { io });
    return finished('interp', name, proc, io, runInterp(proc, {}).stop);
  };
  r.dbt = () => {
    const io = new MemoryIo();
    const proc = createProcess(guest.image, guest.isa, gArgv, { io, memorySize: CODE_LIMIT });
    const res = runDbt(proc, host, {});
    prepared.dbtTranslate.push(res.stats.translateSeconds);
    return finished('dbt', name, proc, io, res.stop);
  };
  if (aot) {
    const { seconds, start } = await aot.prepare(guest, host, guestPath);
    prepared.aotTranslateSeconds = seconds;
    r.aot = () => {
      const io = new MemoryIo();
      const { stop, proc, runtimeBlocks } = start(gArgv, io);
      prepared.aotRuntimeBlocks = runtimeBlocks;
      return finished('aot', name, proc, io, stop);
    };
  }
  r.native = () => {
    const io = new MemoryIo();
    const proc = createProcess(native.image, native.isa, nArgv, { io });
    return finished('native', name, proc, io, runNative(proc, {}).stop);
  };
  r.js = () => `${js(size)}\n`;
  return { prepared, guest, native };
}

/** Counted runs and the checksum check; nothing here is timed. */
function verify(
  p: Prepared,
  guest: Program,
  native: Program,
  host: IsaModel,
): Omit<BenchRow, 'seconds' | 'samples' | 'ratios' | 'interpMips' | 'translateSeconds' | 'translateMicrosPerGuestInstruction' | 'aotTranslateSeconds' | 'aotRuntimeBlocks'> {
  const name = p.entry.name;
  const outputs = new Map<Engine, string>();
  for (const e of ENGINES) {
    const run = p.runners[e];
    if (run) outputs.set(e, run());
  }
  p.dbtTranslate.length = 0;
  const reference = outputs.get('js')!;
  const disagree = [...outputs].filter(([, out]) => out !== reference);
  if (disagree.length) {
    const show = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
    const lines = [...outputs].map(([e, out]) => `  ${e.padEnd(6)} ${show(out)}`);
    throw new XlatError(`bench ${name} ${p.size}: the variants disagree on the checksum:\n${lines.join('\n')}`);
  }
  if (!/^[0-9a-f]+\n$/.test(reference)) throw new XlatError(`bench ${name}: expected a checksum and a newline, got ${JSON.stringify(reference)}`);

  // Guest instructions: the interpreter counts them.
  const argv = p.guestArgv;
  let io = new MemoryIo();
  let proc = createProcess(guest.image, guest.isa, argv, { io });
  const steps = runInterp(proc, {}).steps;
  // Host instructions and dispatches: a dbt run with counting on.
  io = new MemoryIo();
  proc = createProcess(guest.image, guest.isa, argv, { io, memorySize: CODE_LIMIT });
  let translated = 0;
  const counted = runDbt(proc, host, { countHost: true, onTranslate: (t) => (translated += t.ir.insns) });
  finished('dbt (counted)', name, proc, io, counted.stop);
  if (counted.steps !== steps) {
    throw new XlatError(`bench ${name}: dbt executed ${counted.steps} guest instructions, the interpreter ${steps}`);
  }
  // Native instructions.
  io = new MemoryIo();
  proc = createProcess(native.image, native.isa, p.nativeArgv, { io });
  const nat = runNative(proc, { count: true });
  finished('native (counted)', name, proc, io, nat.stop);
  const s = counted.stats;
  return {
    name,
    what: p.entry.what,
    size: p.size,
    checksum: reference.trimEnd(),
    guestInstructions: steps,
    nativeInstructions: nat.steps,
    hostInstructionsPerGuestInstruction: s.hostInsns / Math.max(1, steps),
    dispatchesPer1000: (1000 * s.dispatches) / Math.max(1, steps),
    indirectLookups: s.indirectLookups,
    indirectMisses: s.indirectMisses,
    blocksTranslated: s.blocksTranslated,
    guestInstructionsTranslated: translated,
  };
}

/** benchmark.js: the per-run seconds of each sample. */
function timeSamples(name: string, fn: Runner, expect: string, quick: boolean): number[] {
  let bad: string | undefined;
  const bench = new Benchmark(
    name,
    () => {
      if (fn() !== expect) bad ??= `${name}: a timed run printed something else than the checked run`;
    },
    quick ? { minSamples: 3, maxTime: 0.05, initCount: 1 } : { minSamples: 3, maxTime: 0.4, initCount: 1 },
  );
  bench.run();
  if (bench.error) throw bench.error instanceof XlatError ? bench.error : new XlatError(`${name}: ${String(bench.error.message ?? bench.error)}`);
  if (bad) throw new XlatError(bad);
  return bench.stats.sample.map(Number);
}

function startup(quick: boolean, guestIsa: string): BenchReport['startup'] {
  const cli = join(ROOT, 'dist', 'cli', 'main.js');
  const hello = join('samples', guestIsa, 'hello.s');
  const runs = quick ? 3 : 9;
  const once = (extra: string[]) => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, 'run', ...extra, hello], { cwd: ROOT, encoding: 'utf8' });
    const t = (performance.now() - t0) / 1000;
    if (r.status !== 0 || r.stdout !== 'Hello, world!\n') throw new XlatError(`xlat run ${extra.join(' ')} ${hello} failed: ${r.stderr.trim()}`);
    return t;
  };
  once([]); // warm the spec cache
  const dbt: number[] = [];
  const interp: number[] = [];
  for (let i = 0; i < runs; i++) {
    dbt.push(once([]));
    interp.push(once(['--engine', 'interp']));
  }
  return { command: `xlat run ${hello}`, runs, dbtSeconds: median(dbt), interpSeconds: median(interp) };
}

function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
}

function targets(r: Pick<BenchReport, 'geomean' | 'interpreterMips'>): BenchReport['targets'] {
  const t: BenchReport['targets'] = [];
  const add = (figure: string, value: number | null, target: string, met: (v: number) => boolean, short: (v: number) => string) => {
    if (value === null) t.push({ figure, value, target, met: null, note: 'not measured' });
    else t.push({ figure, value, target, met: met(value), note: met(value) ? 'met' : `missed: ${short(value)}` });
  };
  const g = r.geomean;
  add('interp/dbt', g.interpOverDbt, '>= 10', (v) => v >= 10, (v) => `${(10 / v).toFixed(2)}x short`);
  add('dbt/native', g.dbtOverNative, '<= 2', (v) => v <= 2, (v) => `${(v / 2).toFixed(2)}x over`);
  add('native/js', g.nativeOverJs, '<= 3', (v) => v <= 3, (v) => `${(v / 3).toFixed(2)}x over`);
  add('interpreter MIPS', r.interpreterMips, '>= 50', (v) => v >= 50, (v) => `${(50 / v).toFixed(2)}x short`);
  return t;
}

export async function runBench(names: string[], opts: BenchOptions = {}): Promise<BenchReport> {
  const quick = opts.quick === true;
  const root = opts.root ?? ROOT;
  const { suite, guest: guestIsa } = await loadSuite(root);
  const known = new Set(suite.map((s) => s.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) throw new XlatError(`unknown benchmark${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  const chosen = names.length ? suite.filter((s) => names.includes(s.name)) : suite;
  const host = await loadHost(opts.host);
  if (!host.host) throw new XlatError(`${host.name} cannot be a host: its spec has no lowering rules`);
  const aot = opts.aot === false ? undefined : loadAot();
  const engines = ENGINES.filter((e) => e !== 'aot' || aot);
  const rounds = quick ? 1 : 3;

  const showBar = opts.progress ?? process.stderr.isTTY === true;
  const bar = showBar
    ? new cliProgress.SingleBar(
        { format: 'xlat bench [{bar}] {value}/{total} {task}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const total = chosen.length * (1 + rounds * engines.length) + 1;
  bar?.start(total, 0, { task: 'checking checksums' });

  try {
    const prepared: Array<{ p: Prepared; fixed: ReturnType<typeof verify> }> = [];
    for (const entry of chosen) {
      bar?.update({ task: `${entry.name}: checking checksums` });
      const size = quick ? entry.quick : entry.full;
      const { prepared: p, guest, native } = await prepare(root, entry, size, guestIsa, host, aot);
      prepared.push({ p, fixed: verify(p, guest, native, host) });
      bar?.increment();
    }

    const samples = prepared.map(() => new Map<Engine, number[]>());
    for (let round = 0; round < rounds; round++) {
      prepared.forEach(({ p, fixed }, i) => {
        // Rotate the order from round to round so that no variant always runs first.
        const order = engines.map((_, k) => engines[(k + round) % engines.length]);
        for (const e of order) {
          bar?.update({ task: `${p.entry.name}: ${e}${rounds > 1 ? ` (round ${round + 1} of ${rounds})` : ''}` });
          const got = timeSamples(`${p.entry.name} ${e}`, p.runners[e]!, `${fixed.checksum}\n`, quick);
          samples[i].set(e, [...(samples[i].get(e) ?? []), ...got]);
          bar?.increment();
        }
      });
    }

    bar?.update({ task: 'start-up time of xlat run' });
    const up = startup(quick, guestIsa);
    bar?.increment();

    const rows: BenchRow[] = prepared.map(({ p, fixed }, i) => {
      const seconds = {} as Record<Engine, number | null>;
      const counts = {} as Record<Engine, number>;
      for (const e of ENGINES) {
        const s = samples[i].get(e);
        seconds[e] = s && s.length ? median(s) : null;
        counts[e] = s?.length ?? 0;
      }
      const translateSeconds = p.dbtTranslate.length ? median(p.dbtTranslate) : 0;
      return {
        ...fixed,
        seconds,
        samples: counts,
        ratios: {
          interpOverDbt: ratio(seconds.interp, seconds.dbt),
          dbtOverNative: ratio(seconds.dbt, seconds.native),
          nativeOverJs: ratio(seconds.native, seconds.js),
          aotOverNative: ratio(seconds.aot, seconds.native),
        },
        interpMips: seconds.interp ? fixed.guestInstructions / seconds.interp / 1e6 : 0,
        translateSeconds,
        aotTranslateSeconds: p.aotTranslateSeconds,
        aotRuntimeBlocks: p.aotRuntimeBlocks,
        translateMicrosPerGuestInstruction: fixed.guestInstructionsTranslated ? (1e6 * translateSeconds) / fixed.guestInstructionsTranslated : 0,
      };
    });

    const tSeconds = rows.reduce((a, r) => a + r.translateSeconds, 0);
    const tInsns = rows.reduce((a, r) => a + r.guestInstructionsTranslated, 0);
    const geo = {
      interpOverDbt: geomean(rows.map((r) => r.ratios.interpOverDbt)),
      dbtOverNative: geomean(rows.map((r) => r.ratios.dbtOverNative)),
      nativeOverJs: geomean(rows.map((r) => r.ratios.nativeOverJs)),
      aotOverNative: geomean(rows.map((r) => r.ratios.aotOverNative)),
      interpMips: geomean(rows.map((r) => r.interpMips)) ?? 0,
      hostInstructionsPerGuestInstruction: geomean(rows.map((r) => r.hostInstructionsPerGuestInstruction)) ?? 0,
    };
    const report: BenchReport = {
      machine: machine(),
      date: new Date().toISOString(),
      quick,
      guest: guestIsa,
      host: host.name,
      benchmarks: rows,
      geomean: geo,
      interpreterMips: geo.interpMips,
      translation: { seconds: tSeconds, guestInstructions: tInsns, microsPerGuestInstruction: tInsns ? (1e6 * tSeconds) / tInsns : 0 },
      startup: up,
      targets: [],
    };
    report.targets = targets(report);
    return report;
  } finally {
    bar?.stop();
  }
}

// ---- output ----

function fmtSeconds(s: number | null): string {
  if (s === null) return '-';
  if (s >= 10) return `${s.toFixed(1)} s`;
  if (s >= 1) return `${s.toFixed(2)} s`;
  const ms = s * 1000;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

function fmtRatio(x: number | null): string {
  if (x === null) return '-';
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function fmtInt(n: number): string {
  return n.toLocaleString('en-US');
}

function fmtNum(x: number, digits: number): string {
  return x.toFixed(digits);
}

interface Table {
  head: string[];
  /** 'l' or 'r' per column */
  align: string;
  rows: string[][];
}

function render(t: Table, markdown: boolean): string {
  if (markdown) {
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    const rule = `|${[...t.align].map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`;
    return [line(t.head), rule, ...t.rows.map(line)].join('\n');
  }
  const widths = t.head.map((h, i) => Math.max(h.length, ...t.rows.map((r) => r[i].length)));
  const pad = (cells: string[]) =>
    cells.map((c, i) => (t.align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [pad(t.head), ...t.rows.map(pad)].join('\n');
}

export function formatReport(r: BenchReport, markdown = false): string {
  const g = r.geomean;
  const main: Table = {
    head: ['benchmark', 'guest insns', 'interp', 'dbt', 'aot', 'native', 'js', 'interp/dbt', 'dbt/native', 'native/js', 'host/guest insn', 'dispatches/1k', 'translate'],
    align: 'lrrrrrrrrrrrr',
    rows: r.benchmarks.map((b) => [
      b.name,
      fmtInt(b.guestInstructions),
      fmtSeconds(b.seconds.interp),
      fmtSeconds(b.seconds.dbt),
      fmtSeconds(b.seconds.aot),
      fmtSeconds(b.seconds.native),
      fmtSeconds(b.seconds.js),
      fmtRatio(b.ratios.interpOverDbt),
      fmtRatio(b.ratios.dbtOverNative),
      fmtRatio(b.ratios.nativeOverJs),
      fmtNum(b.hostInstructionsPerGuestInstruction, 2),
      fmtNum(b.dispatchesPer1000, 3),
      fmtSeconds(b.translateSeconds),
    ]),
  };
  main.rows.push([
    'geomean', '', '', '', '', '', '',
    fmtRatio(g.interpOverDbt), fmtRatio(g.dbtOverNative), fmtRatio(g.nativeOverJs),
    fmtNum(g.hostInstructionsPerGuestInstruction, 2), '', '',
  ]);
  if (markdown) main.rows[main.rows.length - 1] = main.rows[main.rows.length - 1].map((c) => (c ? `**${c}**` : c));

  const cost: Table = {
    head: ['benchmark', 'blocks', 'guest insns translated', 'translate', 'per guest insn', 'share of dbt time', 'aot translate', 'interp MIPS', 'native insns / guest insn'],
    align: 'lrrrrrrrr',
    rows: r.benchmarks.map((b) => [
      b.name,
      fmtInt(b.blocksTranslated),
      fmtInt(b.guestInstructionsTranslated),
      fmtSeconds(b.translateSeconds),
      `${b.translateMicrosPerGuestInstruction.toFixed(1)} µs`,
      b.seconds.dbt ? `${((100 * b.translateSeconds) / b.seconds.dbt).toFixed(1)}%` : '-',
      fmtSeconds(b.aotTranslateSeconds),
      b.interpMips.toFixed(1),
      fmtNum(b.nativeInstructions / Math.max(1, b.guestInstructions), 2),
    ]),
  };
  cost.rows.push([
    markdown ? '**all**' : 'all',
    fmtInt(r.benchmarks.reduce((a, b) => a + b.blocksTranslated, 0)),
    fmtInt(r.translation.guestInstructions),
    fmtSeconds(r.translation.seconds),
    `${r.translation.microsPerGuestInstruction.toFixed(1)} µs`,
    '',
    '',
    `${r.interpreterMips.toFixed(1)} (geomean)`,
    '',
  ]);

  const out: string[] = [];
  const m = r.machine;
  out.push(
    `xlat bench${r.quick ? ' --quick' : ''}: ${r.benchmarks.length} benchmark${r.benchmarks.length === 1 ? '' : 's'}, every variant printed the same checksum; ` +
      `times are medians (benchmark.js), guest ${r.guest} -> host ${r.host}`,
  );
  out.push(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node} (${m.platform}/${m.arch})`);
  out.push('');
  out.push(render(main, markdown));
  out.push('');
  out.push(render(cost, markdown));
  out.push('');
  const su = r.startup;
  out.push(
    `start-up: ${su.command}: ${fmtSeconds(su.dbtSeconds)} (dbt, the default), ${fmtSeconds(su.interpSeconds)} (--engine interp); median of ${su.runs} runs`,
  );
  if (g.aotOverNative !== null) {
    const runtime = r.benchmarks.reduce((a, b) => a + (b.aotRuntimeBlocks ?? 0), 0);
    out.push(
      `aot: translated ahead of time by xlat translate (not timed); geomean aot/native ${fmtRatio(g.aotOverNative)}, ` +
        `dbt/aot ${fmtRatio(geomean(r.benchmarks.map((b) => ratio(b.seconds.dbt, b.seconds.aot))))}; ` +
        `${runtime} block${runtime === 1 ? '' : 's'} left to the runtime over the suite`,
    );
  }
  out.push('');
  out.push('targets (geometric means over the suite):');
  for (const t of r.targets) {
    const v = t.value === null ? '-' : t.figure.includes('MIPS') ? t.value.toFixed(1) : fmtRatio(t.value);
    out.push(`  ${t.figure.padEnd(17)} ${v.padStart(7)}   target ${t.target.padEnd(6)} ${t.note}`);
  }
  return `${out.join('\n')}\n`;
}

/** The ratios as a grouped bar chart (vega-lite, rendered to SVG by vega). */
export async function chartSvg(r: BenchReport): Promise<string> {
  const vega = await import('vega');
  const vl = await import('vega-lite');
  const figures: Array<[keyof Ratios, string, number]> = [
    ['interpOverDbt', 'interp / dbt (target ≥ 10)', 10],
    ['dbtOverNative', 'dbt / native (target ≤ 2)', 2],
    ['nativeOverJs', 'native / js (target ≤ 3)', 3],
  ];
  if (r.geomean.aotOverNative !== null) figures.splice(2, 0, ['aotOverNative', 'aot / native', NaN]);
  const names = [...r.benchmarks.map((b) => b.name), 'geomean'];
  const values: Array<Record<string, string | number>> = [];
  for (const [key, label, target] of figures) {
    for (const b of r.benchmarks) {
      const v = b.ratios[key];
      if (v !== null) values.push({ benchmark: b.name, figure: label, value: v, ...(Number.isNaN(target) ? {} : { target }) });
    }
    const gv = r.geomean[key];
    if (gv !== null) values.push({ benchmark: 'geomean', figure: label, value: gv, ...(Number.isNaN(target) ? {} : { target }) });
  }
  const m = r.machine;
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `xlat bench${r.quick ? ' --quick' : ''}: time ratios (log scale; dashed line: target)`,
      subtitle: `${m.cpu}, ${m.cores} cores, Node ${m.node}`,
    },
    data: { values },
    facet: { column: { field: 'figure', type: 'nominal', sort: figures.map((f) => f[1]), title: null, header: { labelFontSize: 12 } } },
    spec: {
      width: 250,
      height: 220,
      layer: [
        {
          mark: { type: 'rule', color: '#aaa' },
          encoding: { y: { datum: 1, type: 'quantitative' } },
        },
        {
          mark: { type: 'bar' },
          encoding: {
            x: { field: 'benchmark', type: 'nominal', sort: names, title: null, axis: { labelAngle: -45 } },
            y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, stack: null, title: 'ratio of times' },
            color: {
              condition: { test: "datum.benchmark === 'geomean'", value: '#e45756' },
              value: '#4c78a8',
            },
          },
        },
        {
          mark: { type: 'text', dy: -5, fontSize: 8 },
          encoding: {
            x: { field: 'benchmark', type: 'nominal', sort: names },
            y: { field: 'value', type: 'quantitative', stack: null },
            text: { field: 'value', type: 'quantitative', format: '.3~r' },
          },
        },
        {
          mark: { type: 'rule', strokeDash: [5, 4], color: '#333' },
          encoding: { y: { field: 'target', type: 'quantitative', aggregate: 'max' } },
        },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: { font: 'sans-serif', view: { stroke: null } },
  };
  const compiled = vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function writeOut(file: string, text: string): void {
  const dir = dirname(resolve(file));
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
}

/** `xlat bench`: returns the text to print. */
export async function benchCommand(names: string[], opts: BenchOptions): Promise<string> {
  const report = await runBench(names, opts);
  if (opts.json) writeOut(opts.json, `${JSON.stringify(report, null, 2)}\n`);
  if (opts.svg) writeOut(opts.svg, await chartSvg(report));
  return formatReport(report, opts.markdown === true);
}
