// `xlat compare`: the main job in one command — run one program interpreted
// and translated (and, for a program of a host ISA, natively), check that
// every engine gives the same output and exit status, and show how long each
// took and what the translator did.

import { performance } from 'node:perf_hooks';
import { MemoryIo, createProcess } from '../os/index.js';
import { runNative } from '../host/index.js';
import { CODE_LIMIT } from '../dbt/index.js';
import { XlatError, loadHost } from '../spec/index.js';
import { loadProgram } from './program.js';
import { runDbt, runInterp } from './run.js';

interface EngineRun {
  engine: string;
  stdout: Uint8Array;
  status: string;
  steps: number;
  seconds: number;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export async function compareCommand(file: string, args: string[], opts: { host?: string; stdin?: Uint8Array }): Promise<string> {
  const prog = await loadProgram(file);
  const host = await loadHost(opts.host);
  if (!host.host) throw new XlatError(`${host.name} cannot be a host: its spec has no lowering rules`);
  const stdin = opts.stdin ?? new Uint8Array();
  const runs: EngineRun[] = [];
  let dbtStats: ReturnType<typeof runDbt>['stats'] | undefined;
  const engines = ['interp', 'dbt', ...(prog.isa.host ? ['native'] : [])];
  for (const engine of engines) {
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
    runs.push({ engine, stdout: io.stdout, status, steps, seconds });
  }
  const out: string[] = [];
  const first = runs[0];
  out.push(`program: ${file}${args.length ? ` ${args.join(' ')}` : ''} (${prog.isa.name}); host: ${host.name}`);
  out.push(`output: ${first.stdout.length} bytes, ${first.status}`);
  for (const r of runs.slice(1)) {
    if (!same(r.stdout, first.stdout) || r.status !== first.status) {
      throw new XlatError(`${r.engine} disagrees with interp: ${r.status}, ${r.stdout.length} bytes of output`);
    }
  }
  out.push(`every engine gave the same output and status`);
  out.push('');
  out.push('engine   guest instructions   time        MIPS    vs interp');
  for (const r of runs) {
    const steps = r.engine === 'native' ? first.steps : r.steps;
    const mips = r.seconds > 0 ? steps / r.seconds / 1e6 : 0;
    out.push(
      `${r.engine.padEnd(8)} ${String(steps).padStart(18)}   ${(r.seconds * 1000).toFixed(1).padStart(8)} ms ${mips.toFixed(1).padStart(7)}   ${(first.seconds / r.seconds).toFixed(2)}x`,
    );
  }
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
