// `xlat bench` (and `npm run bench`): the benchmark suite of bench/suite.mjs.
// Each benchmark is one algorithm written at least three times — for the
// suite's guest ISA (the guest app), for the host ISA (the native app) and in
// plain JavaScript (the physical limit) — and run five ways:
//
//   interp  the guest app on the interpreter
//   dbt     the guest app translated onto the host (translation included)
//   aot     the guest app translated ahead of time (xlat translate)
//   native  the native app on the host machine
//   js      the JavaScript version
//
// The suite may name more guest ISAs, each with the benchmarks written for
// it (`moreGuests`): their apps run under interp, dbt and aot as well, and
// are reported against the same native and js runs, in a table per ISA. No
// ISA is named here: they all come from the suite and the host option.
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
import { XlatError, loadHost, type IsaModel } from '../spec/index.js';
import { chartSvg, formatReport, geomean, ratio } from './bench-report.js';
import { loadProgram, type Program } from './program.js';
import { runDbt, runInterp } from './run.js';

export { chartSvg, formatReport } from './bench-report.js';

/** The package root: dist/cli/bench.js -> ../.. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const ENGINES = ['interp', 'dbt', 'aot', 'native', 'js'] as const;
export type Engine = (typeof ENGINES)[number];
/** The engines that run a guest app. */
export const GUEST_ENGINES = ['interp', 'dbt', 'aot'] as const;
export type GuestEngine = (typeof GUEST_ENGINES)[number];

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
  /** Instructions the native app executes. */
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

/** The figures of one guest app that need no other variant. */
type GuestFigures = Pick<
  BenchRow,
  | 'guestInstructions'
  | 'interpMips'
  | 'hostInstructionsPerGuestInstruction'
  | 'dispatchesPer1000'
  | 'indirectLookups'
  | 'indirectMisses'
  | 'translateSeconds'
  | 'blocksTranslated'
  | 'guestInstructionsTranslated'
  | 'translateMicrosPerGuestInstruction'
  | 'aotTranslateSeconds'
  | 'aotRuntimeBlocks'
>;

export type GuestRatios = Pick<Ratios, 'interpOverDbt' | 'dbtOverNative' | 'aotOverNative'>;

/** A benchmark's app for one of the more guest ISAs, set against the same native run. */
export interface GuestRow extends GuestFigures {
  name: string;
  size: number;
  checksum: string;
  /** Its guest instructions per guest instruction of the suite's guest app (same N). */
  instructionsPerSuiteGuestInstruction: number;
  /** Median seconds per run; null for an engine that did not run (aot with { aot: false }). */
  seconds: Record<GuestEngine, number | null>;
  samples: Record<GuestEngine, number>;
  ratios: GuestRatios;
  /** Its dbt time over that of the suite's guest app. */
  dbtOverSuiteGuestDbt: number | null;
}

/** One of the more guest ISAs: its apps, and geometric means over them. */
export interface GuestReport {
  guest: string;
  benchmarks: GuestRow[];
  geomean: GuestRatios & {
    interpMips: number;
    hostInstructionsPerGuestInstruction: number;
    instructionsPerSuiteGuestInstruction: number;
    dbtOverSuiteGuestDbt: number | null;
  };
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
  /** The more guest ISAs that have any of the benchmarks run, in the suite's order. */
  moreGuests: GuestReport[];
  interpreterMips: number;
  translation: { seconds: number; guestInstructions: number; microsPerGuestInstruction: number };
  startup: { command: string; runs: number; dbtSeconds: number; interpSeconds: number };
  targets: Array<{ figure: string; value: number | null; target: string; met: boolean | null; note: string }>;
}

/** A prepared variant: runs once in a fresh process, returns what it printed. */
type Runner = () => string;

/** A benchmark's app for one guest ISA, ready to run under the guest engines. */
interface GuestApp {
  isa: string;
  program: Program;
  argv: string[];
  /** Before the engine in the name of a variant: '' for the suite's guest, 'ISA ' for a more guest. */
  labelPrefix: string;
  runners: Partial<Record<GuestEngine, Runner>>;
  /** Translation time of each timed dbt run. */
  dbtTranslate: number[];
  /** aot: the time `xlat translate` took, and the blocks the runtime still had to translate. */
  aotTranslateSeconds: number | null;
  aotRuntimeBlocks: number | null;
}

