// `xlat compare`: the main job in one command — run one program interpreted
// and translated (and, for a program of a host ISA, natively), check that
// every engine gives the same output and exit status, and show how long each
// took and what the translator did. Each engine runs --runs times, in turns:
// the first run is a cold start (V8 has compiled neither the interpreter's
// handlers nor the translator yet), the median what the engines do once warm
// — as `xlat bench` measures; every run translates afresh.

import { performance } from 'node:perf_hooks';
import { MemoryIo, createProcess } from '../os/index.js';
import { runNative } from '../host/index.js';
import { CODE_LIMIT, checkTranslatorArea } from '../dbt/index.js';
import { XlatError, loadHost } from '../spec/index.js';
import { loadProgram } from './program.js';
import { runDbt, runInterp } from './run.js';

interface EngineRun {
  engine: string;
  stdout: Uint8Array;
  status: string;
  steps: number;
  /** Every run's time, in order. */
  seconds: number[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export async function compareCommand(file: string, args: string[], opts: { host?: string; stdin?: Uint8Array; runs?: number }): Promise<string> {
  const rounds = opts.runs ?? 5;
  if (!Number.isSafeInteger(rounds) || rounds < 1) throw new XlatError(`--runs ${rounds}: give at least 1`);
  const prog = await loadProgram(file);
  const host = await loadHost(opts.host);
  if (!host.host) throw new XlatError(`${host.name} cannot be a host: its spec has no lowering rules`);
  const stdin = opts.stdin ?? new Uint8Array();
  const runs = new Map<string, EngineRun>();
  let dbtStats: ReturnType<typeof runDbt>['stats'] | undefined;
  const engines = ['interp', 'dbt', ...(prog.isa.host ? ['native'] : [])];
  checkTranslatorArea(prog.image.segments, file);
  for (let round = 0; round < rounds; round++) for (const engine of engines) {
    const io = new MemoryIo(stdin);
    const proc = createProcess(prog.image, prog.isa, [file, ...args], { io, ...(engine === 'dbt' ? { memorySize: CODE_LIMIT } : {}) });
    const t0 = performance.now();
    let stop;
    let steps: number;
    if (engine === 'interp') ({ stop, steps } = runInterp(proc, {}));
    else if (engine === 'dbt') {
      const r = runDbt(proc, host, {});
      ({ stop, steps } = r);
      dbtStats = r.stats;
    } else ({ stop, steps } = runNative(proc, { count: false }));
    const seconds = (performance.now() - t0) / 1000;
    const status = stop.kind === 'exit' ? `exit ${proc.exitStatus}` : stop.kind === 'fault' ? stop.fault.line() : 'max-steps';
    const run = runs.get(engine);
    if (!run) runs.set(engine, { engine, stdout: io.stdout, status, steps, seconds: [seconds] });
    else {
      // Every run of an engine must do the same.
      if (!same(run.stdout, io.stdout) || run.status !== status || run.steps !== steps) {
        throw new XlatError(`${engine} run ${round + 1} disagrees with its first: ${status}, ${io.stdout.length} bytes of output, ${steps} instructions`);
      }
      run.seconds.push(seconds);
    }
  }
  const out: string[] = [];
  const all = [...runs.values()];
  const first = all[0];
  out.push(`program: ${file}${args.length ? ` ${args.join(' ')}` : ''} (${prog.isa.name}); host: ${host.name}`);
  out.push(`output: ${first.stdout.length} bytes, ${first.status}`);
  for (const r of all.slice(1)) {
    if (!same(r.stdout, first.stdout) || r.status !== first.status) {
      throw new XlatError(`${r.engine} disagrees with interp: ${r.status}, ${r.stdout.length} bytes of output`);
    }
  }
  out.push(`every engine gave the same output and status`);
  out.push('');
  const many = rounds > 1;
  const ms = (sec: number) => `${(sec * 1000).toFixed(1)} ms`;
  const head = ['engine', 'guest instructions', ...(many ? ['first run', `median of ${rounds}`] : ['time']), 'MIPS', 'vs interp'];
  const base = median(first.seconds);
  const rows = all.map((r) => {
    const steps = r.engine === 'native' ? first.steps : r.steps;
    const t = median(r.seconds);
    return [r.engine, String(steps), ...(many ? [ms(r.seconds[0])] : []), ms(t), (t > 0 ? steps / t / 1e6 : 0).toFixed(1), `${(base / t).toFixed(2)}x`];
  });
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  // The engine name left-aligned, the figures right-aligned.
  const line = (cells: string[]) => cells.map((x, c) => (c === 0 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join('   ').trimEnd();
  out.push(line(head));
  for (const row of rows) out.push(line(row));
  if (dbtStats) {
    const s = dbtStats;
    out.push('');
    out.push(`translator: ${s.blocksTranslated} blocks translated in ${(s.translateSeconds * 1000).toFixed(1)} ms; ` +
      `block cache ${s.cacheHits} hits, ${s.cacheMisses} misses; ${s.chainLinks} chain links; ` +
      `${s.dispatches} dispatcher entries (${((1000 * s.dispatches) / Math.max(1, s.guestInsns)).toFixed(3)} per 1000 guest instructions); ` +
      `${s.indirectMisses} indirect-branch table misses`);
  }
  return out.join('\n') + '\n';
}