interface Prepared {
  entry: SuiteEntry;
  size: number;
  /** The app of the suite's guest ISA. */
  guest: GuestApp;
  /** The apps of the more guest ISAs that have this benchmark, in the suite's order. */
  moreGuests: GuestApp[];
  native: Program;
  nativeArgv: string[];
  nativeRun: Runner;
  jsRun: Runner;
}

/** A variant as the checksum check and the timing see it: its name in messages, and a run. */
interface Variant {
  label: string;
  run: Runner;
}

/** What the counted runs of a guest app found. */
interface Counts {
  steps: number;
  hostInsns: number;
  dispatches: number;
  indirectLookups: number;
  indirectMisses: number;
  blocksTranslated: number;
  guestInstructionsTranslated: number;
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

interface Suite {
  suite: SuiteEntry[];
  /** The guest ISA whose apps of all the benchmarks are run (samples/bench/<guest>/). */
  guest: string;
  /** More guest ISAs, each with the names of the benchmarks it has apps for. */
  moreGuests: Array<{ isa: string; names: Set<string> }>;
}

async function loadSuite(root: string): Promise<Suite> {
  const file = join(root, 'bench', 'suite.mjs');
  if (!existsSync(file)) throw new XlatError(`${file}: no such file (the benchmark suite)`);
  const mod = (await import(pathToFileURL(file).href)) as { suite: SuiteEntry[]; guest?: string; moreGuests?: Record<string, unknown> };
  if (typeof mod.guest !== 'string') throw new XlatError(`${file}: exports no guest ISA name`);
  return { suite: mod.suite, guest: mod.guest, moreGuests: checkMoreGuests(file, mod.suite, mod.guest, mod.moreGuests ?? {}) };
}

/** moreGuests maps other ISAs than the guest to lists of the suite's benchmarks; a slip there is an error, not a silently smaller run. */
function checkMoreGuests(file: string, suite: SuiteEntry[], guest: string, more: Record<string, unknown>): Suite['moreGuests'] {
  const known = new Set(suite.map((s) => s.name));
  return Object.entries(more).map(([isa, names]) => {
    if (isa === guest) throw new XlatError(`${file}: moreGuests names ${isa}, the suite's guest`);
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
      throw new XlatError(`${file}: moreGuests.${isa} is not a list of benchmark names`);
    }
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length) throw new XlatError(`${file}: moreGuests.${isa} names unknown benchmark${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
    return { isa, names: new Set<string>(names) };
  });
}

/**
 * The aot engine (src/aot, `xlat translate`): the guest executable is
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

function appArgv(root: string, path: string, size: number): string[] {
  return [relative(root, path), String(size)];
}

/** samples/bench/<isa>/NAME.s, which must be written for isa (`what` says which role isa has). */
async function loadApp(root: string, isa: string, name: string, what: string): Promise<{ path: string; program: Program }> {
  const path = join(root, 'samples', 'bench', isa, `${name}.s`);
  if (!existsSync(path)) throw new XlatError(`bench ${name}: ${relative(process.cwd(), path)}: no such file`);
  const program = await loadProgram(path);
  if (program.isa.name !== isa) throw new XlatError(`${path}: written for ${program.isa.name}, not ${what}`);
  return { path, program };
}

/** A guest app with its runners: interp, dbt and, given an aot adapter, aot. */
async function prepareGuest(
  root: string,
  entry: SuiteEntry,
  size: number,
  isa: string,
  labelPrefix: string,
  host: IsaModel,
  aot: AotAdapter | undefined,
): Promise<GuestApp> {
  const name = entry.name;
  const { path, program } = await loadApp(root, isa, name, `the guest ${isa}`);
  const argv = appArgv(root, path, size);
  const g: GuestApp = { isa, program, argv, labelPrefix, runners: {}, dbtTranslate: [], aotTranslateSeconds: null, aotRuntimeBlocks: null };
  g.runners.interp = () => {
    const io = new MemoryIo();
    const proc = createProcess(program.image, program.isa, argv, { io });
    return finished(`${labelPrefix}interp`, name, proc, io, runInterp(proc, {}).stop);
  };
  g.runners.dbt = () => {
    const io = new MemoryIo();
    const proc = createProcess(program.image, program.isa, argv, { io, memorySize: CODE_LIMIT });
    const res = runDbt(proc, host, {});
    g.dbtTranslate.push(res.stats.translateSeconds);
    return finished(`${labelPrefix}dbt`, name, proc, io, res.stop);
  };
  if (aot) {
    const { seconds, start } = await aot.prepare(program, host, path);
    g.aotTranslateSeconds = seconds;
    g.runners.aot = () => {
      const io = new MemoryIo();
      const { stop, proc, runtimeBlocks } = start(argv, io);
      g.aotRuntimeBlocks = runtimeBlocks;
      return finished(`${labelPrefix}aot`, name, proc, io, stop);
    };
  }
  return g;
}

/** Every app of a benchmark, ready to run: the suite's guest's, the more guests' that have it, the native one, the JavaScript. */
async function prepare(root: string, entry: SuiteEntry, size: number, suite: Suite, host: IsaModel, aot: AotAdapter | undefined): Promise<Prepared> {
  const jsPath = join(root, 'bench', 'js', `${entry.name}.mjs`);
  if (!existsSync(jsPath)) throw new XlatError(`bench ${entry.name}: ${relative(process.cwd(), jsPath)}: no such file`);
  const guest = await prepareGuest(root, entry, size, suite.guest, '', host, aot);
  const moreGuests: GuestApp[] = [];
  for (const m of suite.moreGuests) {
    if (m.names.has(entry.name)) moreGuests.push(await prepareGuest(root, entry, size, m.isa, `${m.isa} `, host, aot));
  }
  const { path: nativePath, program: native } = await loadApp(root, host.name, entry.name, `the host ${host.name}`);
  const nativeArgv = appArgv(root, nativePath, size);
  const js = ((await import(pathToFileURL(jsPath).href)) as { default: (n: number) => string }).default;
  const nativeRun = () => {
    const io = new MemoryIo();
    const proc = createProcess(native.image, native.isa, nativeArgv, { io });
    return finished('native', entry.name, proc, io, runNative(proc, {}).stop);
  };
  return { entry, size, guest, moreGuests, native, nativeArgv, nativeRun, jsRun: () => `${js(size)}\n` };
}

/** The variants of a guest app, one per engine it runs under. */
function guestVariants(g: GuestApp): Variant[] {
  return GUEST_ENGINES.flatMap((e) => {
    const run = g.runners[e];
    return run ? [{ label: `${g.labelPrefix}${e}`, run }] : [];
  });
}

/** Every variant of a benchmark, the suite's guest app first, the more guests' apps last. */
function variants(p: Prepared): Variant[] {
  return [...guestVariants(p.guest), { label: 'native', run: p.nativeRun }, { label: 'js', run: p.jsRun }, ...p.moreGuests.flatMap(guestVariants)];
}

/** Runs every variant once; all must print what the JavaScript version prints. Returns that checksum. */
function checkChecksums(p: Prepared, all: Variant[]): string {
  const outputs = all.map((v) => ({ label: v.label, out: v.run() }));
  // The checking runs are not timed runs: their translation times do not count.
  for (const g of [p.guest, ...p.moreGuests]) g.dbtTranslate.length = 0;
  const reference = outputs.find((o) => o.label === 'js')!.out;
  if (outputs.some((o) => o.out !== reference)) {
    const show = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
    const width = Math.max(6, ...outputs.map((o) => o.label.length));
    const lines = outputs.map((o) => `  ${o.label.padEnd(width)} ${show(o.out)}`);
    throw new XlatError(`bench ${p.entry.name} ${p.size}: the variants disagree on the checksum:\n${lines.join('\n')}`);
  }
  if (!/^[0-9a-f]+\n$/.test(reference)) throw new XlatError(`bench ${p.entry.name}: expected a checksum and a newline, got ${JSON.stringify(reference)}`);
  return reference.trimEnd();
}

/** Counted runs of a guest app: the interpreter counts guest instructions, a dbt run with counting on host instructions and dispatches. */
function countGuest(g: GuestApp, host: IsaModel, name: string): Counts {
  const { image, isa } = g.program;
  let io = new MemoryIo();
  let proc = createProcess(image, isa, g.argv, { io });
  const steps = runInterp(proc, {}).steps;
  io = new MemoryIo();
  proc = createProcess(image, isa, g.argv, { io, memorySize: CODE_LIMIT });
  let translated = 0;
  const counted = runDbt(proc, host, { countHost: true, onTranslate: (t) => (translated += t.ir.insns) });
  finished(`${g.labelPrefix}dbt (counted)`, name, proc, io, counted.stop);
  if (counted.steps !== steps) {
    throw new XlatError(`bench ${name}: ${g.labelPrefix}dbt executed ${counted.steps} guest instructions, the interpreter ${steps}`);
  }
  const s = counted.stats;
  return {
    steps,
    hostInsns: s.hostInsns,
    dispatches: s.dispatches,
    indirectLookups: s.indirectLookups,
    indirectMisses: s.indirectMisses,
    blocksTranslated: s.blocksTranslated,
    guestInstructionsTranslated: translated,
  };
}

/** What the checking and counted runs found; nothing here is timed. */
interface Verified {
  checksum: string;
  guest: Counts;
  /** One per p.moreGuests. */
  moreGuests: Counts[];
  nativeInstructions: number;
}

function verify(p: Prepared, all: Variant[], host: IsaModel): Verified {
  const name = p.entry.name;
  const checksum = checkChecksums(p, all);
  const guest = countGuest(p.guest, host, name);
  const moreGuests = p.moreGuests.map((g) => countGuest(g, host, name));
  const io = new MemoryIo();
  const proc = createProcess(p.native.image, p.native.isa, p.nativeArgv, { io });
  const nat = runNative(proc, { count: true });
  finished('native (counted)', name, proc, io, nat.stop);
  return { checksum, guest, moreGuests, nativeInstructions: nat.steps };
}

/** The figures of a guest app from its counted runs and its times. */
function guestFigures(g: GuestApp, c: Counts, seconds: Record<GuestEngine, number | null>): GuestFigures {
  const translateSeconds = g.dbtTranslate.length ? median(g.dbtTranslate) : 0;
  return {
    guestInstructions: c.steps,
    interpMips: seconds.interp ? c.steps / seconds.interp / 1e6 : 0,
    hostInstructionsPerGuestInstruction: c.hostInsns / Math.max(1, c.steps),
    dispatchesPer1000: (1000 * c.dispatches) / Math.max(1, c.steps),
    indirectLookups: c.indirectLookups,
    indirectMisses: c.indirectMisses,
    translateSeconds,
    blocksTranslated: c.blocksTranslated,
    guestInstructionsTranslated: c.guestInstructionsTranslated,
    translateMicrosPerGuestInstruction: c.guestInstructionsTranslated ? (1e6 * translateSeconds) / c.guestInstructionsTranslated : 0,
    aotTranslateSeconds: g.aotTranslateSeconds,
    aotRuntimeBlocks: g.aotRuntimeBlocks,
  };
}

/** The median of a variant's timed samples (null if it was not timed) and how many there were. */
function timing(samples: Map<string, number[]>, label: string): { seconds: number | null; count: number } {
  const s = samples.get(label);
  return { seconds: s && s.length ? median(s) : null, count: s?.length ?? 0 };
}

function benchRow(p: Prepared, v: Verified, samples: Map<string, number[]>): BenchRow {
  const seconds = {} as Record<Engine, number | null>;
  const counts = {} as Record<Engine, number>;
  for (const e of ENGINES) ({ seconds: seconds[e], count: counts[e] } = timing(samples, e));
  return {
    name: p.entry.name,
    what: p.entry.what,
    size: p.size,
    checksum: v.checksum,
    nativeInstructions: v.nativeInstructions,
    ...guestFigures(p.guest, v.guest, seconds),
    seconds,
    samples: counts,
    ratios: {
      interpOverDbt: ratio(seconds.interp, seconds.dbt),
      dbtOverNative: ratio(seconds.dbt, seconds.native),
      nativeOverJs: ratio(seconds.native, seconds.js),
      aotOverNative: ratio(seconds.aot, seconds.native),
    },
  };
}

/** A more guest's app, set against the native run and the suite's guest app of the same benchmark (row). */
function guestRow(g: GuestApp, c: Counts, row: BenchRow, samples: Map<string, number[]>): GuestRow {
  const seconds = {} as Record<GuestEngine, number | null>;
  const counts = {} as Record<GuestEngine, number>;
  for (const e of GUEST_ENGINES) ({ seconds: seconds[e], count: counts[e] } = timing(samples, `${g.labelPrefix}${e}`));
  return {
    name: row.name,
    size: row.size,
    checksum: row.checksum,
    ...guestFigures(g, c, seconds),
    instructionsPerSuiteGuestInstruction: c.steps / Math.max(1, row.guestInstructions),
    seconds,
    samples: counts,
    ratios: {
      interpOverDbt: ratio(seconds.interp, seconds.dbt),
      dbtOverNative: ratio(seconds.dbt, row.seconds.native),
      aotOverNative: ratio(seconds.aot, row.seconds.native),
    },
    dbtOverSuiteGuestDbt: ratio(seconds.dbt, row.seconds.dbt),
  };
}

/** One report per more guest ISA that had any of the benchmarks run. */
function guestReports(suite: Suite, runs: Array<{ p: Prepared; v: Verified; row: BenchRow; samples: Map<string, number[]> }>): GuestReport[] {
  return suite.moreGuests.flatMap(({ isa }) => {
    const rows = runs.flatMap(({ p, v, row, samples }) => {
      const k = p.moreGuests.findIndex((g) => g.isa === isa);
      return k < 0 ? [] : [guestRow(p.moreGuests[k], v.moreGuests[k], row, samples)];
    });
    if (rows.length === 0) return [];
    const geo = (f: (r: GuestRow) => number | null) => geomean(rows.map(f));
    return [
      {
        guest: isa,
        benchmarks: rows,
        geomean: {
          interpOverDbt: geo((r) => r.ratios.interpOverDbt),
          dbtOverNative: geo((r) => r.ratios.dbtOverNative),
          aotOverNative: geo((r) => r.ratios.aotOverNative),
          interpMips: geo((r) => r.interpMips) ?? 0,
          hostInstructionsPerGuestInstruction: geo((r) => r.hostInstructionsPerGuestInstruction) ?? 0,
          instructionsPerSuiteGuestInstruction: geo((r) => r.instructionsPerSuiteGuestInstruction) ?? 0,
          dbtOverSuiteGuestDbt: geo((r) => r.dbtOverSuiteGuestDbt),
        },
      },
    ];
  });
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
  const suite = await loadSuite(root);
  const chosen = choose(suite.suite, names);
  const host = await loadHost(opts.host);
  if (!host.host) throw new XlatError(`${host.name} cannot be a host: its spec has no lowering rules`);
  const aot = opts.aot === false ? undefined : loadAot();
  const rounds = quick ? 1 : 3;

  const showBar = opts.progress ?? process.stderr.isTTY === true;
  const bar = showBar
    ? new cliProgress.SingleBar(
        { format: 'xlat bench [{bar}] {value}/{total} {task}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  // The total is an estimate until every benchmark is prepared (which guests have it is known then).
  const perBenchmark = 1 + rounds * (ENGINES.length + GUEST_ENGINES.length * suite.moreGuests.length);
  bar?.start(chosen.length * perBenchmark + 1, 0, { task: 'checking checksums' });

  try {
    const runs: Array<{ p: Prepared; all: Variant[]; v: Verified; samples: Map<string, number[]> }> = [];
    for (const entry of chosen) {
      bar?.update({ task: `${entry.name}: checking checksums` });
      const p = await prepare(root, entry, quick ? entry.quick : entry.full, suite, host, aot);
      const all = variants(p);
      runs.push({ p, all, v: verify(p, all, host), samples: new Map() });
      bar?.increment();
    }
    bar?.setTotal(runs.reduce((a, r) => a + 1 + rounds * r.all.length, 0) + 1);

    for (let round = 0; round < rounds; round++) {
      for (const { p, all, v, samples } of runs) {
        // Rotate the order from round to round so that no variant always runs first.
        const order = all.map((_, k) => all[(k + round) % all.length]);
        for (const x of order) {
          bar?.update({ task: `${p.entry.name}: ${x.label}${rounds > 1 ? ` (round ${round + 1} of ${rounds})` : ''}` });
          const got = timeSamples(`${p.entry.name} ${x.label}`, x.run, `${v.checksum}\n`, quick);
          samples.set(x.label, [...(samples.get(x.label) ?? []), ...got]);
          bar?.increment();
        }
      }
    }

    bar?.update({ task: 'start-up time of xlat run' });
    const up = startup(quick, suite.guest);
    bar?.increment();

    const withRows = runs.map((r) => ({ ...r, row: benchRow(r.p, r.v, r.samples) }));
    const rows = withRows.map((r) => r.row);
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
      guest: suite.guest,
      host: host.name,
      benchmarks: rows,
      geomean: geo,
      moreGuests: guestReports(suite, withRows),
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

/** The benchmarks named (all of them when none is), in the suite's order. */
function choose(suite: SuiteEntry[], names: string[]): SuiteEntry[] {
  const known = new Set(suite.map((s) => s.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) throw new XlatError(`unknown benchmark${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  return names.length ? suite.filter((s) => names.includes(s.name)) : suite;
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
